import type { Readable, Writable } from 'node:stream';
import { encodeLine } from '../transports/framing';
import { LabLineDecoder, parseLabNumber } from './lab-number';

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
  /** True when the last line had no newline before the end of the stream (it was still read as a value). */
  endedMidLine(): boolean;
  close(): void;
}

/**
 * Raw wire (classic socket labs): ASCII decimal with no delimiter, one message per read, lockstep.
 * A read is one whole message; whitespace around it and trailing NUL bytes (C strings) are tolerated,
 * as the lab's own int(text) does. Anything else is a FramingError quoting the read: never an allocation.
 */
export function decodeRawRead(chunk: Uint8Array): number {
  return parseLabNumber(chunk, 'one decimal number per read (raw wire)');
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
  const line = new LabLineDecoder((value) => onMessage(value));
  let midLine = false;
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
    input.once('end', () => {
      if (wire === 'line' && !failed) {
        try {
          const last = line.finish();
          if (last !== undefined) {
            midLine = true;
            onMessage(last);
          }
        } catch (error) {
          fail(error as Error);
        }
      }
      resolve();
    });
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
    endedMidLine: () => midLine,
    close: () => {
      output.end();
      input.destroy();
      if (output !== (input as unknown)) output.destroy();
    },
  };
}
