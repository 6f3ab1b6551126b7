// Reads a CAR with @ipld/car and prints its roots and blocks as JSON; sha2-256 blocks are re-hashed.
import { CarReader } from '@ipld/car';
import { sha256 } from 'multiformats/hashes/sha2';
import fs from 'node:fs';

const reader = await CarReader.fromBytes(fs.readFileSync(process.argv[1]));
const roots = (await reader.getRoots()).map(String);
const blocks = [];
for await (const { cid, bytes } of reader.blocks()) {
  let verified = null;
  if (cid.multihash.code === sha256.code) {
    const digest = await sha256.digest(bytes);
    verified = Buffer.compare(Buffer.from(digest.digest), Buffer.from(cid.multihash.digest)) === 0;
  }
  blocks.push({ cid: cid.toString(), size: bytes.length, verified });
}
console.log(JSON.stringify({ roots, blocks }));
