import { spawn, type ChildProcess } from 'node:child_process';
import type { PeerExit, PeerHandle } from '../types';
import { killGroup } from '../process/kill-group';

/**
 * Starts an ab arm: a command the user gave to start ipcbench (`node ../base/dist/cli.js`, `bun …`).
 * Unlike a graded program (external/process.ts) it is the user's own tool, so it keeps the user's
 * environment and is not sandboxed; like every child of ipcbench it leads its own process group, and
 * every live group is killed when ipcbench exits, so no arm (nor its peers) is ever left behind.
 */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child);
});

const OUTPUT_TAIL_CHARS = 2000;

export interface ArmProcess {
  child: ChildProcess;
  handle: PeerHandle;
  /** Set when the command could not be started at all (ENOENT, EACCES). */
  spawnError(): Error | undefined;
  /** The last lines the arm wrote to stderr, for error messages. */
  outputTail(): string;
}

/** Spawns `argv` without a shell; stdout carries the arm protocol, stderr is kept for messages. */
export function startArmProcess(argv: readonly string[], env: Record<string, string>): ArmProcess {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env }, detached: true, shell: false });
  live.add(child);
  let tail = '';
  let spawnError: Error | undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
  });
  child.stdin?.on('error', () => undefined); // EPIPE once the arm is gone: seen via its exit instead
  const exited = new Promise<PeerExit>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
    });
    child.once('exit', () => killGroup(child)); // the arm's own peers, should it leave any
    // 'close' comes after the pipes are drained (the tail is complete); it also follows a failed spawn.
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    handle: { exited, pid: child.pid, cpuSeconds: () => undefined, kill: () => killGroup(child) },
    spawnError: () => spawnError,
    outputTail: () => tail.trim(),
  };
}
