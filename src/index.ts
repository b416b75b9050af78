/**
 * The public API of ipcbench. (The package helper curates this file; the lines below are the transport
 * contract's exports.)
 */

// --- Transport contract (issue 10: contract) ---
export { defineTransport, isDefinedTransport, DefinedTransport } from './contract/define';
export { register, getTransport, findTransport, transportNames, allTransports } from './transports';
export { streamEnd, type StreamEndOptions, type StreamPair } from './contract/stream-end';
export type {
  TransportDefinition,
  End,
  EndContext,
  ParentContext,
  PeerContext,
  StartedPeer,
  SpawnOptions,
  Message,
  MessageKind,
} from './contract/types';
export type { Transport, Connection, Channel, PeerHandle, PeerExit, OpenOptions, MessageShape } from './runtime-types';
