/**
 * The shared memory of the sab transport and the worker's end of it. Layout:
 *   Int32 slots 0..3: READY (worker stores 1 and notifies: the lab's Event), TO_PEER and TO_MAIN
 *   (sequence numbers of the latest message each way; waiters sleep on them), CLOSED (main stores 1:
 *   the worker must not answer any more);
 *   Int32 slots 4..7: the value sent to the worker and the reply, each as high and low 32 bits;
 *   bytes 32..: the payload (binary wire only).
 * The values go through Atomics too, so no shared slot is ever accessed without them; the sequence
 * store after them makes them (and the payload) visible to the side that loads it.
 * A wake-up is not a message: the notify for the previous message can land on the *next* wait when
 * the waiter saw the new sequence number before the notifier called notify (measured: about once in
 * 10,000 round trips). So every wake re-checks the sequence number and waits again if it is unchanged.
 */
import { COUNTER_BYTES, readCounter, writeCounter } from './binary-framing';
import type { End, EndContext, Message } from '../contract/types';

export const READY = 0;
export const TO_PEER = 1;
export const TO_MAIN = 2;
export const CLOSED = 3;
/** First of the two Int32 slots (high, low) holding the value each way. */
export const VALUE_TO_PEER = 4;
export const VALUE_TO_MAIN = 6;
const PAYLOAD_OFFSET = 32;
const TWO_32 = 2 ** 32;

/** How long one blocking wait of the main thread lasts before it returns to its event loop. */
export const SLICE_MS = 20;


export interface SabViews {
  ctrl: Int32Array;
  payload: Uint8Array | undefined;
}

export function allocateShared(payloadBytes: number | undefined): SharedArrayBuffer {
  return new SharedArrayBuffer(PAYLOAD_OFFSET + (payloadBytes ?? 0));
}

export function views(shared: SharedArrayBuffer, payloadBytes: number | undefined): SabViews {
  return {
    ctrl: new Int32Array(shared, 0, 8),
    payload: payloadBytes ? new Uint8Array(shared, PAYLOAD_OFFSET, payloadBytes) : undefined,
  };
}

/** Stores a protocol value (a safe non-negative integer) in the slot pair at `slot`; NaN marks garbage. */
export function storeValue(ctrl: Int32Array, slot: number, value: number): void {
  Atomics.store(ctrl, slot, Number.isNaN(value) ? -1 : Math.floor(value / TWO_32));
  Atomics.store(ctrl, slot + 1, value | 0);
}

/** The value in the slot pair at `slot`; NaN when it is not a protocol value (garbage). */
export function loadValue(ctrl: Int32Array, slot: number): number {
  const high = Atomics.load(ctrl, slot) >>> 0;
  if (high >= 2 ** 21) return Number.NaN;
  return high * TWO_32 + (Atomics.load(ctrl, slot + 1) >>> 0);
}

export interface SabPeerOptions {
  shared: SharedArrayBuffer;
}

/**
 * The worker's end. The worker has nothing else to do, so it blocks in Atomics.wait; after each
 * message it answers synchronously (the responder's send) and waits again. When a message gets no
 * synchronous answer (stop, a hang fault) it returns to its event loop, so its promises settle; the
 * main thread's kill and close store CLOSED and notify, so no wait outlasts the run.
 */
export function sabPeerEnd(options: SabPeerOptions, context: EndContext): End {
  const payloadBytes = context.payloadBytes;
  const { ctrl, payload } = views(options.shared, payloadBytes);
  // Receiving a payload means having the bytes: copy them out of shared memory, as a consumer would,
  // into a body (counter + payload) that is delivered like any message transport's.
  const received = payload ? Buffer.alloc(COUNTER_BYTES + payload.length) : undefined;
  const receivedPayload = received?.subarray(COUNTER_BYTES);
  let seen = 0;
  let replies = 0;
  let answered = false;
  let closed = false;
  const loop = (): void => {
    while (!closed && Atomics.load(ctrl, CLOSED) === 0) {
      // No timeout: a timed futex wait arms a kernel timer on every call, which cost 5–8 % of sab's
      // round trips on the 2-vCPU guest. The worker needs no event-loop turn while it waits: kill and
      // close set CLOSED and notify, which ends this loop.
      Atomics.wait(ctrl, TO_PEER, seen);
      const sequence = Atomics.load(ctrl, TO_PEER);
      if (sequence === seen) continue; // CLOSED, or a late notify meant for the previous message
      seen = sequence;
      const value = loadValue(ctrl, VALUE_TO_PEER);
      answered = false;
      if (received && receivedPayload && payload) {
        receivedPayload.set(payload);
        writeCounter(received, 0, value);
        context.deliver(received);
      } else context.deliver(value);
      if (!answered) break;
    }
    // Once the main thread has closed the memory it terminates us: no more polling.
    if (!closed && Atomics.load(ctrl, CLOSED) === 0) setImmediate(loop);
  };
  setImmediate(loop); // after the responder has installed its handler
  return {
    send: (message) => {
      storeValue(ctrl, VALUE_TO_MAIN, valueOf(message));
      answered = true;
      Atomics.store(ctrl, TO_MAIN, ++replies);
      Atomics.notify(ctrl, TO_MAIN);
    },
    close: () => {
      closed = true;
    },
  };
}

/**
 * The parent's payload copy into shared memory: a body (counter + payload) of the run's size has its
 * payload bytes copied in; the view of the reused body's payload is made once, not per message.
 */
export function payloadCopier(payload: Uint8Array | undefined): (message: Message) => void {
  let body: Uint8Array | undefined;
  let bodyPayload: Uint8Array | undefined;
  return (message) => {
    if (!payload || !(message instanceof Uint8Array) || message.length !== COUNTER_BYTES + payload.length) return;
    if (message !== body) {
      body = message;
      bodyPayload = message.subarray(COUNTER_BYTES);
    }
    payload.set(bodyPayload!);
  };
}

/** The counter a message carries (a number, or a counter + payload body); NaN for anything else (garbage). */
export function valueOf(message: Message): number {
  if (typeof message === 'number') return message;
  if (message instanceof Uint8Array && message.length >= COUNTER_BYTES) return readCounter(message, 0);
  return Number.NaN;
}
