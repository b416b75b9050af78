import * as fs from 'node:fs';
import { InputError } from './errors';

/** Largest report `compare` reads: a report of every transport × payload with 1,000 repeats is ~2 MiB. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a file the user named, as text, only if it is a regular file of at most `maxBytes`. A FIFO,
 * a device (/dev/zero), a directory or a socket is refused with one line instead of blocking or
 * growing without end. Opened non-blocking, so even a FIFO without a writer never blocks the process
 * (and Ctrl-C keeps working).
 */
export function readInputFile(file: string, maxBytes: number, what = file): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (error) {
    throw new InputError(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new InputError(`cannot read ${what}: it is ${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw new InputError(`cannot read ${what}: it is ${stat.size.toLocaleString('en-US')} bytes, over the limit of ${maxBytes.toLocaleString('en-US')}`);
    // Read at most one byte past the limit: a file that grows while we read is caught too.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) throw new InputError(`cannot read ${what}: it grew past the limit of ${maxBytes.toLocaleString('en-US')} bytes while being read`);
    return buffer.toString('utf8', 0, length);
  } finally {
    fs.closeSync(fd);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

