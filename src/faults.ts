/**
 * Fault injection: test hooks, never part of the public contract. The runner hands faults to
 * transports made by defineTransport (an extra argument of their open), whose peer entry passes them
 * to ipcbench's own responder: every fault is committed at the protocol level, by ipcbench, for every
 * transport alike.
 */
import type { Channel, Connection, OpenOptions, Transport } from './runtime-types';

/** Faults a peer can be told to commit; used by tests and the hardening matrix, never by default. */
export interface PeerFaults {
  neverReady?: boolean;
  /** Value to answer the handshake with instead of 2. */
  handshakeReply?: number;
  /** At the k-th message after the handshake (1-based), answer x+2 instead of x+1. */
  wrongReplyAt?: number;
  /** At the k-th message after the handshake, exit the process abruptly with status 13. */
  crashAt?: number;
  /** At the k-th message after the handshake, stop answering (stay alive). */
  hangAt?: number;
  /** At the k-th message after the handshake, send undecodable bytes instead of a reply. */
  garbageAt?: number;
  /** At the k-th message after the handshake, send the longest message the wire can announce (see sendOverlong). */
  overlongAt?: number;
  /** At the k-th message after the handshake, send FLOOD_COUNT increasing values without waiting. */
  floodAt?: number;
  /** After the stop message, exit with this status instead of 0. */
  exitStatus?: number;
  /** Busy-spin this many microseconds before every reply after the handshake: a known slowdown for gate tests. */
  spinMicros?: number;
}

/** A channel that can also break the protocol on purpose (the responder's fault hooks). */
export interface FaultChannel extends Channel {
  /** Sends a message the other side cannot decode. */
  sendGarbage?(): void;
  /**
   * Announces the longest message the wire can (an over-long line on the line wire; a length prefix of
   * 2^32-1 on a binary wire; a 1 MiB non-number as a message). Optional per channel.
   */
  sendOverlong?(): void;
}

/** A transport whose open can also tell its peer to commit faults (every transport made by defineTransport). */
export interface FaultableTransport extends Transport {
  open(options: OpenOptions, faults?: PeerFaults): Promise<Connection>;
}
