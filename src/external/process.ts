import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { PeerExit, PeerHandle } from '../types';

/**
 * Runs an external program (a student's lab solution, another team's server) as a peer.
 * No shell is involved (argv comes from splitCommandLine). The program leads its own process group so
 * that killing it also kills whatever it started (a wrapper script's children); every live group is
 * killed when ipcbench exits, however it exits, so nothing is ever orphaned.
 */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child);
});

export function liveExternalCount(): number {
  return live.size;
}

const OUTPUT_TAIL_CHARS = 2000;

export interface ExternalProcess {
  child: ChildProcess;
  handle: PeerHandle;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError(): Error | undefined;
  /** The last output of the program (stderr, and stdout unless stdout carries the protocol), for messages. */
  outputTail(): string;
}

export function startExternal(argv: readonly string[], env: Record<string, string>, stdoutIsProtocol: boolean): ExternalProcess {
  const stdio: StdioOptions = ['pipe', 'pipe', 'pipe'];
  const child = spawn(argv[0], argv.slice(1), { stdio, env: { ...process.env, ...env }, detached: true, shell: false });
  live.add(child);
  let tail = '';
  let spawnError: Error | undefined;
  const keep = (text: string): void => {
    tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', keep);
  if (!stdoutIsProtocol) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', keep);
    child.stdin?.end();
  }
  child.stdin?.on('error', () => undefined); // EPIPE once the program is gone: seen via its exit instead
  const exited = new Promise<PeerExit>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
    });
    // Leftovers of the group (a wrapper's children) would hold the pipes open and delay 'close'.
    child.once('exit', () => killGroup(child));
    // 'close' comes after the pipes are drained, so the output tail is complete; it also follows a failed spawn.
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    handle: {
      exited,
      pid: child.pid,
      cpuSeconds: () => undefined,
      kill: () => killGroup(child),
    },
    spawnError: () => spawnError,
    outputTail: () => tail.trim(),
  };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}
