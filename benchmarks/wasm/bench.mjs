// Runs the benchmark modules on Node's V8 with the same protocol as the .NET runner:
// init() once, 3 warm-up runs, then the median of 10 timed run() calls.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = ['fib', 'checksum', 'sha256', 'matmul', 'blur'];
for (const name of names) {
  const { instance } = await WebAssembly.instantiate(readFileSync(join(here, 'modules', `${name}.wasm`)));
  const { init, run } = instance.exports;
  if (init) init();
  let result;
  for (let i = 0; i < 3; i++) result = run();
  const times = [];
  for (let i = 0; i < 10; i++) {
    const start = process.hrtime.bigint();
    result = run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(10)} ${times[5].toFixed(2).padStart(9)} ms  result ${result}`);
}
