import { spinViews, Outbox, decodeWord, spinFor, sleepUntilChanged, TO_PEER, TO_MAIN, CLOSED, CLOSED_WORD, PEER_SLEEPS, READY } from './spin-memory';
import type { SpinPeerOptions } from './sab-wait';
import type { Channel } from '../types';

/**
 * The worker's end of sab-spin / sab-hybrid: spin on the TO_PEER word for up to the budget, then sleep
 * in Atomics.wait (no timeout: a sender notifies when the sleeping flag is up, and close changes the
 * word). After each message it answers synchronously (the responder's send) and waits again; a message
 * that gets no synchronous answer (stop, a hang fault) returns it to its event loop, so its promises
 * settle. CLOSED (set by the main thread's close or kill) ends the loop.
 */
export async function connectSpinPeer(options: SpinPeerOptions): Promise<Channel> {
  const { ctrl, payload } = spinViews(options.shared, options.payloadBytes);
  const budgetMs = options.spinBudgetMicros / 1000;
  const outbox = new Outbox(ctrl, TO_MAIN);
  // Receiving a payload means having the bytes: copy them out of shared memory, as a consumer would.
  const received = payload ? Buffer.alloc(payload.length) : undefined;
  let onMessage: (value: number) => void = () => undefined;
  let seen = 0;
  let answered = false;
  let closed = false;
  const isClosed = (): boolean => closed || Atomics.load(ctrl, CLOSED) !== 0;
  const reply = (value: number): void => {
    outbox.send(value);
    answered = true;
  };
  const loop = (): void => {
    while (!closed) {
      let word = spinFor(ctrl, TO_PEER, seen, budgetMs);
      if (word === seen) {
        if (isClosed()) return;
        word = sleepUntilChanged(ctrl, TO_PEER, PEER_SLEEPS, seen);
        if (word === seen) continue; // a wake-up meant for an earlier message
      }
      if (word === CLOSED_WORD) return;
      seen = word;
      if (received && payload) received.set(payload);
      answered = false;
      onMessage(decodeWord(ctrl, TO_PEER, word));
      if (!answered) break;
    }
    if (!isClosed()) setImmediate(loop);
  };
  Atomics.store(ctrl, READY, 1);
  Atomics.notify(ctrl, READY);
  setImmediate(loop); // after the responder has installed its handler
  return {
    send: reply,
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: () => undefined, // shared memory cannot fail on this side; the main thread may terminate us
    sendGarbage: () => reply(Number.NaN),
    close: async () => {
      closed = true;
    },
  };
}
