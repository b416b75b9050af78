import type { Socket } from 'node:net';

/** Longest first line accepted while waiting for a token; anything longer is a rogue client. */
export const MAX_FIRST_LINE = 128;

/** Why there is no first line: it was longer than MAX_FIRST_LINE, or the socket ended before a newline. */
export type NoLine = 'overlong' | 'closed';

/**
 * Reads the first line of `socket` (a token or a status line) without ever buffering more than
 * MAX_FIRST_LINE bytes. Calls back once: with the line and the bytes after it, or with null and the
 * reason when the line is too long or the socket ends first. Pauses the socket so the next reader
 * loses nothing.
 */
export function readFirstLine(socket: Socket, done: (line: string | null, leftover: Buffer, why?: NoLine) => void): void {
  let buffered = Buffer.alloc(0);
  let finished = false;
  const finish = (line: string | null, leftover: Buffer, why?: NoLine): void => {
    if (finished) return;
    finished = true;
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.pause();
    done(line, leftover, why);
  };
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const newline = buffered.indexOf(0x0a);
    if (newline === -1 && buffered.length <= MAX_FIRST_LINE) return;
    if (newline === -1 || newline > MAX_FIRST_LINE) return finish(null, Buffer.alloc(0), 'overlong');
    finish(buffered.subarray(0, newline).toString('latin1').trim(), buffered.subarray(newline + 1));
  };
  const onEnd = (): void => finish(null, Buffer.alloc(0), 'closed');
  socket.on('data', onData);
  socket.once('end', onEnd);
}
