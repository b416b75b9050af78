/**
 * Binary framing for the payload sweep: frame = u32 big-endian body length + body, body = u64
 * big-endian counter + payload bytes. The reply body is the counter alone. The decoder never allocates
 * per frame (it passes over payload bytes where they lie), and it checks the length prefix as soon as
 * its 4 bytes are in, so an absurd length is an error before anything could be allocated for it.
 */
import { FramingError } from './framing';

export const LENGTH_BYTES = 4;
export const COUNTER_BYTES = 8;
export const HEADER_BYTES = LENGTH_BYTES + COUNTER_BYTES;
/** Largest accepted body (counter + payload); larger frames are rejected, never allocated. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** Largest payload a frame can carry under the default limit. */
export const MAX_PAYLOAD_BYTES = DEFAULT_MAX_FRAME_BYTES - COUNTER_BYTES;

const TWO_32 = 2 ** 32;
/** Counters above 2^53 cannot be JS numbers; the high word of a valid counter is below 2^21. */
const MAX_HIGH_WORD = 2 ** 21;

/** Writes `value` as u64 big-endian without BigInt (values are safe integers). */
export function writeCounter(target: Buffer, offset: number, value: number): void {
  target.writeUInt32BE(Math.floor(value / TWO_32), offset);
  target.writeUInt32BE(value >>> 0, offset + 4);
}

/** Reads a u64 big-endian counter; NaN when it does not fit a safe integer (a framing error for callers). */
export function readCounter(source: Uint8Array, offset: number): number {
  const high = ((source[offset] << 24) | (source[offset + 1] << 16) | (source[offset + 2] << 8) | source[offset + 3]) >>> 0;
  if (high >= MAX_HIGH_WORD) return Number.NaN;
  const low = ((source[offset + 4] << 24) | (source[offset + 5] << 16) | (source[offset + 6] << 8) | source[offset + 7]) >>> 0;
  return high * TWO_32 + low;
}

/**
 * A reusable outgoing frame: header + `payloadBytes` of payload, allocated once. Reusing it is safe in
 * lockstep: the next frame is written only after the reply to this one, and the peer replies only
 * after it has read every byte of it, so no write still references the buffer.
 */
export class FrameWriter {
  readonly frame: Buffer;

  constructor(readonly payloadBytes: number) {
    checkPayloadSize(payloadBytes);
    this.frame = patterned(HEADER_BYTES + payloadBytes, HEADER_BYTES);
    this.frame.writeUInt32BE(COUNTER_BYTES + payloadBytes, 0);
  }

  /** The frame carrying `value`; the same Buffer every call. */
  encode(value: number): Buffer {
    writeCounter(this.frame, LENGTH_BYTES, value);
    return this.frame;
  }
}

/**
 * A reusable message body (u64 counter + payload) for message transports (IPC, postMessage): they
 * copy it when sending, so reuse is safe. Its own ArrayBuffer, never a slice of Buffer's shared pool,
 * because structured clone copies a view's whole backing buffer.
 */
export class BodyWriter {
  readonly body: Buffer;

  constructor(readonly payloadBytes: number) {
    checkPayloadSize(payloadBytes);
    this.body = patterned(COUNTER_BYTES + payloadBytes, COUNTER_BYTES);
  }

  encode(value: number): Buffer {
    writeCounter(this.body, 0, value);
    return this.body;
  }
}

/** The counter of a received message body; NaN when it is not a body (too short, or not bytes). */
export function decodeBody(message: unknown): number {
  if (!(message instanceof Uint8Array) || message.length < COUNTER_BYTES) return Number.NaN;
  return readCounter(message, 0);
}

function checkPayloadSize(payloadBytes: number): void {
  if (!Number.isSafeInteger(payloadBytes) || payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`payload of ${payloadBytes} bytes is outside 0..${MAX_PAYLOAD_BYTES}`);
  }
}

/** A zeroed buffer of its own (not pooled) with a fixed non-zero pattern from `from` on: real bytes, not a page of zeros. */
function patterned(size: number, from: number): Buffer {
  const buffer = Buffer.alloc(size);
  for (let i = from; i < size; i++) buffer[i] = i & 0xff;
  return buffer;
}

/** Incremental decoder for split and coalesced frames; calls back once per complete frame. */
export class BinaryFrameDecoder {
  /** Header bytes that arrived split across chunks; allocated once. */
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerFill = 0;
  /** Payload bytes of the current frame still to pass over, and its counter. */
  private toSkip = 0;
  private counter = 0;
  private inBody = false;
  private failed = false;

  constructor(
    private readonly onValue: (value: number) => void,
    private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES,
  ) {}

  /** Feeds bytes; throws FramingError on a bad length prefix or counter. */
  push(chunk: Uint8Array, start = 0, end = chunk.length): void {
    if (this.failed) return;
    let i = start;
    while (i < end) {
      if (this.inBody) {
        const take = Math.min(this.toSkip, end - i);
        this.toSkip -= take;
        i += take;
        if (this.toSkip === 0) this.complete();
        continue;
      }
      if (this.headerFill === 0 && end - i >= HEADER_BYTES) {
        // Fast path: the whole header lies in this chunk.
        this.check(chunk, i);
        this.counter = this.counterAt(chunk, i + LENGTH_BYTES);
        i += HEADER_BYTES;
      } else {
        const take = Math.min(HEADER_BYTES - this.headerFill, end - i);
        this.header.set(chunk.subarray(i, i + take), this.headerFill);
        const before = this.headerFill;
        this.headerFill += take;
        i += take;
        if (before < LENGTH_BYTES && this.headerFill >= LENGTH_BYTES) this.check(this.header, 0);
        if (this.headerFill < HEADER_BYTES) continue;
        this.headerFill = 0;
        this.counter = this.counterAt(this.header, LENGTH_BYTES);
      }
      this.inBody = true;
      if (this.toSkip === 0) this.complete();
    }
  }

  /** True when part of a frame is buffered. */
  get pending(): boolean {
    return this.inBody || this.headerFill > 0;
  }

  /** Validates the length prefix at `offset` and sets up the payload skip: no allocation either way. */
  private check(source: Uint8Array, offset: number): void {
    const length = ((source[offset] << 24) | (source[offset + 1] << 16) | (source[offset + 2] << 8) | source[offset + 3]) >>> 0;
    if (length > this.maxFrameBytes) this.fail(`a frame of ${length} bytes is over the limit of ${this.maxFrameBytes} bytes`);
    if (length < COUNTER_BYTES) this.fail(`a frame of ${length} bytes is shorter than its ${COUNTER_BYTES}-byte counter`);
    this.toSkip = length - COUNTER_BYTES;
  }

  private counterAt(source: Uint8Array, offset: number): number {
    const value = readCounter(source, offset);
    if (Number.isNaN(value)) this.fail('a counter above 2^53');
    return value;
  }

  private complete(): void {
    this.inBody = false;
    this.onValue(this.counter);
  }

  private fail(what: string): never {
    this.failed = true;
    throw new FramingError(`bad binary framing: ${what}`);
  }
}
