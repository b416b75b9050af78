import fc from 'fast-check';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { LineDecoder, encodeLine, FramingError, MAX_LINE_DIGITS } from '../../src/transports/framing';
import { decodeRawRead } from '../../src/external/wire';
import { readFirstLine, MAX_FIRST_LINE } from '../../src/external/first-line';

/** Cuts `bytes` at the given (sorted, deduplicated) offsets. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

const values = fc.array(fc.maxSafeNat(), { maxLength: 50 });
const offsets = fc.array(fc.nat(), { maxLength: 30 });

describe('line framing, property-based', () => {
  it('any split or coalescing of a valid stream decodes to the same messages', () => {
    fc.assert(
      fc.property(values, offsets, fc.boolean(), (numbers, at, crlf) => {
        const text = numbers.map((n) => (crlf ? `${n}\r\n` : encodeLine(n))).join('');
        const decoded: number[] = [];
        const decoder = new LineDecoder((v) => decoded.push(v));
        for (const chunk of cut(Buffer.from(text, 'latin1'), at)) decoder.push(chunk);
        expect(decoded).toEqual(numbers);
        expect(decoder.pending).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes, however split, end in values or a FramingError, and never buffer past the digit limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), offsets, (bytes, at) => {
        const decoded: number[] = [];
        const decoder = new LineDecoder((v) => decoded.push(v));
        try {
          for (const chunk of cut(bytes, at)) {
            decoder.push(chunk);
            // The decoder keeps a number, never bytes: its partial line is bounded by the digit limit.
            expect((decoder as unknown as { digits: number }).digits).toBeLessThanOrEqual(MAX_LINE_DIGITS);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(FramingError);
        }
        for (const v of decoded) expect(Number.isSafeInteger(v) && v >= 0 && v < 10 ** MAX_LINE_DIGITS).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('an over-long line fails at the first digit past the limit, whatever its length', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_LINE_DIGITS + 1, max: 1 << 20 }), (length) => {
        let seen = 0;
        const decoder = new LineDecoder(() => undefined);
        const digits = Buffer.alloc(length, 0x39);
        expect(() => {
          for (let i = 0; i < length; i += 4096) {
            seen = i;
            decoder.push(digits, i, Math.min(length, i + 4096));
          }
        }).toThrow(FramingError);
        expect(seen).toBe(0); // failed inside the first chunk
      }),
      { numRuns: 20 },
    );
  });
});

describe('raw wire, property-based', () => {
  it('a read of any bytes is one number or a FramingError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const v = decodeRawRead(bytes);
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(FramingError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('every safe integer survives the raw round trip', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (n) => expect(decodeRawRead(Buffer.from(String(n)))).toBe(n)));
  });
});

describe('first line (token) reader, property-based', () => {
  it('returns the line and the bytes after it for any split, and gives up on a line past the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '0', ' ', '\n', '\u00e9'), maxLength: 300 }), offsets, (text, at) => {
        const bytes = Buffer.from(text, 'latin1');
        const socket = Object.assign(new EventEmitter(), { pause: () => undefined }) as unknown as Socket;
        let result: { line: string | null; leftover: Buffer } | undefined;
        readFirstLine(socket, (line, leftover) => (result = { line, leftover }));
        for (const chunk of cut(bytes, at)) if (!result) socket.emit('data', Buffer.from(chunk));
        if (!result) socket.emit('end');
        const newline = bytes.indexOf(0x0a);
        if (newline === -1 || newline > MAX_FIRST_LINE) expect(result!.line).toBeNull();
        else {
          expect(result!.line).toBe(bytes.subarray(0, newline).toString('latin1').trim());
          expect(Buffer.concat([Buffer.from(result!.leftover)]).equals(bytes.subarray(newline + 1, newline + 1 + result!.leftover.length))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
