import { spinViews, Outbox, decodeWord, spinFor, sleepUntilChanged, valueOf, TO_PEER, TO_MAIN, CLOSED, CLOSED_WORD, PEER_SLEEPS } from './spin-memory';
import { COUNTER_BYTES, writeCounter } from './binary-framing';
import type { End, EndContext, Message } from '../contract/types';

/** What the parent end hands the peer worker. */
export interface SpinPeerOptions {
  shared: SharedArrayBuffer;
  /** µs to spin for a message before sleeping in Atomics.wait. */
  spinBudgetMicros: number;
}

/**
 * The worker's end of sab-spin / sab-hybrid: spin on the TO_PEER word for up to the budget, then sleep
 * in Atomics.wait (no timeout: a sender notifies when the sleeping flag is up, and close changes the
 * word). After each message it answers synchronously (the responder's send) and waits again; a message
 * that gets no synchronous answer (stop, a hang fault) returns it to its event loop, so its promises
 * settle. CLOSED (set by the main thread's close or kill) ends the loop. Once ipcbench hands it an answer
 * (serveSync: after the handshake of a faultless run), the loop answers each message itself.
 */
export function spinPeerEnd(options: SpinPeerOptions, context: EndContext): End {
  const { ctrl, payload } = spinViews(options.shared, context.payloadBytes);
  const budgetMs = options.spinBudgetMicros / 1000;
  const outbox = new Outbox(ctrl, TO_MAIN);
  const deliver = context.deliver;
  // Receiving a payload means having the bytes: copy them out of shared memory, as a consumer would,
  // into a body (counter + payload) that is delivered like any message transport's.
  const received = payload ? Buffer.alloc(COUNTER_BYTES + payload.length) : undefined;
  const receivedPayload = received?.subarray(COUNTER_BYTES);
  let seen = 0;
  let answered = false;
  // Set by serveSync (after the handshake of a faultless run): replies made here, without a delivery.
  let answer: ((message: Message) => Message | undefined) | undefined;
  let closed = false;
  const isClosed = (): boolean => closed || Atomics.load(ctrl, CLOSED) !== 0;
  let spunOut = false; // servePlain spun its budget: no second spin before sleeping
  const loop = (): void => {
    while (!closed) {
      let word = spunOut ? Atomics.load(ctrl, TO_PEER) : spinFor(ctrl, TO_PEER, seen, budgetMs);
      spunOut = false;
      if (word === seen) {
        if (isClosed()) return;
        word = sleepUntilChanged(ctrl, TO_PEER, PEER_SLEEPS, seen);
        if (word === seen) continue; // a wake-up meant for an earlier message
      }
      if (word === CLOSED_WORD) return;
      seen = word;
      answered = false;
      const value = decodeWord(ctrl, TO_PEER, word);
      let message: Message = value;
      if (received && receivedPayload && payload) {
        receivedPayload.set(payload);
        writeCounter(received, 0, value);
        message = received;
      }
      if (answer !== undefined) {
        const reply = answer(message);
        if (reply !== undefined) {
          outbox.send(typeof reply === 'number' ? reply : valueOf(reply));
          if (received === undefined) spunOut = servePlain(answer);
          continue;
        }
      }
      deliver(message);
      if (!answered) break;
    }
    if (!isClosed()) setImmediate(loop);
  };
  /**
   * serveSync in a bare-counter run: spin, answer, store — the hand-written peer's steps, with ipcbench's
   * answer between — until a word this cannot take: none within the spin budget, STOP (0), close or a
   * wide value (negative), or one `answering` declines. That word stays unseen for the loop above, which
   * sleeps, delivers or ends as for any message (asking `answering` again: it has no side effects).
   * True when it spun its whole budget: the loop above then sleeps at once (the stall guard stays one budget).
   */
  const servePlain = (answering: (message: Message) => Message | undefined): boolean => {
    for (;;) {
      const word = spinFor(ctrl, TO_PEER, seen, budgetMs);
      if (word === seen) return true;
      if (word <= 1) return false; // 0 or 1: the STOP value 0 (either parity); negative: not narrow
      const reply = answering(word >>> 1);
      if (typeof reply !== 'number') return false;
      seen = word;
      outbox.send(reply);
    }
  };
  setImmediate(loop); // after the responder has installed its handler
  return {
    send: (message) => {
      outbox.send(typeof message === 'number' ? message : valueOf(message));
      answered = true;
    },
    serveSync: (answering) => {
      answer = answering;
    },
    close: () => {
      closed = true;
    },
  };
}
