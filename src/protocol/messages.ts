import { RunError } from '../errors';
import type { Step } from '../types';

export { IpcBenchError } from '../errors';

/** The increment protocol: the driver sends HANDSHAKE and must get HANDSHAKE_REPLY back. */
export const HANDSHAKE = 1;
export const HANDSHAKE_REPLY = 2;
/** Tells the responder to close and exit with status 0. */
export const STOP = 0;

/** The reply a correct responder gives to `value`. */
export function replyTo(value: number): number {
  return value + 1;
}

/** A run failed at a step with a peer (exit 1): the message names the transport and the step. */
export class PeerError extends RunError {
  constructor(
    readonly detail: string,
    readonly transport: string,
    readonly step: Step,
    cause?: unknown,
  ) {
    super(`${transport}: ${step}: ${detail}`, { cause });
  }
}

/** The peer answered, but with the wrong value. */
export class ProtocolError extends PeerError {
  constructor(
    transport: string,
    step: Step,
    readonly expected: number,
    readonly got: number,
    readonly index?: number,
  ) {
    const where = index === undefined ? '' : ` at round trip ${index}`;
    super(`expected ${expected}, got ${got}${where}`, transport, step);
  }
}

/**
 * The peer did not do something within the allowed time. The limit reads "N ms" (the unit of
 * readyTimeoutMs/stepTimeoutMs); `inWords` says it as the user set it, e.g. "2 s (--timeout)".
 */
export class PeerTimeoutError extends PeerError {
  constructor(
    transport: string,
    step: Step,
    readonly what: string,
    readonly limitMs: number,
    limitWords = `${limitMs} ms`,
  ) {
    super(`${what} within ${limitWords}`, transport, step);
  }

  /** The same timeout with the limit in the user's words and units. */
  inWords(limitWords: string): PeerTimeoutError {
    return new PeerTimeoutError(this.transport, this.step, this.what, this.limitMs, limitWords);
  }
}

/** The peer went away, or its transport failed, before the run was done. */
export class PeerFailureError extends PeerError {
  constructor(transport: string, step: Step, detail: string, cause?: unknown) {
    super(detail, transport, step, cause);
  }
}
