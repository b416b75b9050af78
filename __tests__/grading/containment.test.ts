import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { containment } from '../../src/external/sandbox';
import { liveExternalCount } from '../../src/external/process';
import { liveProcesses, lingeringChildren, stillThere } from '../helpers/processes';
import { describeWithPython, python } from '../helpers/python';
import { startTogether } from '../helpers/together';
import { LAB, compileLabC, describeWithGcc, failed, gcc, gradeLab, output } from '../helpers/lab-programs';
import type { GradingResult } from '../../src/grading/checklist';

/**
 * Untrusted submissions, contained (issue 9): a setsid daemon, a fork bomb, unbounded allocation, a
 * program that never exits, SIGKILL of ipcbench itself — each ends within its limits and leaves the
 * process table clean. Also the whole-run deadline (rule 7) and the minimal environment (rule 8).
 * Needs root and util-linux (as on CI); elsewhere the namespace cases are skipped with the reason.
 * The gradings start at once, at most 5 at a time, in one beforeAll (the describe blocks no longer wait
 * for one another: rule 7's 4 s deadline overlaps the rest); each test checks its own, in order.
 */
const PY_CLIENT = `python3 ${path.join(LAB, 'python', 'client.py')}`;
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const how = containment();
const describeContained = how.kind === 'namespace' ? describe : describe.skip;
if (how.kind !== 'namespace') console.warn(`containment tests skipped: ${how.reason}`);

jest.setTimeout(60_000);

/** Live processes running a lab fixture or a program compiled from one: the process table, not our bookkeeping. */
function labProcesses(extra: string[] = []): string[] {
  return liveProcesses()
    .filter((p) => p.pid !== process.pid && [LAB, ...extra].some((marker) => p.command.includes(marker)))
    .map((p) => `${p.pid}: ${p.command}`);
}

/** The real uid of a process, from /proc. */
function uidOf(pid: number): number | undefined {
  try {
    return Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

afterAll(async () => {
  expect(liveExternalCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
  expect(await stillThere(() => labProcesses(), 2000)).toEqual([]);
});

let bin = '';
if (gcc.ok) {
  beforeAll(() => {
    bin = compileLabC();
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
}

/** A grading and its wall time, from its own start (not from when the test awaits it). */
async function timed(grade: () => Promise<GradingResult>): Promise<{ result: GradingResult; ms: number }> {
  const started = Date.now();
  const result = await grade();
  return { result, ms: Date.now() - started };
}

const runs: Record<string, () => Promise<{ result: GradingResult; ms: number }>> = {};
if (python.ok) {
  runs.slow = () => timed(() => gradeLab(`${PY_CLIENT} {host} {port} slow`, { rounds: 1000, maxSeconds: 4 }));
  runs.env = () =>
    timed(async () => {
      process.env.GITHUB_TOKEN_FOR_THE_TEST = 'secret';
      try {
        return await gradeLab(`${PY_CLIENT} {host} {port} env`, { env: { COURSE: 'os101' } });
      } finally {
        delete process.env.GITHUB_TOKEN_FOR_THE_TEST;
      }
    });
}
if (how.kind === 'namespace') {
  Object.assign(runs, {
    daemon: () => timed(() => gradeLab(`${PY_CLIENT} {host} {port} daemon`, { timeoutMs: 2000 })),
    hog: () => timed(() => gradeLab(`${PY_CLIENT} {host} {port} hog`, { limits: { cpuSeconds: 10, memoryMiB: 256, processes: 64, fileMiB: 1, outputKiB: 64 }, timeoutMs: 10_000 })),
    linger: () => timed(() => gradeLab(`${PY_CLIENT} {host} {port} linger`, { timeoutMs: 1000 })),
    cpu: () => timed(() => gradeLab(`python3 -c "while True: pass"`, { limits: { cpuSeconds: 1, memoryMiB: 256, processes: 16, fileMiB: 1, outputKiB: 64 }, timeoutMs: 8000 })),
    flood: () => timed(() => gradeLab(`python3 -c "import sys\nwhile True: sys.stderr.write('x' * 4096)"`, { limits: { cpuSeconds: 10, memoryMiB: 256, processes: 16, fileMiB: 1, outputKiB: 64 } })),
  });
  if (gcc.ok) runs.forkbomb = () => timed(() => gradeLab(`${path.join(bin, 'client')} {host} {port} forkbomb`, { limits: { cpuSeconds: 10, memoryMiB: 256, processes: 24, fileMiB: 1, outputKiB: 64 } }));
}
const graded = startTogether(runs, 5);

describeWithPython('rule 7: the whole-run deadline', () => {
  it('a correct but slow client (20 ms per reply) is stopped at --max-seconds, with the rate so far', async () => {
    const { result, ms } = await graded.slow();
    expect(ms).toBeLessThan(4000 + 8000); // the deadline, plus clean-up (generous: a loaded machine)
    expect(failed(result)).toEqual(['increments', 'terminates', 'exit-status']);
    expect(output(result, 'increments')).toMatch(/^the whole-run deadline \(--max-seconds 4\) was reached at round trip \d+ of 1000 timed; rate so far \d+ round trips\/s$/);
    expect(result.figures?.partial).toBe(true);
    expect(result.figures?.roundTrips).toBeGreaterThan(0);
  });
});

describeWithPython('rule 8: a minimal, documented environment', () => {
  it('the program sees PATH, HOME, LANG, TMPDIR, IPCBENCH_* and --env, nothing of the grader’s', async () => {
    const { result } = await graded.env(); // run with GITHUB_TOKEN_FOR_THE_TEST=secret in the grader's environment
    expect(failed(result)).toEqual([]);
    // Python itself may add LC_CTYPE (PEP 538 locale coercion); everything else comes from ipcbench.
    const names = /env: (.*)/.exec(result.peerOutput)![1].split(' ').filter((n) => n !== 'LC_CTYPE');
    expect(names).toEqual(['COURSE', 'HOME', 'IPCBENCH_HOST', 'IPCBENCH_PORT', 'IPCBENCH_ROUNDS', 'IPCBENCH_WIRE', 'LANG', 'PATH', 'TMPDIR']);
  });
});

describeContained('contained submissions end within their limits and leave nothing behind', () => {
  it('a client that forks a setsid() daemon holding stdout open: full score, graded in seconds, daemon gone', async () => {
    const { result, ms } = await graded.daemon();
    expect(failed(result)).toEqual([]);
    expect(ms).toBeLessThan(15_000); // seconds, not the daemon's hour (nor the 61 s it took before)
    expect(await stillThere(() => labProcesses().filter((p) => p.includes(' daemon')), 1000)).toEqual([]);
  });

  it('a client that allocates without bound: fails "starts", naming the memory limit', async () => {
    const { result } = await graded.hog();
    expect(result.score).toBe(0);
    expect(output(result, 'starts')).toMatch(/^the program exited \(exit status 1\) before it connected; an allocation failed: the memory limit is 256 MiB/);
    expect(output(result, 'starts')).toContain('MemoryError');
  });

  it('a client that never exits (ignores SIGTERM, keeps the socket): fails "terminates" and "exit status" within the timeout, killed', async () => {
    const { result, ms } = await graded.linger();
    expect(failed(result)).toEqual(['terminates', 'exit-status']);
    expect(ms).toBeLessThan(15_000); // start + two 1 s timeouts, generous for a loaded machine
  });

  it('a client that burns CPU past its limit is stopped by SIGXCPU, and says so', async () => {
    const { result } = await graded.cpu();
    expect(output(result, 'starts')).toMatch(/^the program exited \(killed by SIGXCPU\) before it connected; it used its 1 s of CPU time \(the CPU limit\)/);
  });

  it('a client that floods stderr is killed at the output limit, and says so', async () => {
    const { result } = await graded.flood();
    expect(output(result, 'starts')).toMatch(/it wrote more than 64 KiB to stdout\/stderr \(the output limit\) and was killed/);
  });

  it('SIGKILL of ipcbench mid-grading: the program and its setsid() daemon die with it', async () => {
    const marker = `sigkill-${process.pid}`;
    const cli = spawn(process.execPath, [CLI, 'peer', '--cmd', `${PY_CLIENT} {host} {port} daemon ${marker}`, '--rounds', '100000000', '--timeout', '5', '-q'], { stdio: 'ignore' });
    const ours = (): string[] => labProcesses().filter((p) => p.includes(marker));
    try {
      expect(await stillThere(() => (ours().length >= 2 ? [] : ['waiting']), 30_000)).toEqual([]); // client and daemon both up
      // Contained: the program and its daemon run as an unprivileged uid (the wrappers around them stay root).
      expect(liveProcesses().filter((p) => p.command.startsWith('python3') && p.command.includes(marker) && uidOf(p.pid) === 0)).toEqual([]);
    } finally {
      cli.kill('SIGKILL');
    }
    expect(await stillThere(ours, 5000)).toEqual([]);
  });
});

describeWithGcc('a C fork bomb', () => {
  (how.kind === 'namespace' ? it : it.skip)('forks until the process limit stops it, then answers: full score, and every child is gone', async () => {
    const { result } = await graded.forkbomb();
    expect(failed(result)).toEqual([]);
    expect(result.peerOutput).toMatch(/forkbomb: \d+ children before fork failed/);
    expect(await stillThere(() => labProcesses([bin]), 2000)).toEqual([]);
  });
});
