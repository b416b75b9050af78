import {
  BinaryFrameDecoder,
  BodyWriter,
  FrameWriter,
  decodeBody,
  readCounter,
  writeCounter,
  DEFAULT_MAX_FRAME_BYTES,
  HEADER_BYTES,
} from '../../src/transports/binary-framing';
import { FramingError } from '../../src/transports/framing';

function decodeChunks(chunks: Uint8Array[], maxFrameBytes?: number): number[] {
  const values: number[] = [];
  const decoder = new BinaryFrameDecoder((v) => values.push(v), maxFrameBytes);
  for (const chunk of chunks) decoder.push(chunk);
  return values;
}

/** Frames of several payload sizes, concatenated (copies: the writer reuses its buffer). */
function stream(entries: Array<[value: number, payload: number]>): Buffer {
  return Buffer.concat(entries.map(([value, payload]) => Buffer.from(new FrameWriter(payload).encode(value))));
}

describe('binary framing', () => {
  const entries: Array<[number, number]> = [[1, 0], [2, 5], [3, 64], [4, 0], [2 ** 40 + 7, 300], [Number.MAX_SAFE_INTEGER, 1]];
  const bytes = stream(entries);
  const values = entries.map(([v]) => v);

  it('writes u32 big-endian body length, then the u64 big-endian counter, then the payload', () => {
    const frame = new FrameWriter(3).encode(258);
    expect([...frame.subarray(0, HEADER_BYTES)]).toEqual([0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 1, 2]);
    expect(frame.length).toBe(HEADER_BYTES + 3);
  });

  it('round-trips counters up to 2^53 - 1 without BigInt', () => {
    const buffer = Buffer.alloc(8);
    for (const value of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER]) {
      writeCounter(buffer, 0, value);
      expect(readCounter(buffer, 0)).toBe(value);
      expect(buffer.readBigUInt64BE(0)).toBe(BigInt(value));
    }
  });

  it('reuses one buffer per writer (no allocation per message)', () => {
    const writer = new FrameWriter(16);
    expect(writer.encode(1)).toBe(writer.encode(2));
  });

  it('decodes coalesced frames (all in one chunk)', () => {
    expect(decodeChunks([bytes])).toEqual(values);
  });

  it('decodes a stream split at every possible byte boundary, and byte by byte', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decodeChunks([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(values);
    }
    expect(decodeChunks([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(values);
  });

  it('delivers a frame only once its last payload byte has arrived', () => {
    const received: number[] = [];
    const decoder = new BinaryFrameDecoder((v) => received.push(v));
    const frame = stream([[9, 100]]);
    decoder.push(frame.subarray(0, frame.length - 1));
    expect(received).toEqual([]);
    expect(decoder.pending).toBe(true);
    decoder.push(frame.subarray(frame.length - 1));
    expect(received).toEqual([9]);
    expect(decoder.pending).toBe(false);
  });

  it('rejects a 0xFFFFFFFF length prefix from its 4 bytes alone, without allocating', () => {
    const decoder = new BinaryFrameDecoder(() => undefined);
    const allocs = [jest.spyOn(Buffer, 'alloc'), jest.spyOn(Buffer, 'allocUnsafe'), jest.spyOn(Buffer, 'allocUnsafeSlow')];
    try {
      decoder.push(Uint8Array.of(0xff, 0xff));
      expect(() => decoder.push(Uint8Array.of(0xff, 0xff))).toThrow(FramingError);
      for (const spy of allocs) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of allocs) spy.mockRestore();
    }
  });

  it('names the size and the limit when a frame is too large', () => {
    expect(() => decodeChunks([Uint8Array.of(0xff, 0xff, 0xff, 0xff)])).toThrow(
      `bad binary framing: a frame of 4294967295 bytes is over the limit of ${DEFAULT_MAX_FRAME_BYTES} bytes`,
    );
    expect(() => decodeChunks([stream([[1, 100]])], 64)).toThrow('a frame of 108 bytes is over the limit of 64 bytes');
  });

  it('rejects a body shorter than its counter, and a counter above 2^53', () => {
    expect(() => decodeChunks([Uint8Array.of(0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7)])).toThrow('shorter than its 8-byte counter');
    expect(() => decodeChunks([Uint8Array.of(0, 0, 0, 8, 0xff, 0, 0, 0, 0, 0, 0, 0)])).toThrow('a counter above 2^53');
  });

  it('stays failed after an error: later bytes are not misread as frames', () => {
    const received: number[] = [];
    const decoder = new BinaryFrameDecoder((v) => received.push(v));
    expect(() => decoder.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toThrow(FramingError);
    decoder.push(stream([[5, 0]]));
    expect(received).toEqual([]);
  });

  it('message bodies: counter + payload in one own buffer; anything else decodes to NaN', () => {
    const writer = new BodyWriter(32);
    const body = writer.encode(77);
    expect(body.length).toBe(40);
    expect(body.byteOffset).toBe(0);
    expect(body.buffer.byteLength).toBe(40); // not a slice of the shared pool
    expect(decodeBody(body)).toBe(77);
    expect(decodeBody(new Uint8Array(body))).toBe(77); // what structured clone delivers
    expect(decodeBody(Uint8Array.of(1, 2, 3))).toBeNaN();
    expect(decodeBody('garbage')).toBeNaN();
  });

  it('refuses payload sizes outside 0..limit', () => {
    expect(() => new FrameWriter(-1)).toThrow(RangeError);
    expect(() => new BodyWriter(DEFAULT_MAX_FRAME_BYTES)).toThrow(RangeError);
  });
});
