import type { Duplex } from 'node:stream';
import { LineDecoder, encodeLine } from './framing';
import type { Channel } from '../types';

/** Bytes no line decoder accepts: used by the garbage fault. */
export const GARBAGE = Buffer.from([0x67, 0x61, 0x72, 0x62, 0x00, 0xff, 0x0a]);

/** A 1 MiB line with no end: the line wire's version of a 2^32-1 length prefix. */
export const OVERLONG = Buffer.alloc(1 << 20, 0x39);

/**
 * A Channel over any byte stream (TCP, unix socket, pipe) with line framing. `leftover` holds bytes
 * that arrived together with an authentication line and already belong to the message stream.
 */
export function streamChannel(stream: Duplex, what: string, leftover?: Buffer): Channel {
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let closed = false;
  const decoder = new LineDecoder((value) => onMessage(value));
  const feed = (chunk: Buffer): void => {
    try {
      decoder.push(chunk);
    } catch (error) {
      onFailure(error as Error);
      stream.destroy();
    }
  };
  stream.on('data', feed);
  stream.resume(); // the token reader may have paused it
  stream.on('error', (error: NodeJS.ErrnoException) => onFailure(new Error(describeStreamError(what, error))));
  stream.on('close', () => {
    if (!closed) onFailure(new Error(`${what} closed by the peer${decoder.pending ? ' in the middle of a message' : ''}`));
  });
  if (leftover && leftover.length > 0) process.nextTick(feed, leftover);
  return {
    send: (value) => {
      stream.write(encodeLine(value));
    },
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    sendGarbage: () => {
      stream.write(GARBAGE);
    },
    sendOverlong: () => {
      stream.write(OVERLONG);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        if (stream.destroyed) return resolve();
        stream.once('close', () => resolve());
        stream.end();
        // A peer that never reads would keep a graceful end pending forever.
        setTimeout(() => stream.destroy(), 1000).unref();
      }),
  };
}

/** Plain words for the errors a peer causes; the code stays in brackets for searching. */
function describeStreamError(what: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNRESET') return `${what} reset by the peer (ECONNRESET)`;
  if (error.code === 'EPIPE') return `${what} closed by the peer while we wrote (EPIPE)`;
  return `${what} failed: ${error.message}`;
}
