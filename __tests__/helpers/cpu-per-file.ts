import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where the suite's time goes, per spec file: with IPCBENCH_TEST_CPU=<file> set, each spec file appends
 * one JSON line — the CPU seconds of its Jest worker (`self`, from before the file loads its modules)
 * and of every process it started and reaped (`children`: peers, CLIs, npm, chromium), and its wall
 * seconds. On 2 cores the sum of `self + children` over all files, halved, is the floor of the wall
 * time however the files are scheduled. Off (and free) unless the variable is set; Linux only.
 */
const target = process.env.IPCBENCH_TEST_CPU;

function cpuTicks(): { self: number; children: number } {
  // /proc/self/stat after the command name: utime stime cutime cstime are fields 14–17, in clock ticks (1/100 s).
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return { self: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) };
}

if (target && fs.existsSync('/proc/self/stat')) {
  const start = cpuTicks();
  const started = Date.now();
  afterAll(() => {
    const end = cpuTicks();
    const file = path.relative(path.join(__dirname, '..'), expect.getState().testPath ?? '?');
    const line = { file, self: (end.self - start.self) / 100, children: (end.children - start.children) / 100, wall: (Date.now() - started) / 1000 };
    fs.appendFileSync(target, `${JSON.stringify(line)}\n`);
  });
}
