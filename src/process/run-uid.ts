import { randomInt } from 'node:crypto';

/**
 * Unprivileged uids for contained runs of untrusted programs (external/sandbox.ts), one per run:
 * outside the usual ranges of real users and system accounts, with no passwd entry.
 */
const UID_BASE = 200_000;
const UID_SPAN = 100_000;

/** The first uid of the range: the containment probe runs as it. */
export const FIRST_RUN_UID = UID_BASE;

/** A uid for one run; collisions between concurrent runs are possible but improbable (1 in 100,000). */
export function runUid(): number {
  return UID_BASE + randomInt(UID_SPAN);
}

/** Whether `uid` is one that `runUid` hands out (a contained run's scratch folder is owned by it). */
export function isRunUid(uid: number): boolean {
  return uid >= UID_BASE && uid < UID_BASE + UID_SPAN;
}
