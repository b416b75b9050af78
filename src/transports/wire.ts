import { LineDecoder, encodeLine } from './framing';
import { BinaryFrameDecoder, FrameWriter } from './binary-framing';

/** How values travel over a byte stream: line framing (classic) or binary frames (payload sweep). */
export interface StreamWire {
  decoder(onValue: (value: number) => void): { push(chunk: Uint8Array): void; readonly pending: boolean };
  /** The bytes for one value; may return the same Buffer every call (safe in lockstep, see FrameWriter). */
  encode(value: number): string | Buffer;
  /** Bytes the other side's decoder rejects: used by the garbage fault. */
  readonly garbage: Buffer;
  /** The longest message the wire can announce (the overlong fault): must be refused before allocation. */
  readonly overlong: Buffer;
}

/** Bytes no line decoder accepts. */
export const LINE_GARBAGE = Buffer.from([0x67, 0x61, 0x72, 0x62, 0x00, 0xff, 0x0a]);
/** A length prefix of 0xFFFFFFFF: over any frame limit, so it must be rejected before allocation. */
export const BINARY_GARBAGE = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x67, 0x61, 0x72, 0x62]);

export const lineWire: StreamWire = {
  decoder: (onValue) => new LineDecoder(onValue),
  encode: encodeLine,
  garbage: LINE_GARBAGE,
  overlong: Buffer.alloc(1 << 20, 0x39), // a 1 MiB line with no end
};

/** Binary frames that carry `payloadBytes` of payload each way we send (replies carry 0). */
export function binaryWire(payloadBytes: number): StreamWire {
  const writer = new FrameWriter(payloadBytes);
  return {
    decoder: (onValue) => new BinaryFrameDecoder(onValue),
    encode: (value) => writer.encode(value),
    garbage: BINARY_GARBAGE,
    overlong: BINARY_GARBAGE, // its length prefix is 0xFFFFFFFF
  };
}

/**
 * The wire for one end: `payloadBytes` undefined means classic. The parent sends the payload; the peer
 * (`replying`) answers with bare counters, so its frames carry no payload.
 */
export function streamWire(payloadBytes: number | undefined, replying = false): StreamWire {
  if (payloadBytes === undefined) return lineWire;
  return binaryWire(replying ? 0 : payloadBytes);
}
