import { spawn, type ChildProcess } from 'node:child_process';
import { killGroup } from '../process/kill-group';
import { constants as os } from 'node:os';
import type { PeerExit, PeerHandle } from '../types';
import { onExitDrained } from '../process/exit-drained';
import { containment, wrap, DEFAULT_LIMITS, SANDBOX_PATH, type Limits } from './sandbox';
import { runUid } from '../process/run-uid';

/**
 * Runs an external program (a student's lab solution, another team's server) as a peer: no shell
 * (argv comes from splitCommandLine), a minimal environment, contained (sandbox.ts). Every live run is
 * killed when ipcbench exits; inside a PID namespace that also holds when ipcbench is SIGKILLed.
 */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child);
});

export function liveExternalCount(): number {
  return live.size;
}

const OUTPUT_TAIL_CHARS = 4000;

export interface RunSettings {
  argv: readonly string[];
  /** IPCBENCH_* variables and the user's --env; added to the minimal environment. */
  env: Record<string, string>;
  /** stdout carries the protocol (stdio transport): not collected as output. */
  stdoutIsProtocol: boolean;
  /** Working directory (default: ipcbench's). */
  cwd?: string;
  /** HOME and TMPDIR of the program: its scratch directory. */
  home: string;
  limits?: Limits;
  /** The uid the run uses when contained (the scratch directory must belong to it). */
  uid?: number;
}

export interface ExternalProcess {
  child: ChildProcess;
  handle: PeerHandle;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError(): Error | undefined;
  /** The last output of the program (stderr, and stdout unless stdout carries the protocol), for messages. */
  outputTail(): string;
  /** Set when ipcbench killed the program for a limit of its own (output size). */
  limitHit(): string | undefined;
  /** How the program is contained, for reports. */
  readonly contained: boolean;
}

/** The documented environment of a graded program: nothing of the grader's own. */
/** Neither exited nor killed yet (as far as Node has seen). */
export function isRunning(proc: ExternalProcess): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null;
}

export function programEnvironment(home: string, extra: Record<string, string>): Record<string, string> {
  return { PATH: SANDBOX_PATH, HOME: home, TMPDIR: home, LANG: 'C.UTF-8', ...extra };
}

export function startExternal(settings: RunSettings): ExternalProcess {
  const limits = settings.limits ?? DEFAULT_LIMITS;
  const contained = containment().kind === 'namespace';
  const argv = contained ? wrap(settings.argv, limits, settings.uid ?? runUid()) : settings.argv;
  const child = spawn(argv[0], argv.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: programEnvironment(settings.home, settings.env),
    cwd: settings.cwd,
    detached: true, // its own process group: the fallback's way to kill what it started
    shell: false,
  });
  live.add(child);
  let tail = '';
  let outputBytes = 0;
  let spawnError: Error | undefined;
  let limitHit: string | undefined;
  const keep = (chunk: Buffer): void => {
    outputBytes += chunk.length;
    if (outputBytes > limits.outputKiB * 1024 && !limitHit) {
      limitHit = `it wrote more than ${limits.outputKiB} KiB to stdout/stderr (the output limit) and was killed`;
      killGroup(child);
    }
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stderr?.on('data', keep);
  if (!settings.stdoutIsProtocol) {
    child.stdout?.on('data', keep);
    child.stdin?.end();
  }
  child.stdin?.on('error', () => undefined); // EPIPE once the program is gone: seen via its exit instead
  const exited = new Promise<PeerExit>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      live.delete(child);
      resolve({ code: null, signal: null });
    });
    child.once('exit', () => killGroup(child)); // what is left of its group (the namespace is gone already)
    onExitDrained(child, (code, signal) => {
      live.delete(child);
      resolve(contained ? unwrapStatus(code, signal) : { code, signal });
    });
  });
  return {
    child,
    handle: { exited, pid: child.pid, cpuSeconds: () => undefined, kill: () => killGroup(child) },
    spawnError: () => spawnError,
    outputTail: () => tail.trim(),
    limitHit: () => limitHit,
    contained,
  };
}

/** The namespace's init (a shell) exits with 128+N when the program was killed by signal N. */
function unwrapStatus(code: number | null, signal: NodeJS.Signals | null): PeerExit {
  if (code !== null && code > 128 && code < 128 + 65) {
    const name = Object.entries(os.signals).find(([, n]) => n === code - 128)?.[0] as NodeJS.Signals | undefined;
    if (name) return { code: null, signal: name };
  }
  return { code, signal };
}

/** SIGKILL to the wrapper (the namespace dies with it) and to the process group (the fallback). */