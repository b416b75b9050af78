import type { Readable, Writable } from 'node:stream';
import { LineDecoder, encodeLine, FramingError, MAX_LINE_DIGITS } from '../transports/framing';

/** How numbers travel to and from an external program (DESIGN.md §3). */
export type Wire = 'line' | 'raw';

/**
 * A message stream to an external program over any pair of byte streams (a socket, or a child's
 * stdout/stdin). Unlike the internal Channel it exposes byte-level writes, so grading can send frames
 * split or coalesced on purpose, and it reports the end of the input separately from errors.
 */
export interface WireStream {
  send(value: number): void;
  /** Writes bytes as they are (used to split or coalesce frames on purpose). */
  sendBytes(bytes: string): void;
  onMessage(handler: (value: number) => void): void;
  /** Undecodable input or a stream error. */
  onFailure(handler: (error: Error) => void): void;
  /** The peer closed its sending side (EOF). */
  readonly ended: Promise<void>;
  close(): void;
}

/**
 * Raw wire (classic socket labs): ASCII decimal with no delimiter, one message per read, lockstep.
 * A read is one whole message; trailing whitespace or NUL bytes (C strings, println) are tolerated.
 * Anything else, or more digits than any safe integer has, is a FramingError: never an allocation.
 */
export function decodeRawRead(chunk: Uint8Array): number {
  let end = chunk.length;
  while (end > 0 && (chunk[end - 1] === 0 || chunk[end - 1] === 0x20 || chunk[end - 1] === 0x0a || chunk[end - 1] === 0x0d)) end--;
  if (end === 0) throw new FramingError('bad raw framing: a read with no digits');
  if (end > MAX_LINE_DIGITS) throw new FramingError(`bad raw framing: a read of ${end} bytes, longer than ${MAX_LINE_DIGITS} digits`);
  let value = 0;
  for (let i = 0; i < end; i++) {
    const byte = chunk[i];
    if (byte < 0x30 || byte > 0x39) {
      throw new FramingError(`bad raw framing: byte 0x${byte.toString(16).padStart(2, '0')} where a decimal digit was expected (raw wire: one number per read)`);
    }
    value = value * 10 + (byte - 0x30);
  }
  return value;
}

/** Replies we buffer for a program that does not read them, before giving up on it. */
export const MAX_UNREAD_BYTES = 1 << 20;

export function wireStream(input: Readable, output: Writable, wire: Wire, what: string): WireStream {
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let failed = false;
  const fail = (error: Error): void => {
    if (failed) return;
    failed = true;
    onFailure(error);
  };
  const line = new LineDecoder((value) => onMessage(value));
  input.on('data', (chunk: Buffer) => {
    if (failed) return;
    try {
      if (wire === 'line') line.push(chunk);
      else onMessage(decodeRawRead(chunk));
    } catch (error) {
      fail(error as Error);
    }
  });
  const ended = new Promise<void>((resolve) => {
    input.once('end', () => resolve());
    input.once('close', () => resolve());
  });
  input.on('error', (error: NodeJS.ErrnoException) => fail(new Error(`${what} failed: ${error.code ?? error.message}`)));
  // EPIPE when the program has gone: reported through the read side or the exit status instead.
  output.on('error', () => undefined);
  const write = (text: string): void => {
    if (output.destroyed || !output.writable) return;
    // A program that sends without ever reading would make us buffer replies without end.
    if (output.writableLength > MAX_UNREAD_BYTES) return fail(new Error(`${what}: the program does not read (more than ${MAX_UNREAD_BYTES} bytes unread)`));
    output.write(text);
  };
  return {
    send: (value) => write(wire === 'line' ? encodeLine(value) : String(value)),
    sendBytes: write,
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    ended,
    close: () => {
      output.end();
      input.destroy();
      if (output !== (input as unknown)) output.destroy();
    },
  };
}
