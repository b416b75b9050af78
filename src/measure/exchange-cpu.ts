import type { FaultChannel } from '../faults';

/**
 * A peer's CPU for the exchange only: from the first message it receives (the handshake) until
 * `stop()`, so start-up and — for a spinning peer — the wait for the handshake are not counted. The
 * handler wrapper replaces itself with the real handler on the first message: no cost per message.
 */
export function cpuFromFirstMessage(channel: FaultChannel, seconds: (atEnd: boolean) => number): { channel: FaultChannel; stop(): number | undefined } {
  let start: number | undefined;
  const wrapped: FaultChannel = {
    // Bound, not spread: a channel may be a class instance whose methods live on its prototype.
    send: channel.send.bind(channel),
    onMessage: (handler) =>
      channel.onMessage((value) => {
        start = seconds(false);
        channel.onMessage(handler);
        handler(value);
      }),
    onFailure: channel.onFailure.bind(channel),
    // Offered only after the first message (the handshake), so the start above is already taken.
    serveSync: channel.serveSync?.bind(channel),
    sendGarbage: channel.sendGarbage?.bind(channel),
    sendOverlong: channel.sendOverlong?.bind(channel),
    close: channel.close.bind(channel),
  };
  return { channel: wrapped, stop: () => (start === undefined ? undefined : seconds(true) - start) };
}
