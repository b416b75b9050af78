import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { grade } from '../../src/commands/grade';
import { containment } from '../../src/external/sandbox';
import { liveExternalCount } from '../../src/external/process';
import { liveProcesses, lingeringChildren, stillThere } from '../helpers/processes';
import { describeWithPython } from '../helpers/python';
import { gcc } from '../helpers/lab-programs';
import { classConfig, writeClass } from '../helpers/class-fixture';
import { cliInProcess } from '../helpers/cli-in-process';

/**
 * `ipcbench grade` on a generated class of 10 (the 30-student run is
 * __tests__/bench/grade-class.bench.test.ts): every student gets results.json + JUnit, the summary is
 * written, and the rogue submissions (setsid daemon, fork bomb, memory hog, never exits) end within
 * their limits, leaving the process table clean.
 */
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;

jest.setTimeout(120_000);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-class-'));
});

afterEach(async () => {
  expect(liveExternalCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
  // Nothing any submission started is left: no process runs from the class's scratch copies or fixtures.
  expect(await stillThere(() => liveProcesses().filter((p) => p.command.includes('ipcbench-run-') || p.command.includes(dir)), 2000)).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describeWithPython('ipcbench grade', () => {
  (gcc.ok && containment().kind === 'namespace' ? it : it.skip)('grades a class of 10 in one command: per-student files, the summary, rogues contained, verdicts as stated', async () => {
    const students = writeClass(path.join(dir, 'subs'), 10);
    fs.writeFileSync(path.join(dir, 'grading.json'), JSON.stringify(classConfig()));
    const out = path.join(dir, 'out');
    const lines: string[] = [];
    const started = Date.now();
    const status = await grade({ submissions: path.join(dir, 'subs'), config: path.join(dir, 'grading.json'), out, jobs: 2 }, (l) => lines.push(l));
    const seconds = (Date.now() - started) / 1000;
    expect(status).toBe(0);
    expect(lines.at(-1)).toMatch(/^graded 10 submissions in [\d.]+ s; wrote /);
    const scores: Record<string, string> = {};
    for (const student of Object.keys(students)) {
      const results = JSON.parse(fs.readFileSync(path.join(out, student, 'results.json'), 'utf8'));
      scores[student] = `${results.score}/${results.max_score}`;
      expect(fs.readFileSync(path.join(out, student, 'junit.xml'), 'utf8')).toContain('<testsuites');
    }
    // 6 checks, increments worth 3: 8 points.
    expect(scores).toEqual({
      'rogue-daemon': '8/8', // its setsid() daemon holds stdout open: graded normally, the daemon killed
      'rogue-forkbomb': '8/8', // forks until the process limit, then answers correctly
      'rogue-hog': '0/8', // MemoryError at the 256 MiB limit before connecting
      'rogue-linger': '6/8', // never closes nor exits: fails terminates and exit status
      'no-code': '0/8', // no client.py or client.c
      'syntax-error': '0/8', // the build fails
      'student-01': '8/8', // Python, correct
      'student-02': '8/8', // C, correct
      'student-03': '8/8', // Python, replies padded with whitespace
      'student-04': '8/8', // C, trailing space
    });
    const hog = JSON.parse(fs.readFileSync(path.join(out, 'rogue-hog', 'results.json'), 'utf8'));
    expect(hog.tests[0].output).toMatch(/an allocation failed: the memory limit is 256 MiB/);
    const broken = JSON.parse(fs.readFileSync(path.join(out, 'syntax-error', 'results.json'), 'utf8'));
    expect(broken.tests[0].output).toMatch(/^the build \(gcc -O2 -o client client\.c\) failed with exit status 1; its output ends with:\n[\s\S]*error/);
    const csv = fs.readFileSync(path.join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('student,score,max_score,round_trips_per_sec,rate_partial,starts,handshake,split-frames,increments,terminates,exit-status,seconds,first_failure');
    expect(csv).toHaveLength(11);
    expect(fs.readFileSync(path.join(out, 'summary.md'), 'utf8')).toContain('10 submissions graded 2 at a time');
    expect(fs.readFileSync(path.join(out, 'summary.html'), 'utf8')).toContain('<figure class="chart" id="scores">');
    console.log(`class of 10, --jobs 2: ${seconds.toFixed(1)} s (load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  });

  it('a bad config is one readable error per problem, exit 2', () => {
    fs.writeFileSync(path.join(dir, 'grading.json'), JSON.stringify({ role: 'client', commands: [{ run: 'x {bogus}' }], rounds: 0 }));
    fs.mkdirSync(path.join(dir, 'subs', 'a'), { recursive: true });
    const run = spawnSync(process.execPath, [CLI, 'grade', path.join(dir, 'subs'), '--config', path.join(dir, 'grading.json')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is not a valid grading config (schema/grading.schema.json):');
    expect(run.stderr).toContain('/role must be equal to one of the allowed values');
    expect(run.stderr).toContain('/rounds must be >= 1');
  });

  // In-process (the same command and error mapping; the case above is the real process's exit 2).
  it('a bad command template is named with its place in the config, exit 2', async () => {
    fs.writeFileSync(path.join(dir, 'grading.json'), JSON.stringify({ role: 'responder', commands: [{ run: 'x {bogus}' }] }));
    fs.mkdirSync(path.join(dir, 'subs', 'a'), { recursive: true });
    const run = await cliInProcess('grade', path.join(dir, 'subs'), '--config', path.join(dir, 'grading.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/commands/0/run unknown placeholder {bogus}; known: {host}, {port}, {token}, {wire}, {rounds}');
  });

  it('a folder without submissions is an input error, exit 2', async () => {
    fs.writeFileSync(path.join(dir, 'grading.json'), JSON.stringify(classConfig()));
    const run = await cliInProcess('grade', dir, '--config', path.join(dir, 'grading.json'));
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`ipcbench: ${dir}: no submission folders in it (one folder per student)`);
  });
});
