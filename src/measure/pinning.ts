import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { cpuAffinity } from './environment';
import { ConfigError } from '../config';
import type { PeerHandle, Placement } from '../types';

/**
 * CPU placement of the two sides, with taskset (util-linux):
 * - none: leave the scheduler alone (default);
 * - same: parent and peer on one CPU (every round trip is a context switch on that CPU);
 * - split: parent on one CPU, peer on another (every round trip crosses CPUs); a worker peer's own
 *   thread is pinned (Linux tid from /proc/thread-self), the rest of the process stays on the parent's.
 */
export type PinMode = 'none' | 'same' | 'split';
export const PIN_MODES: readonly PinMode[] = ['none', 'same', 'split'];

export interface PinPlan {
  mode: PinMode;
  parent: number[] | null;
  peer: number[] | null;
}

/** true if taskset works here, else the reason pinning cannot be done. */
export function pinningSupported(): true | string {
  if (process.platform !== 'linux') return `pinning needs Linux taskset; this is ${process.platform}`;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return 'taskset not found (Debian package util-linux); run without --pin or install it';
  }
}

/** Which CPUs each side gets, from the CPUs this process may use now. */
export function planPinning(mode: PinMode, available: number[] = cpuAffinity() ?? os.cpus().map((_, i) => i)): PinPlan {
  if (mode === 'none') return { mode, parent: null, peer: null };
  if (mode === 'split' && available.length < 2) throw new ConfigError(`--pin split needs two CPUs, this process may use only CPU ${available.join(',')}`);
  const [first, second] = available;
  return { mode, parent: [first], peer: [mode === 'same' ? first : second] };
}

/**
 * true, or why busy-spinning would live-lock here: both sides must run at the same time, so the
 * process must be allowed two CPUs (unless --pin split places the sides itself).
 */
export function twoCpusAvailable(available: number[] = cpuAffinity() ?? os.cpus().map((_, i) => i)): true | string {
  if (available.length >= 2) return true;
  return `busy-spinning needs two CPUs (one per side) and this process may use only CPU ${available.join(',')}: one side would spin while the other cannot run`;
}

/** Sets the CPU affinity of process `pid`. */
export function setAffinity(pid: number, cpus: number[]): void {
  // -a: every thread of the process (libuv and V8 threads too), not only its main thread.
  execFileSync('taskset', ['-a', '-p', '-c', cpus.join(','), String(pid)], { stdio: 'ignore', timeout: 5000 });
}

/** Sets the CPU affinity of one thread (Linux tid) of this process, and only that thread. */
export function setThreadAffinity(tid: number, cpus: number[]): void {
  execFileSync('taskset', ['-p', '-c', cpus.join(','), String(tid)], { stdio: 'ignore', timeout: 5000 });
}

/**
 * Applies the peer's side of `pin` — to its process, or to its own thread when the peer is a worker
 * (a worker would otherwise share the parent's affinity) — and returns what the kernel then reports
 * for the parent's main thread and for the peer. `waitMs` bounds the wait for a worker's thread id.
 */
export async function placePeer(peer: PeerHandle, pin: PinPlan | undefined, waitMs: number): Promise<Placement> {
  if (peer.pid) {
    if (pin?.peer) setAffinity(peer.pid, pin.peer);
    return { parent: cpuAffinity(), peer: cpuAffinity(peer.pid) };
  }
  let timer: NodeJS.Timeout | undefined;
  const tid = peer.threadId && (await Promise.race([peer.threadId, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)))]));
  clearTimeout(timer);
  if (tid === undefined) return { parent: cpuAffinity(), peer: null };
  if (pin?.peer) setThreadAffinity(tid, pin.peer);
  return { parent: cpuAffinity(), peer: cpuAffinity(process.pid, tid), peerThreadId: tid };
}

/**
 * Pins this process (every thread) as `mode` asks and returns the plan to record; peers started
 * afterwards inherit it (process peers are then placed by the runner). Throws a ConfigError (a usage
 * error) where taskset cannot be used.
 */
export function pinThisProcess(mode: PinMode): PinPlan | undefined {
  if (mode === 'none') return undefined;
  const supported = pinningSupported();
  if (supported !== true) throw new ConfigError(`--pin ${mode}: ${supported}`);
  const plan = planPinning(mode);
  setAffinity(process.pid, plan.parent!);
  return plan;
}
