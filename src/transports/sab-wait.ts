import { defineTransport, type DefinedTransport } from '../contract/define';
import { valueOf, payloadCopier } from './sab-memory';
import { spinPeerEnd, type SpinPeerOptions } from './sab-wait-peer';
import { allocateSpinMemory, spinViews, Outbox, decodeWord, spinFor, sleepUntilChanged, closeSpinMemory, TO_PEER, TO_MAIN, MAIN_SLEEPS, type SpinMemory } from './spin-memory';
import type { Worker } from 'node:worker_threads';
import type { End, Message } from '../contract/types';
import type { WaitStrategy } from '../runtime-types';

/**
 * sab-hybrid's default spin budget. Spinning for about as long as a sleep and wake-up costs is the
 * classic "two-competitive" choice (never worse than twice the best strategy chosen in hindsight);
 * one futex wake-up across CPUs costs tens of µs on the 2-vCPU reference guest (sab: ~11k round
 * trips/s unpinned, two wake-ups each), so 50 µs covers any reply that is merely in flight.
 */
export const DEFAULT_SPIN_BUDGET_MICROS = 50;

/**
 * sab-spin's stall guard: a wait that has spun 5 ms is not a message in flight (a round trip takes
 * well under a µs when both sides spin) but a side that is not running — stalled or hung, or
 * descheduled for longer than a time slice — so it sleeps in Atomics.wait instead of burning its CPU
 * while the other side cannot run. A side descheduled for one time slice (a few ms under CFS) is
 * spun through, as a hand-written spinning loop would: sleeping then costs a futex wake-up and a new
 * wait for a CPU. Measured on the 2-vCPU guest under load 6 (8 interleaved runs, median): a 1 ms
 * guard made 169k round trips/s, 5 ms 268k, 20 ms 321k; under load 14 a 100 ms guard took 3.5 s for
 * 220 round trips with a 64 KiB payload (spinning only progresses while both threads hold a CPU).
 */
export const SPIN_STALL_MICROS = 5000;

/** A transport that records how its sides wait (the runner skips busy-spin on one CPU, reports label it). */
export type WaitingTransport = DefinedTransport<SpinPeerOptions> & { readonly waitStrategy: WaitStrategy };

/**
 * sab-spin (both sides busy-wait) or sab-hybrid with a spin budget in µs (then Atomics.wait). The
 * registry name is always 'sab-spin' or 'sab-hybrid' — the peer worker finds its end by that name —
 * and `displayName` names a budget variant in results (sab-hybrid-10us): same peer, other budget.
 */
export function sabWaitTransport(strategy: WaitStrategy, displayName?: string): WaitingTransport {
  const budgetMicros = strategy.spinBudgetMicros ?? SPIN_STALL_MICROS;
  const defined = defineTransport<SpinPeerOptions>({
    name: strategy.kind === 'busy-spin' ? 'sab-spin' : 'sab-hybrid',
    peerRuns: 'worker',
    carries: ['number', 'bytes'],
    description:
      strategy.kind === 'busy-spin'
        ? 'SharedArrayBuffer with a worker, both sides busy-wait on one shared word (no futex): BURNS ONE CPU PER SIDE while it runs; needs two CPUs'
        : `SharedArrayBuffer with a worker, each side spins up to ${budgetMicros} µs for a message, then sleeps in Atomics.wait`,
    // Busy-spin's need for two CPUs depends on the placement asked for: the runner checks it (placeable).
    supported: () => (typeof SharedArrayBuffer === 'function' ? true : 'SharedArrayBuffer is unavailable'),
    async parent(context) {
      const shared = allocateSpinMemory(context.payloadBytes);
      const worker = context.startPeer({ shared, spinBudgetMicros: budgetMicros }).worker!;
      return mainEnd(worker, spinViews(shared, context.payloadBytes), budgetMicros / 1000);
    },
    async peer(options, context) {
      return spinPeerEnd(options, context);
    },
  });
  // Own properties, as DefinedTransport's are: a spread copy keeps the strategy.
  return Object.assign(displayName ? { ...defined, name: displayName } : defined, { waitStrategy: strategy });
}

export const sabSpin = sabWaitTransport({ kind: 'busy-spin', spinBudgetMicros: null });
export const sabHybrid = sabWaitTransport({ kind: 'hybrid', spinBudgetMicros: DEFAULT_SPIN_BUDGET_MICROS });

/**
 * The main thread's end: send() publishes the word; receiveSync() spins (up to the budget, counted
 * across calls until a reply comes) then sleeps until the reply word changes or the timeout passes.
 * ipcbench waits through it in a tight loop (or its reply pump), giving the event loop a turn whenever
 * a call returns undefined — so the watchdog, the worker's exit event and signals are seen while spinning.
 */
function mainEnd(worker: Worker, memory: SpinMemory, budgetMs: number): End {
  const { ctrl, payload } = memory;
  const outbox = new Outbox(ctrl, TO_PEER);
  const copyPayload = payloadCopier(payload);
  let seen = 0;
  let spunMs = 0; // spin budget used by the current wait, across calls
  let ended = false; // closed, killed or the worker exited: nothing more to wait for
  worker.once('exit', () => {
    ended = true;
  });

  const stop = (): void => {
    ended = true;
    closeSpinMemory(ctrl);
  };

  return {
    send: (message: Message) => {
      if (ended) return;
      copyPayload(message);
      outbox.send(typeof message === 'number' ? message : valueOf(message));
    },
    receiveSync: (timeoutMs: number) => {
      if (ended) return undefined;
      let word = seen;
      let sleepMs = timeoutMs;
      if (spunMs < budgetMs) {
        const spin = Math.min(budgetMs - spunMs, timeoutMs);
        word = spinFor(ctrl, TO_MAIN, seen, spin);
        if (word === seen) {
          spunMs += spin;
          sleepMs -= spin;
        }
      }
      if (word === seen && sleepMs > 0) word = sleepUntilChanged(ctrl, TO_MAIN, MAIN_SLEEPS, seen, sleepMs);
      if (word === seen) return undefined;
      seen = word;
      spunMs = 0;
      return decodeWord(ctrl, TO_MAIN, word); // NaN (garbage) fails the channel
    },
    // A worker sleeping in Atomics.wait does not see terminate(): close the memory, which wakes it.
    peerKilled: stop,
    close: stop,
  };
}
