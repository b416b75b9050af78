import { defineTransport } from '../contract/define';
import { allocateShared, views, storeValue, loadValue, sabPeerEnd, valueOf, payloadCopier, TO_PEER, TO_MAIN, CLOSED, VALUE_TO_PEER, VALUE_TO_MAIN, SLICE_MS, type SabPeerOptions, type SabViews } from './sab-memory';
import { STOP } from '../protocol/messages';
import type { Worker } from 'node:worker_threads';
import type { End, EndContext, Message } from '../contract/types';

/** Atomics.waitAsync (ES2024; in Node 20's V8, not in the ES2022 typings). */
type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const atomics = Atomics as unknown as { waitAsync?(array: Int32Array, index: number, value: number, timeoutMs?: number): WaitAsyncResult };

/**
 * How the main thread waits for a reply. 'blocking': Atomics.wait in slices of SLICE_MS, returning to
 * the event loop between slices only when the worker is slow (so watchdog, exit events and signals
 * still run); replies that come within a slice are handled without any event-loop turn.
 * 'async': Atomics.waitAsync, one Promise per reply (the event loop runs every round trip).
 */
export type SabWaitMode = 'blocking' | 'async';

const YIELD_EVERY_MS = 100;

export function sabTransport(mode: SabWaitMode) {
  return defineTransport<SabPeerOptions>({
    name: 'sab',
    peerRuns: 'worker',
    carries: ['number', 'bytes'],
    description:
      mode === 'blocking'
        ? `SharedArrayBuffer + Atomics.wait/notify with a worker; main thread blocks in Atomics.wait (${SLICE_MS} ms slices)`
        : 'SharedArrayBuffer + Atomics with a worker; main thread waits with Atomics.waitAsync (event loop stays live)',
    supported: () =>
      typeof SharedArrayBuffer === 'function' && typeof atomics.waitAsync === 'function' ? true : 'SharedArrayBuffer or Atomics.waitAsync is unavailable',
    async parent(context) {
      const shared = allocateShared(context.payloadBytes);
      const worker = context.startPeer({ shared }).worker!;
      return mainEnd(worker, views(shared, context.payloadBytes), mode, context);
    },
    async peer(options, context) {
      return sabPeerEnd(options, context);
    },
  });
}

/**
 * Measured here (2 vCPU, 50,000 round trips × 6): blocking 83–95k round trips/s, async 68–75k, so
 * the registered transport blocks; the async mode stays for comparison.
 */
export const sab = sabTransport('blocking');

function mainEnd(worker: Worker, memory: SabViews, mode: SabWaitMode, context: EndContext): End {
  const { ctrl, payload } = memory;
  const copyPayload = payloadCopier(payload);
  let sent = 0;
  let seen = 0;
  let awaiting = false;
  let pumping = false;
  let ended = false; // closed, killed or the worker exited: nothing more to wait for
  worker.once('exit', () => {
    ended = true;
  });

  /** Takes the reply that has arrived and delivers it (NaN, garbage, fails the channel). */
  const take = (): void => {
    seen = Atomics.load(ctrl, TO_MAIN);
    awaiting = false;
    context.deliver(loadValue(ctrl, VALUE_TO_MAIN)); // may call send(), which sets awaiting again
  };

  // Blocking mode: a trampoline, so a handler that sends from inside deliver does not recurse.
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
        take();
      }
    } finally {
      pumping = false;
    }
  };
  const resume = (): void => {
    if (awaiting && !ended && !pumping) pump();
  };

  const arm = (): void => {
    const result = atomics.waitAsync!(ctrl, TO_MAIN, seen);
    if (!result.async) take();
    else
      void result.value.then(() => {
        if (!awaiting || ended) return;
        // A late notify meant for the previous reply can wake us early (see sab-memory): wait again.
        if (Atomics.load(ctrl, TO_MAIN) === seen) arm();
        else take();
      });
  };

  const stop = (): void => {
    ended = true;
    Atomics.store(ctrl, CLOSED, 1);
    Atomics.notify(ctrl, TO_MAIN); // releases a pending waitAsync
    Atomics.notify(ctrl, TO_PEER); // and the worker's wait
  };

  return {
    send: (message: Message) => {
      if (ended) return;
      const value = valueOf(message);
      copyPayload(message);
      storeValue(ctrl, VALUE_TO_PEER, value);
      Atomics.store(ctrl, TO_PEER, ++sent);
      Atomics.notify(ctrl, TO_PEER);
      if (value === STOP) return; // no reply follows the stop message
      awaiting = true;
      if (mode === 'async') arm();
      else if (!pumping) pump();
    },
    // A worker blocked in Atomics.wait does not see terminate(): release it.
    peerKilled: stop,
    close: stop,
  };
}
