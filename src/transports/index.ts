import { ipc, ipcAdvanced, connectIpcPeer } from './child-process';
import { tcp, connectTcpPeer, type TcpPeerOptions } from './tcp';
import { unix, connectUnixPeer, type UnixPeerOptions } from './unix';
import { stdio, connectStdioPeer } from './stdio';
import { worker, connectWorkerPeer } from './worker';
import { sab } from './sab';
import { connectSabPeer, type SabPeerOptions } from './sab-memory';
import { sabSpin, sabHybrid, type SpinPeerOptions } from './sab-wait';
import { connectSpinPeer } from './sab-wait-peer';
import { udp, connectUdpPeer, type UdpPeerOptions } from './udp';
import type { Channel, Transport } from '../types';

/**
 * Options the parent hands a peer (one JSON argument to a process, or workerData to a worker); each
 * transport reads its own fields. `payloadBytes` set means the binary wire.
 */
export type PeerOptions = { payloadBytes?: number } & Record<string, unknown>;

interface Registered {
  transport: Transport;
  /** Runs in the peer (process or worker): opens its end of the channel. */
  connectPeer(options: PeerOptions): Promise<Channel>;
}

const registry = new Map<string, Registered>([
  ['ipc', { transport: ipc, connectPeer: () => connectIpcPeer() }],
  ['ipc-advanced', { transport: ipcAdvanced, connectPeer: () => connectIpcPeer() }],
  ['tcp', { transport: tcp, connectPeer: (o) => connectTcpPeer(o as unknown as TcpPeerOptions) }],
  ['unix', { transport: unix, connectPeer: (o) => connectUnixPeer(o as unknown as UnixPeerOptions) }],
  ['stdio', { transport: stdio, connectPeer: (o) => connectStdioPeer(o) }],
  ['worker', { transport: worker, connectPeer: () => connectWorkerPeer() }],
  ['sab', { transport: sab, connectPeer: (o) => connectSabPeer(o as unknown as SabPeerOptions) }],
  ['sab-spin', { transport: sabSpin, connectPeer: (o) => connectSpinPeer(o as unknown as SpinPeerOptions) }],
  ['sab-hybrid', { transport: sabHybrid, connectPeer: (o) => connectSpinPeer(o as unknown as SpinPeerOptions) }],
  ['udp', { transport: udp, connectPeer: (o) => connectUdpPeer(o as unknown as UdpPeerOptions) }],
]);

export function transportNames(): string[] {
  return [...registry.keys()];
}

export function allTransports(): Transport[] {
  return [...registry.values()].map((entry) => entry.transport);
}

/** Looks a transport up by name; the error lists the valid names. */
export function getTransport(name: string): Transport {
  return lookup(name).transport;
}

export function connectPeer(name: string, options: PeerOptions): Promise<Channel> {
  return lookup(name).connectPeer(options);
}

function lookup(name: string): Registered {
  const entry = registry.get(name);
  if (!entry) throw new Error(`unknown transport "${name}"; known: ${transportNames().join(', ')}`);
  return entry;
}
