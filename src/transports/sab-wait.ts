import { defineTransport, type DefinedTransport } from '../contract/define';
import { spinPeerEnd, type SpinPeerOptions } from './sab-wait-peer';
import { allocateSpinMemory, spinViews, Outbox, decodeWord, spinFor, sleepUntilChanged, closeSpinMemory, valueOf, payloadCopier, TO_PEER, TO_MAIN, MAIN_SLEEPS, type SpinMemory } from './spin-memory';
import { STOP } from '../protocol/messages';
import type { Worker } from 'node:worker_threads';
import type { End, EndContext, Message } from '../contract/types';
import type { WaitStrategy } from '../runtime-types';

/** Atomics.waitAsync (ES2024; in Node 20's V8, not in the ES2022 typings). */
type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const atomics = Atomics as unknown as { waitAsync?(array: Int32Array, index: number, value: number, timeoutMs?: number): WaitAsyncResult };

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

/** How one of the sab family waits; every member shares the memory, the peer and the main end. */
interface SabPlan {
  /** The registry name, by which the peer worker finds its definition in this module. */
  name: 'sab' | 'sab-spin' | 'sab-hybrid';
  description: string;
  /** µs each side spins before it sleeps in Atomics.wait (0: it sleeps at once, like plain sab). */
  budgetMicros: number;
  /** The main thread waits with Atomics.waitAsync, one Promise per reply (sab's comparison mode). */
  asyncMain?: boolean;
  supported?: () => true | string;
  waitStrategy?: WaitStrategy;
}

function sabFamily(plan: SabPlan): DefinedTransport<SpinPeerOptions> {
  return defineTransport<SpinPeerOptions>({
    name: plan.name,
    peerRuns: 'worker',
    carries: ['number', 'bytes'],
    description: plan.description,
    waitStrategy: plan.waitStrategy,
    // Busy-spin's need for two CPUs depends on the placement asked for: the runner checks it (placeable).
    supported: plan.supported ?? (() => (typeof SharedArrayBuffer === 'function' ? true : 'SharedArrayBuffer is unavailable')),
    async parent(context) {
      const shared = allocateSpinMemory(context.payloadBytes);
      const worker = context.startPeer({ shared, spinBudgetMicros: plan.budgetMicros }).worker!;
      const memory = spinViews(shared, context.payloadBytes);
      return plan.asyncMain ? asyncMainEnd(worker, memory, context) : mainEnd(worker, memory, plan.budgetMicros / 1000);
    },
    async peer(options, context) {
      return spinPeerEnd(options, context);
    },
  });
}

/**
 * How the main thread waits for a reply. 'blocking': Atomics.wait, with the event loop getting a
 * turn between waits of tens of ms (so the watchdog, exit events and signals still run); 'async':
 * Atomics.waitAsync, one Promise per reply (the event loop runs every round trip).
 */
export type SabWaitMode = 'blocking' | 'async';

/** sab: both sides sleep in Atomics.wait for every message (the sab family with a spin budget of 0). */
export function sabTransport(mode: SabWaitMode): DefinedTransport<SpinPeerOptions> {
  return sabFamily({
    name: 'sab',
    budgetMicros: 0,
    asyncMain: mode === 'async',
    description:
      mode === 'blocking'
        ? 'SharedArrayBuffer + Atomics.wait/notify with a worker; main thread blocks in Atomics.wait'
        : 'SharedArrayBuffer + Atomics with a worker; main thread waits with Atomics.waitAsync (event loop stays live)',
    supported: () =>
      typeof SharedArrayBuffer === 'function' && typeof atomics.waitAsync === 'function' ? true : 'SharedArrayBuffer or Atomics.waitAsync is unavailable',
  });
}

/**
 * Measured here (2 vCPU, 50,000 round trips × 6): blocking 83–95k round trips/s, async 68–75k, so
 * the registered transport blocks; the async mode stays for comparison.
 */
export const sab = sabTransport('blocking');

/** A transport that records how its sides wait (the runner skips busy-spin on one CPU, reports label it). */
export type WaitingTransport = DefinedTransport<SpinPeerOptions> & { readonly waitStrategy: WaitStrategy };

/**
 * sab-spin (both sides busy-wait) or sab-hybrid with a spin budget in µs (then Atomics.wait). The
 * registry name is always 'sab-spin' or 'sab-hybrid' — the peer worker finds its end by that name —
 * and `displayName` names a budget variant in results (sab-hybrid-10us): same peer, other budget.
 */
export function sabWaitTransport(strategy: WaitStrategy, displayName?: string): WaitingTransport {
  const budgetMicros = strategy.spinBudgetMicros ?? SPIN_STALL_MICROS;
  const defined = sabFamily({
    name: strategy.kind === 'busy-spin' ? 'sab-spin' : 'sab-hybrid',
    budgetMicros,
    waitStrategy: strategy,
    description:
      strategy.kind === 'busy-spin'
        ? 'SharedArrayBuffer with a worker, both sides busy-wait on one shared word (no futex): BURNS ONE CPU PER SIDE while it runs; needs two CPUs'
        : `SharedArrayBuffer with a worker, each side spins up to ${budgetMicros} µs for a message, then sleeps in Atomics.wait`,
  });
  // Own properties, as DefinedTransport's are: a spread copy keeps the strategy.
  return (displayName ? { ...defined, name: displayName } : defined) as WaitingTransport;
}

export const sabSpin = sabWaitTransport({ kind: 'busy-spin', spinBudgetMicros: null });
export const sabHybrid = sabWaitTransport({ kind: 'hybrid', spinBudgetMicros: DEFAULT_SPIN_BUDGET_MICROS });

/** Sending is the same for every main end: the payload, then the one word (notifying only a sleeper). */
function mainSender(worker: Worker, memory: SpinMemory) {
  const { ctrl, payload } = memory;
  const outbox = new Outbox(ctrl, TO_PEER);
  const copyPayload = payloadCopier(payload);
  const state = { ended: false }; // closed, killed or the worker exited: nothing more to wait for
  worker.once('exit', () => {
    state.ended = true;
  });
  // A worker sleeping in Atomics.wait does not see terminate(): close the memory, which wakes it.
  const stop = (): void => {
    state.ended = true;
    closeSpinMemory(ctrl);
  };
  const send = (message: Message): number => {
    // A bare counter (every request without a payload) carries no bytes: straight to the word.
    if (typeof message === 'number') {
      outbox.send(message);
      return message;
    }
    copyPayload(message);
    const value = valueOf(message);
    outbox.send(value);
    return value;
  };
  return { state, stop, send, outbox };
}
/**
 * The main thread's end: send() publishes the word; receiveSync() spins (up to the budget, counted
 * across calls until a reply comes) then sleeps until the reply word changes or the timeout passes.
 * ipcbench waits through it in a tight loop (or its reply pump), giving the event loop a turn whenever
 * a call returns undefined — so the watchdog, the worker's exit event and signals are seen while spinning.
 */
function mainEnd(worker: Worker, memory: SpinMemory, budgetMs: number): End {
  const { ctrl } = memory;
  const { state, stop, send, outbox } = mainSender(worker, memory);
  let seen = 0;
  let spunMs = 0; // spin budget used by the current wait, across calls

  const take = (word: number): number => {
    seen = word;
    spunMs = 0;
    return decodeWord(ctrl, TO_MAIN, word); // NaN (garbage) fails the channel
  };
  // The rare part of a wait, apart from the spin so that the driver's loop can inline receiveSync.
  const sleepAfterSpin = (spin: number, timeoutMs: number): Message | undefined => {
    spunMs += spin;
    const word = timeoutMs > spin ? sleepUntilChanged(ctrl, TO_MAIN, MAIN_SLEEPS, seen, timeoutMs - spin) : seen;
    return word === seen ? undefined : take(word);
  };

  const end: End = {
    send: (message: Message) => {
      if (!state.ended) send(message);
    },
    receiveSync: (timeoutMs: number) => {
      if (state.ended) return undefined;
      const spin = spunMs < budgetMs ? Math.min(budgetMs - spunMs, timeoutMs) : 0;
      const word = spin > 0 ? spinFor(ctrl, TO_MAIN, seen, spin) : seen;
      return word !== seen ? take(word) : sleepAfterSpin(spin, timeoutMs);
    },
    peerKilled: stop,
    close: stop,
  };
  // Plain sab sleeps for every reply: nothing for a loop of its own to save.
  if (budgetMs > 0) end.exchangeSync = exchanger(ctrl, outbox, state, budgetMs, () => [seen, spunMs], (word, spun) => ((seen = word), (spunMs = spun)));
  return end;
}

/**
 * End.exchangeSync for a spinning main end: spin for the reply word, check it is request + 1, store the
 * next request — the same steps as the hand-written loop, with no call back into ipcbench per reply.
 * A reply slower than the spin budget, or any other word (a wrong or wide value, garbage), is left
 * unseen for receiveSync, which sleeps, decodes and reports as for any reply. `seen` and the budget the
 * wait in progress has spent are kept in locals while spinning and handed back on return: a stall that
 * spans calls (the driver yields, then hands over the next stretch) still spins one budget in all.
 */
function exchanger(
  ctrl: Int32Array,
  outbox: Outbox,
  state: { ended: boolean },
  budgetMs: number,
  waiting: () => [seen: number, spentMs: number],
  handBack: (seen: number, spentMs: number) => void,
): NonNullable<End['exchangeSync']> {
  return (sent, count, timeoutMs) => {
    if (state.ended) return 0;
    let [seen, spent] = waiting();
    const full = budgetMs < timeoutMs ? budgetMs : timeoutMs;
    let spin = Math.min(budgetMs - spent, timeoutMs);
    if (spin <= 0) return 0; // this wait has spun its budget: only receiveSync's sleep is left
    let checked = 0;
    while (checked < count) {
      const word = spinFor(ctrl, TO_MAIN, seen, spin);
      // A narrow word carries value = word >>> 1; a negative one (wide value, garbage) is never taken here.
      if (word < 0 || word >>> 1 !== sent + 1) {
        handBack(seen, word === seen ? spent + spin : 0);
        return checked;
      }
      seen = word;
      spent = 0;
      spin = full;
      sent += 2;
      outbox.send(sent);
      checked++;
    }
    handBack(seen, 0);
    return checked;
  };
}

/**
 * sab's comparison mode: the main thread never blocks; each reply is awaited with Atomics.waitAsync
 * (its sleeping flag stays raised, so the worker always notifies) and delivered from the event loop.
 */
function asyncMainEnd(worker: Worker, memory: SpinMemory, context: EndContext): End {
  const { ctrl } = memory;
  const { state, stop, send } = mainSender(worker, memory);
  let seen = 0;
  Atomics.store(ctrl, MAIN_SLEEPS, 1);
  const take = (): void => {
    seen = Atomics.load(ctrl, TO_MAIN);
    context.deliver(decodeWord(ctrl, TO_MAIN, seen)); // may call send(), which arms again
  };
  const arm = (): void => {
    const result = atomics.waitAsync!(ctrl, TO_MAIN, seen);
    if (!result.async) return take();
    void result.value.then(() => {
      if (state.ended) return;
      // A late notify meant for the previous reply can wake us early: wait again.
      if (Atomics.load(ctrl, TO_MAIN) === seen) arm();
      else take();
    });
  };
  return {
    send: (message: Message) => {
      if (state.ended) return;
      if (send(message) !== STOP) arm(); // no reply follows the stop message
    },
    peerKilled: stop,
    close: stop,
  };
}
