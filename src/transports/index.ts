import { ipc, ipcAdvanced, connectIpcPeer } from './child-process';
import { tcp, connectTcpPeer, type TcpPeerOptions } from './tcp';
import type { Channel, Transport } from '../types';

/** Options the parent hands a peer process (one JSON argument); each transport reads its own fields. */
export type PeerOptions = Partial<TcpPeerOptions> & Record<string, unknown>;

interface Registered {
  transport: Transport;
  /** Runs in the peer: opens its end of the channel. */
  connectPeer(options: PeerOptions): Promise<Channel>;
}

const registry = new Map<string, Registered>([
  ['ipc', { transport: ipc, connectPeer: () => connectIpcPeer() }],
  ['ipc-advanced', { transport: ipcAdvanced, connectPeer: () => connectIpcPeer() }],
  ['tcp', { transport: tcp, connectPeer: (o) => connectTcpPeer(o as TcpPeerOptions) }],
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
