import * as os from 'node:os';
import { waitFor, describeExit } from './peer-process';
import { startPeerWorker, type PeerWorker } from './peer-worker';
import { readyFlag } from './sab';
import { SLICE_MS } from './sab-memory';
import { allocateSpinMemory, spinViews, Outbox, decodeWord, spinFor, sleepUntilChanged, closeSpinMemory, READY, TO_PEER, TO_MAIN, MAIN_SLEEPS, type SpinMemory } from './spin-memory';
import { cpuAffinity } from '../measure/environment';
import { STOP } from '../protocol/messages';
import type { Channel, Connection, OpenOptions, PeerHandle, Transport, WaitStrategy } from '../types';

/**
 * sab-hybrid's default spin budget. Spinning for about as long as a sleep and wake-up costs is the
 * classic "two-competitive" choice (never worse than twice the best strategy chosen in hindsight);
 * one futex wake-up across CPUs costs tens of µs on the 2-vCPU reference guest (sab: ~11k round
 * trips/s unpinned, two wake-ups each), so 50 µs covers any reply that is merely in flight.
 */
export const DEFAULT_SPIN_BUDGET_MICROS = 50;

/**
 * sab-spin's stall guard: a wait that has spun 1 ms is not a message in flight (a round trip takes
 * well under a µs when both sides spin) but a side that is not running — descheduled on a busy
 * machine, stalled, or hung — so it sleeps in Atomics.wait instead of burning its CPU while the other
 * side cannot run. Measured on the 2-vCPU guest under load 14: with a 100 ms guard 220 round trips
 * with a 64 KiB payload took 3.5 s (spinning only progresses while both threads hold a CPU at once).
 */
export const SPIN_STALL_MICROS = 1000;

/** What the peer worker needs (workerData). */
export interface SpinPeerOptions {
  shared: SharedArrayBuffer;
  payloadBytes?: number;
  spinBudgetMicros: number;
}

/** A healthy run hands the event loop a turn this often (Ctrl-C, timers), checked every 1024 replies. */
const YIELD_EVERY_MS = 100;

/** true, or why busy-spinning would live-lock here: both sides must be able to run at the same time. */
export function twoCpusAvailable(): true | string {
  const cpus = cpuAffinity() ?? os.cpus().map((_, i) => i);
  if (cpus.length >= 2) return true;
  return `busy-spinning needs two CPUs (one per side) and this process may use only CPU ${cpus.join(',')}: one side would spin while the other cannot run`;
}

/** sab-spin (both sides busy-wait) or sab-hybrid with a spin budget in µs (then Atomics.wait). */
export function sabWaitTransport(strategy: WaitStrategy, name = strategy.kind === 'busy-spin' ? 'sab-spin' : 'sab-hybrid'): Transport {
  const budgetMicros = strategy.spinBudgetMicros ?? SPIN_STALL_MICROS;
  const description =
    strategy.kind === 'busy-spin'
      ? 'SharedArrayBuffer with a worker, both sides busy-wait on the shared word (no futex): BURNS ONE CPU PER SIDE while it runs; needs two CPUs'
      : `SharedArrayBuffer with a worker, each side spins up to ${budgetMicros} µs for a message, then sleeps in Atomics.wait (spin budget ${budgetMicros} µs)`;
  return {
    name,
    description,
    threadPeer: true,
    waitStrategy: strategy,
    supported: () => {
      if (typeof SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is unavailable';
      return strategy.kind === 'busy-spin' ? twoCpusAvailable() : true;
    },
    async open(options: OpenOptions): Promise<Connection> {
      const shared = allocateSpinMemory(options.payloadBytes);
      const memory = spinViews(shared, options.payloadBytes);
      const peerOptions: SpinPeerOptions = { shared, payloadBytes: options.payloadBytes, spinBudgetMicros: budgetMicros };
      // Sweep variants (sab-hybrid:10us) share the registered peer end; the budget travels in the options.
      const peer = startPeerWorker({ transport: strategy.kind === 'busy-spin' ? 'sab-spin' : 'sab-hybrid', faults: options.faults, ...peerOptions });
      const handle = closingHandle(peer.handle, memory.ctrl);
      await waitFor(name, handle, options.readyTimeoutMs, 'no Atomics.notify of ready from the worker', peer.stderrTail, readyFlag(memory.ctrl, READY, options.readyTimeoutMs));
      return { channel: mainChannel(name, peer, memory, budgetMicros / 1000), peer: handle };
    },
  };
}

export const sabSpin = sabWaitTransport({ kind: 'busy-spin', spinBudgetMicros: null });
export const sabHybrid = sabWaitTransport({ kind: 'hybrid', spinBudgetMicros: DEFAULT_SPIN_BUDGET_MICROS });

/** kill() also closes the memory, so a worker that has not stopped yet answers nothing more and wakes. */
function closingHandle(handle: PeerHandle, ctrl: Int32Array): PeerHandle {
  return {
    exited: handle.exited,
    cpuSeconds: () => handle.cpuSeconds(),
    threadId: handle.threadId,
    kill: () => {
      closeSpinMemory(ctrl);
      handle.kill();
    },
  };
}

/**
 * The main thread's end: a trampoline like sab's blocking mode. send() publishes the word and, unless
 * already inside the loop, runs it: spin (then sleep) until the reply word changes, hand the value to
 * the driver, whose handler calls send() again, which only stores and returns. The event loop gets a
 * turn when a wait lasts a whole slice (SLICE_MS) without a reply — so the watchdog, the worker's
 * exit event and signals are seen even while spinning — and every ~100 ms of a healthy run.
 */
function mainChannel(name: string, peer: PeerWorker, memory: SpinMemory, budgetMs: number): Channel {
  const { ctrl, payload } = memory;
  const outbox = new Outbox(ctrl, TO_PEER);
  const outgoing = payload ? Buffer.alloc(payload.length, 0x5a) : undefined;
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let seen = 0;
  let spunMs = 0; // spin budget used by the current wait, across slices
  let awaiting = false;
  let pumping = false;
  let ended = false; // closed, killed or the worker exited: nothing more to wait for

  void peer.handle.exited.then((exit) => {
    if (ended) return;
    ended = true;
    onFailure(new Error(`peer exited (${describeExit(exit)})`));
  });

  /** The reply word once it changed, or `seen`: the slice ended without one (yield, then wait on). */
  const waitReply = (): number => {
    if (spunMs < budgetMs) {
      const slice = Math.min(budgetMs - spunMs, SLICE_MS);
      const word = spinFor(ctrl, TO_MAIN, seen, slice);
      if (word !== seen) return word;
      spunMs += slice;
      if (spunMs < budgetMs) return seen; // spun a whole slice: let the event loop run first
    }
    return sleepUntilChanged(ctrl, TO_MAIN, MAIN_SLEEPS, seen, SLICE_MS);
  };

  const pump = (): void => {
    pumping = true;
    const started = Date.now();
    let taken = 0;
    try {
      while (awaiting && !ended) {
        if ((++taken & 1023) === 0 && Date.now() - started > YIELD_EVERY_MS) break;
        const word = waitReply();
        if (word === seen) break;
        seen = word;
        spunMs = 0;
        awaiting = false;
        const value = decodeWord(ctrl, TO_MAIN, word);
        if (Number.isNaN(value)) {
          ended = true;
          onFailure(new Error(`${name}: the reply word holds no protocol value (garbage)`));
          return;
        }
        onMessage(value); // may call send(), which sets awaiting again
      }
      if (awaiting && !ended) setImmediate(resume);
    } finally {
      pumping = false;
    }
  };
  const resume = (): void => {
    if (awaiting && !ended && !pumping) pump();
  };

  return {
    send: (value) => {
      if (ended || peer.killed()) return;
      if (outgoing && payload) payload.set(outgoing);
      outbox.send(value);
      if (value === STOP) return; // no reply follows the stop message
      awaiting = true;
      if (!pumping) pump();
    },
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    close: async () => {
      ended = true;
      closeSpinMemory(ctrl);
    },
  };
}
