// Runs the benchmark modules on Node's V8 with the same protocol as the .NET runner:
// init() once, 3 warm-up runs, then 5 rounds of 10 timed run() calls; the fastest round's median is reported
// (on a shared machine the minimum over rounds is the least disturbed figure). Times are process CPU time
// (user + system), so time spent descheduled by other work on the machine does not count; wall time is
// printed beside it.
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
  let bestWall = Infinity;
  for (let round = 0; round < 5; round++) {
    const times = [];
    const walls = [];
    for (let i = 0; i < 10; i++) {
      const wall = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      result = run();
      const used = process.cpuUsage(cpu);
      walls.push(Number(process.hrtime.bigint() - wall) / 1e6);
      times.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    walls.sort((a, b) => a - b);
    best = Math.min(best, times[5]);
    bestWall = Math.min(bestWall, walls[5]);
  }
  console.log(`${name.padEnd(10)} ${best.toFixed(2).padStart(9)} ms cpu ${bestWall.toFixed(2).padStart(9)} ms wall  result ${result}`);
}
