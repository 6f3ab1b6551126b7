// Writes a CAR with @ipld/car: a raw "hello" block and a DAG-CBOR {name: "hello", link: <raw>} root.
import { CarWriter } from '@ipld/car';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import fs from 'node:fs';

const rawBytes = new TextEncoder().encode('hello');
const rawCid = CID.create(1, 0x55, await sha256.digest(rawBytes));
const node = dagCbor.encode({ name: 'hello', link: rawCid });
const nodeCid = CID.create(1, dagCbor.code, await sha256.digest(node));
const { writer, out } = CarWriter.create([nodeCid]);
const chunks = [];
const collected = (async () => { for await (const chunk of out) chunks.push(chunk); })();
await writer.put({ cid: rawCid, bytes: rawBytes });
await writer.put({ cid: nodeCid, bytes: node });
await writer.close();
await collected;
fs.writeFileSync(process.argv[1], Buffer.concat(chunks));
