import type { Readable, Writable } from 'node:stream';
import { StreamChannel } from '../contract/channel';
import { streamEnd, type StreamPair } from '../contract/stream-end';
import { lineWire } from './wire';
import type { FaultChannel } from '../faults';

/**
 * A line-wire value channel over a connected byte stream that ipcbench did not open through a
 * transport definition (the serve/connect sockets): the same channel and stream end the transports use.
 * `leftover` holds bytes that arrived with an authentication line and already belong to the stream.
 */
export function streamChannel(stream: (Readable & Writable) | StreamPair, what: string, leftover?: Buffer): FaultChannel {
  const channel = new StreamChannel(lineWire);
  const never = new AbortController().signal;
  channel.attach(streamEnd({ deliver: channel.deliver, fail: channel.fail, signal: never, payloadBytes: undefined }, stream, { what, leftover }));
  // A plain object, so callers may spread it and replace one method.
  return {
    send: (value) => channel.send(value),
    onMessage: (handler) => channel.onMessage(handler),
    onFailure: (handler) => channel.onFailure(handler),
    sendGarbage: () => channel.sendGarbage(),
    sendOverlong: () => channel.sendOverlong(),
    close: () => channel.close(),
  };
}
