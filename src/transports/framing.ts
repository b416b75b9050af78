/**
 * Line framing: each message is an ASCII decimal integer followed by '\n' (a '\r' before it is
 * tolerated for peers written on Windows). Decoding works on bytes, so a message split across TCP
 * segments, or several coalesced into one, decode the same.
 */

/** Longest accepted line, in digits: 2^53 has 16 digits; more is garbage, not a number. */
export const MAX_LINE_DIGITS = 16;

export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

export function encodeLine(value: number): string {
  return `${value}\n`;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const ZERO = 0x30;
const NINE = 0x39;

/** Incremental decoder; keeps the partial line between chunks without copying bytes. */
export class LineDecoder {
  private value = 0;
  private digits = 0;
  private sawCr = false;
  private failed = false;

  constructor(private readonly onValue: (value: number) => void) {}

  /** Feeds bytes; throws FramingError on anything that is not a decimal line. */
  push(chunk: Uint8Array, start = 0, end = chunk.length): void {
    if (this.failed) return;
    for (let i = start; i < end; i++) {
      const byte = chunk[i];
      if (byte >= ZERO && byte <= NINE && !this.sawCr) {
        if (++this.digits > MAX_LINE_DIGITS) this.fail(`a line longer than ${MAX_LINE_DIGITS} digits`);
        this.value = this.value * 10 + (byte - ZERO);
      } else if (byte === NEWLINE && this.digits > 0) {
        const value = this.value;
        this.value = 0;
        this.digits = 0;
        this.sawCr = false;
        this.onValue(value);
      } else if (byte === CR && this.digits > 0 && !this.sawCr) {
        this.sawCr = true;
      } else {
        this.fail(`byte 0x${byte.toString(16).padStart(2, '0')} where a decimal digit or newline was expected`);
      }
    }
  }

  /** True when bytes of an unfinished line are buffered. */
  get pending(): boolean {
    return this.digits > 0;
  }

  private fail(what: string): never {
    this.failed = true;
    throw new FramingError(`bad line framing: ${what}`);
  }
}
