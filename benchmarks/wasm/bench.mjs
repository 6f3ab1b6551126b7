// Runs the benchmark modules on Node's V8 with the same protocol as the .NET runner:
// init() once, 3 warm-up runs, then 5 rounds of 10 timed run() calls; the fastest round's median is reported
// (on a shared machine the minimum over rounds is the least disturbed figure).
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
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const times = [];
    for (let i = 0; i < 10; i++) {
      const start = process.hrtime.bigint();
      result = run();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    best = Math.min(best, times[5]);
  }
  console.log(`${name.padEnd(10)} ${best.toFixed(2).padStart(9)} ms  result ${result}`);
}
