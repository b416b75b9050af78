import { LineDecoder, encodeLine, FramingError, MAX_LINE_DIGITS } from '../../src/transports/framing';

function decodeChunks(chunks: Buffer[]): number[] {
  const values: number[] = [];
  const decoder = new LineDecoder((v) => values.push(v));
  for (const chunk of chunks) decoder.push(chunk);
  return values;
}

describe('line framing', () => {
  const values = [1, 2, 3, 4, 0, 123456789, 9007199254740991];
  const stream = Buffer.from(values.map(encodeLine).join(''), 'latin1');

  it('encodes a value as decimal plus newline', () => {
    expect(encodeLine(42)).toBe('42\n');
  });

  it('decodes coalesced messages (all in one chunk)', () => {
    expect(decodeChunks([stream])).toEqual(values);
  });

  it('decodes a stream split at every possible byte boundary, and byte by byte', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      expect(decodeChunks([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(values);
    }
    expect(decodeChunks([...stream].map((byte) => Buffer.from([byte])))).toEqual(values);
  });

  it('accepts CRLF line ends', () => {
    expect(decodeChunks([Buffer.from('7\r\n8\r\n')])).toEqual([7, 8]);
  });

  it.each([
    ['letters', 'abc\n'],
    ['an empty line', '\n'],
    ['a negative sign', '-1\n'],
    ['a NUL byte', '1\u00002\n'],
    ['a lone CR inside a number', '1\r2\n'],
  ])('rejects %s with a FramingError', (_what, text) => {
    expect(() => decodeChunks([Buffer.from(text, 'latin1')])).toThrow(FramingError);
  });

  it('rejects a line longer than the digit limit before it can grow', () => {
    const long = Buffer.from('9'.repeat(MAX_LINE_DIGITS + 1));
    expect(() => decodeChunks([long])).toThrow(`longer than ${MAX_LINE_DIGITS} digits`);
  });

  it('reports a pending partial line', () => {
    const decoder = new LineDecoder(() => undefined);
    decoder.push(Buffer.from('12'));
    expect(decoder.pending).toBe(true);
    decoder.push(Buffer.from('\n'));
    expect(decoder.pending).toBe(false);
  });
});
