import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { containment } from '../../src/external/sandbox';
import { liveProcesses, stillThere } from '../helpers/processes';
import { gcc } from '../helpers/lab-programs';
import { python } from '../helpers/python';
import { classConfig, writeClass } from '../helpers/class-fixture';

/**
 * A whole class in one command, end to end through the CLI: 32 generated submissions with
 * IPCBENCH_BENCH=full (6 in quick mode, as part of `npm test`), --jobs 2. Every student gets
 * results.json and JUnit, the summary is written, the rogues end within their limits, and afterwards
 * no process of any submission is left. The wall time goes to reports/grade-class.json with the load.
 */
const full = process.env.IPCBENCH_BENCH === 'full';
const STUDENTS = full ? 32 : 6;
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const REPORT = path.join(__dirname, '..', '..', 'reports', 'grade-class.json');
const ready = python.ok && gcc.ok && containment().kind === 'namespace';

jest.setTimeout(full ? 600_000 : 120_000);

(ready ? it : it.skip)(`ipcbench grade: a class of ${STUDENTS} in one command, --jobs 2, summary written, process table clean`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-class-bench-'));
  try {
    const students = writeClass(path.join(dir, 'subs'), STUDENTS);
    fs.writeFileSync(path.join(dir, 'grading.json'), JSON.stringify(classConfig()));
    const out = path.join(dir, 'out');
    const loadBefore = os.loadavg();
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [CLI, 'grade', path.join(dir, 'subs'), '--config', path.join(dir, 'grading.json'), '--out', out, '--jobs', '2'], { encoding: 'utf8', timeout: 600_000 });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const student of Object.keys(students)) {
      expect(JSON.parse(fs.readFileSync(path.join(out, student, 'results.json'), 'utf8')).tests.length).toBe(6);
      expect(fs.existsSync(path.join(out, student, 'junit.xml'))).toBe(true);
    }
    for (const file of ['summary.csv', 'summary.md', 'summary.html']) expect(fs.statSync(path.join(out, file)).size).toBeGreaterThan(100);
    const score = (student: string): number => JSON.parse(fs.readFileSync(path.join(out, student, 'results.json'), 'utf8')).score;
    expect(score('rogue-daemon')).toBe(8);
    expect(score('rogue-forkbomb')).toBe(8);
    if (students['rogue-hog']) expect(score('rogue-hog')).toBe(0);
    if (students['rogue-linger']) expect(score('rogue-linger')).toBe(6);
    expect(await stillThere(() => liveProcesses().filter((p) => p.command.includes('ipcbench-run-') || p.command.includes(dir)), 2000)).toEqual([]);
    fs.mkdirSync(path.dirname(REPORT), { recursive: true });
    fs.writeFileSync(REPORT, `${JSON.stringify({ students: STUDENTS, jobs: 2, wallSeconds, loadBefore, loadAfter: os.loadavg(), cpus: os.availableParallelism() }, null, 2)}\n`);
    console.log(`grade: ${STUDENTS} students, --jobs 2, ${wallSeconds.toFixed(1)} s wall (load ${loadBefore.map((l) => l.toFixed(1)).join(' ')})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
