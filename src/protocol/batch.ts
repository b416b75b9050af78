import { replyTo, ProtocolError, PeerFailureError } from './messages';
import type { Channel } from '../types';

/**
 * `count` lockstep round trips on an already handshaken channel, starting at `first`; every reply is
 * checked. Resolves with the last reply. This is one operation for benchmark.js, which times batches
 * itself (a single round trip is too short for its timer resolution logic to be meaningful).
 */
export function roundTripBatch(channel: Channel, first: number, count: number, transport: string): Promise<number> {
  if (!Number.isInteger(count) || count < 1) return Promise.reject(new RangeError(`roundTripBatch: count must be a whole number ≥ 1, got ${count}`));
  return new Promise<number>((resolve, reject) => {
    let sent = first;
    let left = count;
    const settle = (error: Error | null, last?: number): void => {
      channel.onMessage(() => undefined);
      channel.onFailure(() => undefined);
      if (error) reject(error);
      else resolve(last!);
    };
    // No watchdog here: benchmark.js callers run under the test's own timeout.
    channel.onFailure((error) => settle(new PeerFailureError(transport, 'round trip', error.message)));
    channel.onMessage((value) => {
      if (value !== replyTo(sent)) {
        settle(new ProtocolError(transport, 'round trip', replyTo(sent), value, count - left + 1));
        return;
      }
      if (--left === 0) {
        settle(null, value);
        return;
      }
      sent = value + 1;
      channel.send(sent);
    });
    channel.send(sent);
  });
}
