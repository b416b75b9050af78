import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transportNames } from '../../src/transports';
import { childProcesses } from '../helpers/processes';
import { startCli, startServe, waitForOutput } from '../helpers/cli';

/**
 * SIGINT/SIGTERM to the ipcbench CLI mid-run, for one transport of each kind of peer and wait loop, the
 * external peer mode and serve mode: exit status 130/143, every child gone (process table), no report
 * file and no temp file left behind.
 */
const BAD_PEER = path.join(__dirname, '..', 'fixtures', 'bad-peer.js');
const EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
const dirs: string[] = [];

/** A fresh folder per test, removed after the file. */
function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-signal-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A process is gone when /proc has no entry for it or only a zombie waiting for its new parent. */
function gone(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitForChildren(pid: number, ms = 5000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const children = childProcesses(pid).map((c) => c.pid);
    if (children.length > 0 || Date.now() > deadline) return children;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a test saw before signalling: child pids to check after, and whether the run was seen exchanging. */
interface MidRun {
  children: number[];
  exchanging: boolean;
}

/**
 * Waits until a thread of `pid` other than its main one has used 0.2 s of CPU: a worker peer exchanging
 * messages (Node's own helper threads use far less in a short run). No pids: nothing to check after.
 */
async function waitForBusyThread(pid: number, ms = 20_000): Promise<MidRun> {
  const cpuTicks = (tid: string): number => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (1/100 s)
    } catch {
      return 0;
    }
  };
  const busy = () => fs.readdirSync(`/proc/${pid}/task`).some((tid) => tid !== String(pid) && cpuTicks(tid) >= 20);
  await waitForOutput(() => String(busy()), /true/, ms);
  return { children: [], exchanging: true };
}

/**
 * Waits until the main thread of process `pid` has blocked 200 times for I/O (voluntary context switches):
 * a peer in lockstep blocks once a round trip, while a starting Node peer blocks a few times at most
 * (measured: under 10). Right after its fork a peer is still starting: 150 ms later it often still was.
 */
async function waitForExchanging(pid: number, ms = 20_000): Promise<void> {
  const switches = (): number => {
    try {
      return Number(/^voluntary_ctxt_switches:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0; // gone: the wait fails with what it saw
    }
  };
  await waitForOutput(() => `${switches()} switches`, /^([2-9]\d{2}|\d{4,}) switches$/, ms);
}

/** Starts the CLI, waits until it is mid-run, signals it, and checks what it left behind. */
async function interrupt(dir: string, args: string[], signal: keyof typeof EXIT, midRun: (cli: ReturnType<typeof startCli>) => Promise<MidRun>): Promise<string> {
  const cli = startCli(args);
  let children: number[];
  let exchanging: boolean;
  try {
    ({ children, exchanging } = await midRun(cli));
  } catch (error) {
    // The CLI never got mid-run in time: end it (and its huge run) rather than leave it running.
    const orphans = childProcesses(cli.child.pid!).map((c) => c.pid);
    cli.child.kill('SIGKILL');
    for (const pid of orphans) process.kill(pid, 'SIGKILL');
    throw error;
  }
  // Into the run, unless it was already seen exchanging messages.
  if (!exchanging) await new Promise((resolve) => setTimeout(resolve, 150));
  cli.child.kill(signal);
  const done = await cli.done;
  expect({ code: done.code, signal: done.signal }).toEqual({ code: EXIT[signal], signal: null });
  const deadline = Date.now() + 5000;
  while (children.some((pid) => !gone(pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(children.filter((pid) => !gone(pid))).toEqual([]);
  expect(fs.readdirSync(dir)).toEqual([]); // no partial report, no temp file
  expect(done.stderr).not.toMatch(/\n\s+at |Unhandled/);
  return done.stderr;
}

const huge = ['-n', '50000000', '-w', '0', '-r', '1'];

/**
 * One transport per way a run can be stopped: a forked peer with an IPC channel, a spawned peer behind a
 * socket or pipes (tcp, stdio), one with a socket folder to remove (unix), a worker thread, and each way
 * the main thread waits for a worker (Atomics.wait slices, busy spin, spin then wait). Each runs alone:
 * side by side, ten runs spinning at full speed starved each other (and the other Jest worker) of CPU.
 * tcp gets both signals; the others alternate (both signals reach the same handler).
 */
const MATRIX: ReadonlyArray<[transport: string, signal: keyof typeof EXIT, peer: 'process' | 'worker']> = [
  ['tcp', 'SIGINT', 'process'], ['tcp', 'SIGTERM', 'process'], ['ipc', 'SIGTERM', 'process'], ['stdio', 'SIGINT', 'process'],
  ['unix', 'SIGTERM', 'process'], ['worker', 'SIGINT', 'worker'], ['sab', 'SIGTERM', 'worker'], ['sab-spin', 'SIGINT', 'worker'],
  ['sab-hybrid', 'SIGTERM', 'worker'],
];
/** Transports whose peer and wait loop are those of a transport in the matrix. */
const SAME_KIND_AS: Record<string, string> = { 'ipc-advanced': 'ipc', udp: 'tcp' };

test('every registered transport is in the matrix or named as the same kind as one that is', () => {
  const covered = new Set(MATRIX.map(([name]) => name));
  expect(transportNames().filter((name) => !covered.has(name) && !covered.has(SAME_KIND_AS[name]))).toEqual([]);
});

describe.each(MATRIX)('signals: run -t %s', (name, signal, peer) => {
  it(`${signal} mid-run: exit status 130/143, peers gone, no report written`, async () => {
    const dir = freshDir();
    await interrupt(dir, ['run', '-t', name, ...huge, '--json', path.join(dir, 'report.json')], signal, async (cli) => {
      await waitForOutput(cli.stdout, /cores/); // 20 s bound: slow on a loaded machine
      if (peer === 'worker') return waitForBusyThread(cli.child.pid!); // the peer is a thread of the CLI: gone with it
      const children = await waitForChildren(cli.child.pid!, 5000);
      expect(children).toHaveLength(1);
      await waitForExchanging(children[0]);
      return { children, exchanging: true };
    });
  });
});

describe('signals: external peer mode', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-grading: the program is killed, no results.json or JUnit written', async (signal) => {
    const dir = freshDir();
    const args = ['peer', '--cmd', `node ${BAD_PEER} none`, '--rounds', '50000000', '--grading', path.join(dir, 'results.json')];
    await interrupt(dir, args, signal, async (cli) => {
      const children = await waitForChildren(cli.child.pid!, 20_000); // a CLI and a program starting: slow under load
      expect(children).toHaveLength(1);
      return { children, exchanging: false };
    });
  });
});

describe('signals: serve mode', () => {
  // One signal each way round here: both signals reach the same handler, tested per transport above.
  it.each(['SIGINT'] as const)('%s to run --connect mid-run: no report; serve drops the run and serves the next', async (signal) => {
    const dir = freshDir();
    const server = await startServe(['--token', 'T']);
    try {
      const address = `127.0.0.1:${server.port}`;
      await interrupt(dir, ['run', '--connect', address, '--token', 'T', '-t', 'tcp', ...huge, '--json', path.join(dir, 'report.json')], signal, async (cli) => {
        await waitForOutput(cli.stdout, /cores/);
        return { children: [], exchanging: false };
      });
      await waitForOutput(server.stderr, /run 1 from \S+: dropped/);
      const next = await startCli(['run', '--connect', address, '--token', 'T', '-t', 'tcp', '-n', '100', '-r', '1', '-q']).done;
      expect(next.code).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it.each(['SIGTERM'] as const)('%s to serve mid-run: serve exits 130/143; the client fails clearly and reports the error', async (signal) => {
    const dir = freshDir();
    const server = await startServe(['--token', 'T']);
    const client = startCli(['run', '--connect', `127.0.0.1:${server.port}`, '--token', 'T', '-t', 'tcp', ...huge, '--json', path.join(dir, 'report.json')]);
    await waitForOutput(client.stdout, /cores/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill(signal);
    expect((await server.done).code).toBe(EXIT[signal]);
    const done = await client.done;
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/^ipcbench: tcp: round trip: tcp connection to 127\.0\.0\.1:\d+ (closed by the peer|reset by the peer)/m);
    // The client was not interrupted: it writes a complete report that records the error.
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.results[0]).toMatchObject({ transport: 'tcp', status: 'errored', error: { step: 'round trip' } });
  });
});
