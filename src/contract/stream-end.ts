import type { Readable, Writable } from 'node:stream';
import type { End, EndContext, Message } from './types';

/** The two directions of a byte stream, when they are separate objects (a child's stdout and stdin). */
export interface StreamPair {
  input: Readable;
  output: Writable;
}

/** Options of {@link streamEnd}. */
export interface StreamEndOptions {
  /** Names the stream in error messages, e.g. 'tcp connection' (default 'stream'). */
  what?: string;
  /**
   * true when the socket was made with `onread` and hands its bytes to `context.deliver` itself (no
   * 'data' events then); streamEnd still watches errors and the close.
   */
  onread?: boolean;
  /** Bytes already read from the stream that belong to the channel (e.g. after an authentication line). */
  leftover?: Uint8Array;
}

/**
 * The End of a Node byte stream (a socket, or a pair of pipes), for transports with `stream: true`:
 * arriving bytes go to `context.deliver`, errors and the other side closing go to `context.fail` in
 * plain words, and `close()` ends the stream gracefully (destroying it if the other side never reads).
 */
export function streamEnd(context: EndContext, stream: (Readable & Writable) | StreamPair, options: StreamEndOptions = {}): End {
  const { input, output } = 'input' in stream && 'output' in stream ? stream : { input: stream, output: stream };
  const what = options.what ?? 'stream';
  const pipes = (input as unknown) !== output;
  const fail = (error: NodeJS.ErrnoException): void => context.fail(describeStreamError(what, error));
  if (!options.onread) input.on('data', context.deliver);
  input.resume(); // an authentication reader may have paused it
  input.on('error', fail);
  if (pipes) output.on('error', fail);
  input.on('close', () => context.fail(`${what} closed by the peer`));
  if (options.leftover && options.leftover.length > 0) process.nextTick(context.deliver, options.leftover);
  return {
    send: (message: Message) => {
      output.write(message as string | Uint8Array);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (pipes) {
          // Pipes: nothing to hand-shake; stop reading and end our side.
          input.removeAllListeners('data');
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
export function describeStreamError(what: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNRESET') return `${what} reset by the peer (ECONNRESET)`;
  if (error.code === 'EPIPE') return `${what} closed by the peer while we wrote (EPIPE)`;
  return `${what} failed: ${error.message}`;
}
