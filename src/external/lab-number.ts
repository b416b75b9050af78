import { FramingError, MAX_LINE_DIGITS } from '../transports/framing';

/**
 * Numbers as the lab's own programs parse them: `int(text)` in Python, `Integer.parseInt(s.trim())` in
 * Java, `strtol`/`atoi` in C all accept ASCII whitespace (space, tab, CR, VT, FF) around the digits.
 * We accept the same on both wires; anything else is an error that quotes what was received.
 */

/** Bytes of one message kept for parsing and quoting; a longer line is refused without buffering more. */
export const MAX_MESSAGE_BYTES = 64;

function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d); // space, \t \n \v \f \r
}

/** `got "debug: x=1"`: the received bytes, escaped (\n, \t, \xNN) and cut short, for error messages. */
export function quoteReceived(bytes: Uint8Array, max = 40): string {
  let text = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0x0a) text += '\\n';
    else if (b === 0x0d) text += '\\r';
    else if (b === 0x09) text += '\\t';
    else if (b === 0x22 || b === 0x5c) text += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
    else text += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `"${text}"${bytes.length > max ? `… (${bytes.length} bytes)` : ''}`;
}

/**
 * One message: optional ASCII whitespace (and trailing NUL bytes, as C strings send), 1–16 decimal
 * digits, optional whitespace. Throws a FramingError naming `what` was expected and quoting the bytes.
 */
export function parseLabNumber(bytes: Uint8Array, what: string): number {
  let start = 0;
  let end = bytes.length;
  while (end > start && (bytes[end - 1] === 0 || isSpace(bytes[end - 1]))) end--;
  while (start < end && isSpace(bytes[start])) start++;
  let value = 0;
  let ok = end > start && end - start <= MAX_LINE_DIGITS;
  for (let i = start; ok && i < end; i++) {
    const digit = bytes[i] - 0x30;
    if (digit < 0 || digit > 9) ok = false;
    else value = value * 10 + digit;
  }
  if (!ok) throw new FramingError(`expected ${what}, got ${quoteReceived(bytes)}`);
  return value;
}

/**
 * Line decoder for external programs: splits on '\n', parses each line with parseLabNumber. Keeps at
 * most MAX_MESSAGE_BYTES of a line; a longer one is refused (quoting its start) instead of buffered.
 */
export class LabLineDecoder {
  private readonly line = new Uint8Array(MAX_MESSAGE_BYTES);
  private length = 0;
  private failed = false;

  constructor(private readonly onValue: (value: number) => void) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && !this.failed; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        const value = this.parse(this.line.subarray(0, this.length));
        this.length = 0;
        this.onValue(value);
      } else if (this.length === MAX_MESSAGE_BYTES) {
        this.failed = true;
        throw new FramingError(`expected a decimal number on each line, got a line longer than ${MAX_MESSAGE_BYTES} bytes, starting ${quoteReceived(this.line.subarray(0, 24))}…`);
      } else {
        this.line[this.length++] = byte;
      }
    }
  }

  /**
   * At end of stream: a last line without its newline, parsed as a value (as Python's, Java's and C's
   * line readers return it), or undefined when nothing (or only whitespace) was pending.
   */
  finish(): number | undefined {
    const rest = this.line.subarray(0, this.length);
    this.length = 0;
    if (this.failed || rest.every((b) => isSpace(b) || b === 0)) return undefined;
    return this.parse(rest);
  }

  private parse(bytes: Uint8Array): number {
    try {
      return parseLabNumber(bytes, 'a decimal number on each line');
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }
}
