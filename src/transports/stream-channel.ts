import type { Readable, Writable } from 'node:stream';
import { lineWire, type StreamWire } from './wire';
import type { Channel } from '../types';

/** The line wire's garbage bytes, under the name they had before the binary wire existed. */
export { LINE_GARBAGE as GARBAGE } from './wire';

/** The two directions of a byte stream: one socket for both, or a child's stdout and stdin. */
export interface StreamEnds {
  input: Readable;
  output: Writable;
}

/**
 * A Channel over any byte stream (TCP, unix socket, pipes) with line or binary framing. `leftover`
 * holds bytes that arrived together with an authentication line and already belong to the stream.
 */
export function streamChannel(ends: StreamEnds | (Readable & Writable), what: string, leftover?: Buffer, wire: StreamWire = lineWire): Channel {
  const { input, output } = 'input' in ends && 'output' in ends ? ends : { input: ends, output: ends };
  const pipes = (input as unknown) !== output;
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let closed = false;
  const decoder = wire.decoder((value) => onMessage(value));
  const feed = (chunk: Buffer): void => {
    try {
      decoder.push(chunk);
    } catch (error) {
      onFailure(error as Error);
      input.destroy();
    }
  };
  const fail = (error: NodeJS.ErrnoException): void => onFailure(new Error(describeStreamError(what, error)));
  input.on('data', feed);
  input.resume(); // the token reader may have paused it
  input.on('error', fail);
  if (pipes) output.on('error', fail);
  input.on('close', () => {
    if (!closed) onFailure(new Error(`${what} closed by the peer${decoder.pending ? ' in the middle of a message' : ''}`));
  });
  if (leftover && leftover.length > 0) process.nextTick(feed, leftover);
  return {
    send: (value) => {
      output.write(wire.encode(value));
    },
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    sendGarbage: () => {
      output.write(wire.garbage);
    },
    sendOverlong: () => {
      output.write(wire.overlong);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        if (pipes) {
          // Pipes: nothing to hand-shake; stop reading and end our side.
          input.off('data', feed);
          input.destroy();
          output.end();
          return resolve();
        }
        if (input.destroyed) return resolve();
        input.once('close', () => resolve());
        output.end();
        // A peer that never reads would keep a graceful end pending forever.
        setTimeout(() => input.destroy(), 1000).unref();
      }),
  };
}

/** Plain words for the errors a peer causes; the code stays in brackets for searching. */
function describeStreamError(what: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNRESET') return `${what} reset by the peer (ECONNRESET)`;
  if (error.code === 'EPIPE') return `${what} closed by the peer while we wrote (EPIPE)`;
  return `${what} failed: ${error.message}`;
}
