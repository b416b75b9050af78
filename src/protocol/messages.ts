import type { Step } from '../types';

/** The increment protocol: the driver sends HANDSHAKE and must get HANDSHAKE_REPLY back. */
export const HANDSHAKE = 1;
export const HANDSHAKE_REPLY = 2;
/** Tells the responder to close and exit with status 0. */
export const STOP = 0;

/** The reply a correct responder gives to `value`. */
export function replyTo(value: number): number {
  return value + 1;
}

/** Base of every error the harness raises on purpose: it names the transport and the step. */
export class IpcBenchError extends Error {
  constructor(
    readonly detail: string,
    readonly transport: string,
    readonly step: Step,
  ) {
    super(`${transport}: ${step}: ${detail}`);
    this.name = 'IpcBenchError';
  }
}

/** The peer answered, but with the wrong value. */
export class ProtocolError extends IpcBenchError {
  constructor(
    transport: string,
    step: Step,
    readonly expected: number,
    readonly got: number,
    readonly index?: number,
  ) {
    const where = index === undefined ? '' : ` at round trip ${index}`;
    super(`expected ${expected}, got ${got}${where}`, transport, step);
    this.name = 'ProtocolError';
  }
}

/** The peer did not do something within the allowed time. */
export class PeerTimeoutError extends IpcBenchError {
  constructor(transport: string, step: Step, what: string, ms: number) {
    super(`${what} within ${ms} ms`, transport, step);
    this.name = 'PeerTimeoutError';
  }
}

/** The peer went away, or its transport failed, before the run was done. */
export class PeerFailureError extends IpcBenchError {
  constructor(transport: string, step: Step, detail: string) {
    super(detail, transport, step);
    this.name = 'PeerFailureError';
  }
}
