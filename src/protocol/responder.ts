import { HANDSHAKE, STOP, replyTo } from './messages';
import type { FaultChannel, PeerFaults } from '../faults';

/** The faults that change how a message after the handshake is answered. */
const PER_MESSAGE_FAULTS = ['wrongReplyAt', 'crashAt', 'hangAt', 'garbageAt', 'overlongAt', 'floodAt', 'spinMicros'] as const satisfies ReadonlyArray<keyof PeerFaults>;

/** Values a flooding peer sends at once (fault injection). */
export const FLOOD_COUNT = 100_000;

/**
 * Answers every value x with x+1 until STOP, then resolves. `faults` lets tests make a deliberately
 * broken peer; with no faults this is the whole responder.
 */
export function respond(channel: FaultChannel, faults: PeerFaults = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let handshaken = false;
    let count = 0; // messages after the handshake
    let hung = false;
    // No fault that acts per message: after the handshake every value takes the shortest path (on a
    // spinning transport the peer's handling is half the round trip: the checks below cost ~30 ns).
    const faultless = PER_MESSAGE_FAULTS.every((fault) => faults[fault] === undefined);
    channel.onFailure(reject);
    channel.onMessage((value) => {
      if (faultless && handshaken && value !== STOP) {
        channel.send(replyTo(value));
        return;
      }
      if (hung) return;
      if (value === STOP) {
        resolve();
        return;
      }
      if (!handshaken) {
        handshaken = true;
        channel.send(value === HANDSHAKE ? (faults.handshakeReply ?? replyTo(value)) : replyTo(value));
        // The same shortest path, taken by the End itself where it can (no delivery, no send call per
        // message); STOP and anything it cannot take still come here.
        if (faultless) channel.serveSync?.(answerFaultless);
        return;
      }
      count++;
      if (count === faults.crashAt) process.exit(13);
      if (count === faults.hangAt) {
        hung = true;
        return;
      }
      if (count === faults.overlongAt && (channel.sendOverlong ?? channel.sendGarbage)) {
        // A transport without the hook still gets a clean failure (garbage) instead of a silent pass.
        (channel.sendOverlong ?? channel.sendGarbage)!.call(channel);
        return;
      }
      if (count === faults.floodAt) {
        for (let i = 1; i <= FLOOD_COUNT; i++) channel.send(value + i);
        return;
      }
      if (count === faults.garbageAt && channel.sendGarbage) {
        channel.sendGarbage();
        return;
      }
      if (faults.spinMicros) spin(faults.spinMicros);
      channel.send(count === faults.wrongReplyAt ? value + 2 : replyTo(value));
    });
  });
}

/** Every value after the handshake of a run without faults: x+1, except STOP (handled by the responder). */
const answerFaultless = (value: number): number | undefined => (value === STOP ? undefined : replyTo(value));

/** Burns CPU for `micros` µs; a spin, not a timer, because timers cannot wait a few microseconds. */
function spin(micros: number): void {
  const until = process.hrtime.bigint() + BigInt(Math.round(micros * 1000));
  while (process.hrtime.bigint() < until);
}
