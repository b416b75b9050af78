import * as fs from 'node:fs';
import * as path from 'node:path';
import { scratchCli, startCli, waitForOutput } from '../helpers/cli';
import { startTogether } from '../helpers/together';
import { cliInProcess } from '../helpers/cli-in-process';
import { assertAbReport } from '../../src/report/ab-json';

/**
 * `ipcbench ab` as users run it (npm test builds dist/ first): a real quick A/A run with every output,
 * and every way an arm can be unusable — one line naming the arm and its command, exit 2 before the
 * first measurement, exit 1 after it — and Ctrl-C leaving no arm behind.
 */
const { tmp, cli } = scratchCli();
const FAKE_ARM = path.join(__dirname, '..', '..', '__tests__', 'fixtures', 'fake-arm.js');
const NODE = JSON.stringify(process.execPath);
const SELF = `${NODE} ${JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'cli.js'))}`;
const fake = (mode: string) => `${NODE} ${JSON.stringify(FAKE_ARM)} ${mode}`;
const quick = ['-n', '200', '-w', '20', '--timeout', '2'];

jest.setTimeout(90_000);

const cases = {
  'cannot start': [`/nonexistent/node dist/cli.js`, 2, /^ipcbench: arm A \(\/nonexistent\/node dist\/cli\.js\): cannot start it: spawn \/nonexistent\/node ENOENT$/],
  'prints garbage': [fake('garbage'), 2, /^ipcbench: arm A \(.*fake-arm\.js" garbage\): expected the ab-arm hello line, got "Welcome to my program!"/],
  'speaks another protocol': [fake('old'), 2, /^ipcbench: arm A \(.*\): speaks arm protocol 0, this ipcbench speaks 1/],
  'dies at the first request': [fake('crash'), 1, /^ipcbench: arm A \(.*fake-arm\.js" crash\): exited with exit status 3 before its answer to repeat 1 \(worker\); it said: fake arm: segmentation fault/],
  'never answers': [fake('hang'), 1, /^ipcbench: arm A \(.*fake-arm\.js" hang\): no answer to repeat 1 \(worker\) within [\d.]+ s$/],
} as const;
type Case = keyof typeof cases;
// Arm A goes first in pair 1; --timeout 0.05 bounds the wait for a silent arm at 30 × 0.05 s + allowances
// (a hang found after 1.7 s proves what one found after 6.8 s did). Arm B is never asked to measure.
// All five run at once (their waits overlap); one exit 2 and one exit 1 as real CLI processes, the
// rest in-process (the same ab and error mapping; the arms are real processes either way).
const SPAWNED: Case[] = ['prints garbage', 'never answers'];
const runs = startTogether(
  Object.fromEntries(
    (Object.keys(cases) as Case[]).map((what) => {
      const args = ['ab', '--a', cases[what][0], '--b', SELF, '-t', 'worker', '-r', '3', ...quick.slice(0, 4), '--timeout', '0.05'];
      const run = (): Promise<{ code: number | null; stderr: string }> => (SPAWNED.includes(what) ? cli(...args) : cliInProcess(...args));
      return [what, run];
    }),
  ) as Record<Case, () => Promise<{ code: number | null; stderr: string }>>,
);

// The A/A run starts with them: every wait of this file but Ctrl-C's overlaps.
const aa = startTogether({
  run: () => cli('ab', '--a', SELF, '--b', SELF, '-t', 'worker', '-r', '3', ...quick, '--json', 'ab.json', '--markdown', 'ab.md', '--html', 'ab.html', '--format', 'bencher', '--out', 'bmf.json'),
});

describe('ab, quick A/A run (same build on both arms)', () => {
  it('measures both arms interleaved, judges the pairs, writes valid JSON, Markdown, HTML and a tracker export', async () => {
    const { code, stdout, stderr } = await aa.run();
    expect(stderr).toBe('');
    expect([0, 1]).toContain(code); // the verdict of 3 noisy pairs is not the point here; the gate quality spec measures it
    expect(stdout).toMatch(/^arm A: .*\[Node v\d+/m);
    expect(stdout).toMatch(/^worker pair 2\/3 \(B then A\): A [\d,]+, B [\d,]+ round trips\/s/m);
    expect(stdout).toMatch(/^worker · 0 B .* (unchanged|inconclusive|REGRESSION|improvement) /m);
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'ab.json'), 'utf8'));
    assertAbReport(report);
    expect(report.comparisons[0].pairs.map((p: { order: string }) => p.order)).toEqual(['AB', 'BA', 'AB']);
    expect(report.arms.a.report.env.runtime).toMatchObject({ name: 'node', executable: process.execPath });
    expect(report.arms.b.report.results[0]).toMatchObject({ status: "completed", roundTripsPerSec: { runs: [expect.any(Number), expect.any(Number), expect.any(Number)] } });
    expect(fs.readFileSync(path.join(tmp, 'ab.md'), 'utf8')).toContain('## ipcbench ab:');
    expect(fs.readFileSync(path.join(tmp, 'ab.html'), 'utf8')).toContain('B/A per pair, in time order');
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(tmp, 'bmf.json'), 'utf8')))).toEqual(['worker/0B']);
  });
});

describe('unusable arms: one line naming the arm and its command', () => {
  it.each(Object.keys(cases) as Case[])('an arm that %s', async (what) => {
    const [, exit, message] = cases[what];
    const { code, stderr } = await runs[what]();
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
    expect(code).toBe(exit);
  });

  it('a command line with a shell operator is a usage error naming the flag', async () => {
    const { code, stderr } = await cliInProcess('ab', '--a', 'node dist/cli.js | tee x', '--b', SELF);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ipcbench: --a: "\|" is a shell operator/);
  });
});

describe('Ctrl-C', () => {
  it('SIGINT while an arm is starting: exit 130, every arm process gone', async () => {
    const run = startCli(['ab', '--a', fake('silent'), '--b', fake('silent'), '-t', 'worker']);
    const pids = await waitForArms(run.child.pid!);
    run.child.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    for (const pid of pids) expect(await goneWithin(pid, 3000)).toBe(true);
  });
});

/** The pids of the two fake arms (they lead their own process groups, so look by parent). */
async function waitForArms(parent: number): Promise<number[]> {
  let pids: number[] = [];
  await waitForOutput(() => {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fake-arm');
      } catch {
        return false;
      }
    });
    return String(pids.length);
  }, /^2$/, 10_000);
  return pids;
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
