import { waitFor, describeExit } from './peer-process';
import { startPeerWorker, type PeerWorker } from './peer-worker';
import { allocateShared, views, storeValue, loadValue, READY, TO_PEER, TO_MAIN, CLOSED, VALUE_TO_PEER, VALUE_TO_MAIN, SLICE_MS, type SabViews } from './sab-memory';
import { STOP } from '../protocol/messages';
import type { Channel, Connection, OpenOptions, PeerHandle, Transport } from '../types';

/** Atomics.waitAsync (ES2024; in Node 20's V8, not in the ES2022 typings). */
type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const atomics = Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number, timeoutMs?: number): WaitAsyncResult };

/**
 * How the main thread waits for a reply. 'blocking': Atomics.wait in slices of SLICE_MS, returning to
 * the event loop between slices only when the worker is slow (so watchdog, exit events and signals
 * still run); replies that come within a slice are handled without any event-loop turn.
 * 'async': Atomics.waitAsync, one Promise per reply (the event loop runs every round trip).
 */
export type SabWaitMode = 'blocking' | 'async';

const YIELD_EVERY_MS = 100;

export function sabTransport(mode: SabWaitMode): Transport {
  return {
    name: 'sab',
    threadPeer: true,
    description:
      mode === 'blocking'
        ? `SharedArrayBuffer + Atomics.wait/notify with a worker; main thread blocks in Atomics.wait (${SLICE_MS} ms slices)`
        : 'SharedArrayBuffer + Atomics with a worker; main thread waits with Atomics.waitAsync (event loop stays live)',
    supported: () =>
      typeof SharedArrayBuffer === 'function' && typeof atomics.waitAsync === 'function' ? true : 'SharedArrayBuffer or Atomics.waitAsync is unavailable',
    async open(options: OpenOptions): Promise<Connection> {
      const shared = allocateShared(options.payloadBytes);
      const memory = views(shared, options.payloadBytes);
      const peer = startPeerWorker({ transport: 'sab', faults: options.faults, payloadBytes: options.payloadBytes, shared });
      const handle = closingHandle(peer.handle, memory.ctrl);
      await waitFor('sab', handle, options.readyTimeoutMs, 'no Atomics.notify of ready from the worker', peer.stderrTail, readyFlag(memory.ctrl, READY, options.readyTimeoutMs));
      return { channel: mainChannel(peer, memory, mode), peer: handle };
    },
  };
}

/**
 * The lab's Event in shared memory: signals once the worker has stored 1 in ctrl[index] (and notified),
 * waiting with Atomics.waitAsync so the event loop stays live; the returned function releases the wait.
 */
export function readyFlag(ctrl: Int32Array, index: number, timeoutMs: number): (signal: () => void) => () => void {
  return (signal) => {
    let waiting = true;
    const result = atomics.waitAsync(ctrl, index, 0, timeoutMs);
    const check = (): void => {
      if (waiting && Atomics.load(ctrl, index) === 1) signal();
    };
    if (result.async) void result.value.then(check);
    else check();
    return () => {
      waiting = false;
      Atomics.notify(ctrl, index); // releases our own waitAsync
    };
  };
}

/**
 * Measured here (2 vCPU, 50,000 round trips × 6): blocking 83–95k round trips/s, async 68–75k, so
 * the registered transport blocks; the async mode stays for comparison.
 */
export const sab = sabTransport('blocking');

/** kill() also marks the memory closed, so a worker that has not stopped yet answers nothing more. */
function closingHandle(handle: PeerHandle, ctrl: Int32Array): PeerHandle {
  return {
    exited: handle.exited,
    cpuSeconds: () => handle.cpuSeconds(),
    threadId: handle.threadId,
    kill: () => {
      Atomics.store(ctrl, CLOSED, 1);
      Atomics.notify(ctrl, TO_PEER);
      handle.kill();
    },
  };
}

function mainChannel(peer: PeerWorker, memory: SabViews, mode: SabWaitMode): Channel {
  const { ctrl, payload } = memory;
  const outgoing = payload ? Buffer.alloc(payload.length, 0x5a) : undefined;
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let sent = 0;
  let seen = 0;
  let awaiting = false;
  let pumping = false;
  let ended = false; // closed, killed or the worker exited: nothing more to wait for

  void peer.handle.exited.then((exit) => {
    if (ended) return;
    ended = true;
    onFailure(new Error(`peer exited (${describeExit(exit)})`));
  });

  /** Takes the reply that has arrived; false if it is garbage. */
  const take = (): boolean => {
    seen = Atomics.load(ctrl, TO_MAIN);
    awaiting = false;
    const value = loadValue(ctrl, VALUE_TO_MAIN);
    if (Number.isNaN(value)) {
      ended = true;
      onFailure(new Error('sab: the reply slot holds no protocol value (garbage)'));
      return false;
    }
    onMessage(value); // may call send(), which sets awaiting again
    return true;
  };

  // Blocking mode: a trampoline, so a handler that sends from inside onMessage does not recurse.
  const pump = (): void => {
    pumping = true;
    const started = Date.now();
    let taken = 0;
    try {
      while (awaiting && !ended) {
        // A long healthy run would hold the event loop for its whole length: hand it a turn every
        // ~100 ms (checked every 1024 replies, so the clock read costs nothing measurable) for Ctrl-C.
        if ((++taken & 1023) === 0 && Date.now() - started > YIELD_EVERY_MS) {
          setImmediate(resume);
          return;
        }
        const woke = Atomics.wait(ctrl, TO_MAIN, seen, SLICE_MS);
        if (Atomics.load(ctrl, TO_MAIN) === seen) {
          if (woke !== 'timed-out') continue; // a late notify meant for the previous reply (see sab-memory)
          setImmediate(resume); // slow or hung worker: let the event loop run, then wait on
          return;
        }
        if (!take()) return;
      }
    } finally {
      pumping = false;
    }
  };
  const resume = (): void => {
    if (awaiting && !ended && !pumping) pump();
  };

  const arm = (): void => {
    const result = atomics.waitAsync(ctrl, TO_MAIN, seen);
    if (!result.async) take();
    else
      void result.value.then(() => {
        if (!awaiting || ended) return;
        // A late notify meant for the previous reply can wake us early (see sab-memory): wait again.
        if (Atomics.load(ctrl, TO_MAIN) === seen) arm();
        else take();
      });
  };

  return {
    send: (value) => {
      if (ended || peer.killed()) return;
      storeValue(ctrl, VALUE_TO_PEER, value);
      if (outgoing && payload) payload.set(outgoing);
      Atomics.store(ctrl, TO_PEER, ++sent);
      Atomics.notify(ctrl, TO_PEER);
      if (value === STOP) return; // no reply follows the stop message
      awaiting = true;
      if (mode === 'async') arm();
      else if (!pumping) pump();
    },
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    close: async () => {
      ended = true;
      Atomics.store(ctrl, CLOSED, 1);
      Atomics.notify(ctrl, TO_MAIN); // releases a pending waitAsync
      Atomics.notify(ctrl, TO_PEER);
    },
  };
}
