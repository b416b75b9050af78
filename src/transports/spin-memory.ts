/**
 * Shared memory and wait strategy of the sab transports: sab (blocks: a spin budget of 0), sab-hybrid
 * (spins up to a budget, then blocks) and sab-spin (spins; blocks only after the stall guard).
 *
 * One message is ONE Atomics.store of one Int32 "word" per direction: the receiver spins on that word
 * and sees a message when it changes. Measured on the 2-vCPU reference guest: a value + sequence number
 * written as three stores halved the spinning round-trip rate (every store can steal the cache line the
 * other side is spinning on), so the value is the signal:
 *   word ≥ 0: value = word >>> 1 (values below 2^30, every value the driver sends in practice);
 *   word -2 or -1: the value is in the wide slot pair (written first; garbage = NaN there);
 *   word CLOSED_WORD: main has closed the channel.
 *   The low bit alternates with every message, so sending the same value twice is still a change.
 * Int32 slots: READY, TO_PEER, TO_MAIN (the words), CLOSED, PEER_SLEEPS, MAIN_SLEEPS, wide pairs;
 * bytes 64..: the payload (binary wire only).
 *
 * Waiting: spin on the word for up to a budget, then Atomics.wait. A side about to sleep first raises
 * its *_SLEEPS flag; a sender notifies only when the flag is up (Atomics.notify with no waiter still
 * costs ~110 ns here, as much as half a spinning round trip). Sequentially consistent Atomics make this
 * safe: if the sender reads the flag as 0, the sleeper's compare inside Atomics.wait comes after the
 * sender's store and sees the new word.
 */
import { COUNTER_BYTES, readCounter } from './binary-framing';
import type { Message } from '../contract/types';

export const READY = 0;
export const TO_PEER = 1;
export const TO_MAIN = 2;
export const CLOSED = 3;
export const PEER_SLEEPS = 4;
export const MAIN_SLEEPS = 5;
const WIDE_TO_PEER = 6;
const WIDE_TO_MAIN = 8;
const SLOTS = 10;
const PAYLOAD_OFFSET = 64;

/** The word main stores in TO_PEER on close: a change the peer's Atomics.wait cannot miss. */
export const CLOSED_WORD = -3;
/** Values at or above this travel in the wide slot pair. */
const NARROW_LIMIT = 2 ** 30;
/** Spins between two clock reads: a reply that comes within ~1 µs never reads the clock (~130 ns here). */
export const SPINS_PER_CHECK = 256;

export interface SpinMemory {
  ctrl: Int32Array;
  payload: Uint8Array | undefined;
}

export function allocateSpinMemory(payloadBytes: number | undefined): SharedArrayBuffer {
  return new SharedArrayBuffer(PAYLOAD_OFFSET + (payloadBytes ?? 0));
}

export function spinViews(shared: SharedArrayBuffer, payloadBytes: number | undefined): SpinMemory {
  return {
    ctrl: new Int32Array(shared, 0, SLOTS),
    payload: payloadBytes ? new Uint8Array(shared, PAYLOAD_OFFSET, payloadBytes) : undefined,
  };
}

/** One direction of the channel: TO_PEER (main sends) or TO_MAIN (peer sends). */
export class Outbox {
  private parity = 0;
  private readonly wide: number;
  private readonly sleeps: number;

  constructor(
    private readonly ctrl: Int32Array,
    private readonly slot: typeof TO_PEER | typeof TO_MAIN,
  ) {
    this.wide = slot === TO_PEER ? WIDE_TO_PEER : WIDE_TO_MAIN;
    this.sleeps = slot === TO_PEER ? PEER_SLEEPS : MAIN_SLEEPS;
  }

  /** Publishes `value` (NaN = garbage) with one store, and wakes the receiver only if it sleeps. */
  send(value: number): void {
    this.parity ^= 1;
    if (value >= 0 && value < NARROW_LIMIT) Atomics.store(this.ctrl, this.slot, (value << 1) | this.parity);
    else {
      storeValue(this.ctrl, this.wide, value);
      Atomics.store(this.ctrl, this.slot, this.parity - 2);
    }
    if (Atomics.load(this.ctrl, this.sleeps) !== 0) Atomics.notify(this.ctrl, this.slot);
  }
}

/** The value a changed `word` of direction `slot` carries; NaN for garbage. */
export function decodeWord(ctrl: Int32Array, slot: typeof TO_PEER | typeof TO_MAIN, word: number): number {
  return word >= 0 ? word >>> 1 : loadValue(ctrl, slot === TO_PEER ? WIDE_TO_PEER : WIDE_TO_MAIN);
}

/**
 * Spins until ctrl[slot] differs from `seen`, for at most about `budgetMs` milliseconds. Returns the
 * new word, or `seen` if the budget ran out or CLOSED was set. Reads the clock once per
 * SPINS_PER_CHECK spins (the first read starts the budget), so a quick reply never reads it.
 */
export function spinFor(ctrl: Int32Array, slot: number, seen: number, budgetMs: number): number {
  if (budgetMs <= 0) return Atomics.load(ctrl, slot);
  let start = 0;
  let spins = 0;
  for (;;) {
    const word = Atomics.load(ctrl, slot);
    if (word !== seen) return word;
    if (++spins !== SPINS_PER_CHECK) continue;
    spins = 0;
    const now = performance.now();
    if (start === 0) start = now;
    else if (now - start >= budgetMs || Atomics.load(ctrl, CLOSED) !== 0) return seen;
  }
}

/**
 * Sleeps in Atomics.wait until ctrl[slot] differs from `seen` (or `timeoutMs` passes), with the
 * sleeping flag raised so a sender knows to notify. Returns the word found afterwards.
 */
export function sleepUntilChanged(ctrl: Int32Array, slot: number, sleepsFlag: number, seen: number, timeoutMs?: number): number {
  Atomics.store(ctrl, sleepsFlag, 1);
  Atomics.wait(ctrl, slot, seen, timeoutMs);
  Atomics.store(ctrl, sleepsFlag, 0);
  return Atomics.load(ctrl, slot);
}

/** Ends the channel for both sides: nothing is answered after this, and every sleeper wakes. */
export function closeSpinMemory(ctrl: Int32Array): void {
  Atomics.store(ctrl, CLOSED, 1);
  // The peer may have read CLOSED as 0 just before this and be about to sleep: changing the word it
  // sleeps on makes that Atomics.wait return at once, whenever it starts.
  Atomics.store(ctrl, TO_PEER, CLOSED_WORD);
  Atomics.notify(ctrl, TO_PEER);
  Atomics.notify(ctrl, TO_MAIN);
}

const TWO_32 = 2 ** 32;

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
