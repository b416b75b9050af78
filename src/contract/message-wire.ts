/**
 * How protocol values travel as whole messages (message transports: IPC, postMessage, WebSocket, ...).
 * The sending side picks the richest kind the transport carries; the receiving side decodes any kind,
 * so the two ends never need to agree beforehand:
 *   number  a bare counter (the classic wire, and every reply where numbers are carried)
 *   string  decimal digits, optionally followed by ':' and a payload of the run's size
 *   bytes   u64 big-endian counter + payload bytes (the binary body)
 *   object  { counter, records } with records of about the run's size in JSON (`--message object`)
 * Objects with an `ipcbench` key are ipcbench's control messages (ready, CPU report): never values.
 */
import { BodyWriter, readCounter, COUNTER_BYTES } from '../transports/binary-framing';
import { MAX_LINE_DIGITS } from '../transports/framing';
import type { Message, MessageKind } from './types';
import type { MessageShape } from '../runtime-types';

/** decode() result for a control message: not a value, not an error. */
export const CONTROL = -1;

export interface MessageWire {
  encode(value: number): Message;
  /** The value a message carries; CONTROL for a control message; NaN when it is not a protocol message. */
  decode(message: unknown): number;
  /** A message the other side cannot decode (the garbage fault). */
  readonly garbage: Message;
  /** The longest nonsense the wire can carry (the overlong fault). */
  readonly overlong: Message;
  /** What one payload message is, as recorded in reports; undefined on the classic wire. */
  readonly shape: 'bytes' | 'string' | 'object' | undefined;
  /** true: encode(value) is the value itself, a bare number (what End.exchangeSync sends). */
  readonly bare?: true;
}

const DEFAULT_CARRIES: readonly MessageKind[] = ['string', 'bytes'];

export interface MessageWireOptions {
  carries?: readonly MessageKind[];
  /** undefined: the classic wire. */
  payloadBytes?: number;
  message?: MessageShape;
  /** The peer's side: it answers with bare counters whatever the parent sends. */
  replying?: boolean;
}

/** Why a transport carrying `carries` cannot send payload messages of `shape`; true if it can. */
export function shapeSupported(carries: readonly MessageKind[] = DEFAULT_CARRIES, shape: MessageShape = 'bytes'): true | string {
  if (shape === 'object') return carries.includes('object') ? true : 'cannot carry objects (--message object needs a message transport that does)';
  return carries.includes('bytes') || carries.includes('string') ? true : 'carries neither bytes nor strings';
}

export function messageWire(options: MessageWireOptions): MessageWire {
  const carries = options.carries ?? DEFAULT_CARRIES;
  const numbers = carries.includes('number');
  const strings = carries.includes('string');
  const base = {
    decode: decodeMessage,
    garbage: strings ? 'garbage: not a number' : carries.includes('bytes') ? Buffer.from('garb', 'latin1') : { garbage: 'not a number' },
    overlong: strings ? '9'.repeat(1 << 20) : Buffer.alloc(1 << 20, 0xff),
  };
  const { payloadBytes } = options;
  if (options.replying || payloadBytes === undefined) {
    // A bare counter: a number where numbers are carried; in a payload run a transport without numbers
    // answers with a 0-byte body where it carries bytes (its ends then speak bytes both ways).
    if (numbers) return { ...base, shape: undefined, bare: true, encode: (value: number) => value };
    if (payloadBytes !== undefined && carries.includes('bytes')) {
      const writer = new BodyWriter(0);
      return { ...base, shape: undefined, encode: (value) => writer.encode(value) };
    }
    return { ...base, shape: undefined, encode: (value: number) => String(value) };
  }
  if (options.message === 'object') {
    const body = { counter: 0, records: recordsOfSize(payloadBytes) };
    return {
      ...base,
      shape: 'object',
      // Reused: a message transport serializes or clones synchronously inside send.
      encode: (value) => {
        body.counter = value;
        return body;
      },
    };
  }
  if (carries.includes('bytes')) {
    const writer = new BodyWriter(payloadBytes);
    return { ...base, shape: 'bytes', encode: (value) => writer.encode(value) };
  }
  // A string of the payload's size after the counter; V8 joins the two without copying the payload.
  const payload = payloadBytes === 0 ? '' : `:${'x'.repeat(payloadBytes - 1)}`;
  return { ...base, shape: 'string', encode: (value) => String(value) + payload };
}

/** Any message kind → its counter; CONTROL for a control message; NaN for anything else. */
export function decodeMessage(message: unknown): number {
  if (typeof message === 'number') return Number.isSafeInteger(message) && message >= 0 ? message : Number.NaN;
  if (typeof message === 'string') return decodeDecimalPrefix(message);
  if (message instanceof Uint8Array) return message.length >= COUNTER_BYTES ? readCounter(message, 0) : Number.NaN;
  if (typeof message === 'object' && message !== null) {
    if ('ipcbench' in message) return CONTROL;
    const counter = (message as { counter?: unknown }).counter;
    return typeof counter === 'number' && Number.isSafeInteger(counter) && counter >= 0 ? counter : Number.NaN;
  }
  return Number.NaN;
}

const ZERO = 0x30;
const COLON = 0x3a;

/** Leading decimal digits (at most MAX_LINE_DIGITS), then the end or ':' + payload; NaN otherwise. */
function decodeDecimalPrefix(text: string): number {
  let value = 0;
  let i = 0;
  for (; i < text.length && i <= MAX_LINE_DIGITS; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  if (i === 0 || i > MAX_LINE_DIGITS) return Number.NaN;
  return i === text.length || text.charCodeAt(i) === COLON ? value : Number.NaN;
}

/** Application-like records whose JSON adds up to about `bytes` (within one record's size). */
export function recordsOfSize(bytes: number): Array<Record<string, unknown>> {
  const records: Array<Record<string, unknown>> = [];
  let size = 2; // []
  for (let id = 0; size < bytes; id++) {
    const record = { id, name: `record ${id}`, active: id % 2 === 0, score: id * 1.5, tags: ['alpha', 'beta'] };
    const length = JSON.stringify(record).length + (id > 0 ? 1 : 0);
    if (size + length > bytes && records.length > 0) break;
    records.push(record);
    size += length;
  }
  return records;
}

/** At most 80 characters of an unexpected message: a hostile peer must not make our error message huge. */
export function preview(message: unknown): string {
  const text = message instanceof Uint8Array ? `${message.length} bytes` : (JSON.stringify(message) ?? String(message));
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
}
