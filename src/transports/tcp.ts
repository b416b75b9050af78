import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startPeerProcess, type PeerProcess } from './peer-process';
import { streamChannel } from './stream-channel';
import { acceptTokenConnection, connectWithToken } from './token-server';
import { streamWire } from './wire';
import type { Channel, Connection, OpenOptions, Transport } from '../types';

/**
 * TCP over loopback: the server listens in the parent on 127.0.0.1, port 0 (the kernel picks a free
 * port, so runs never collide), *before* the child starts, so the child can never connect too early.
 * The child presents a per-run random token as its first line; any other connection is dropped.
 */
export const tcp: Transport = {
  name: 'tcp',
  description: 'TCP over 127.0.0.1 (port 0, TCP_NODELAY, per-run token), newline-delimited decimal; binary frames with a payload',
  supported: () => true,
  async open(options: OpenOptions): Promise<Connection> {
    const token = randomBytes(16).toString('hex');
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as net.AddressInfo;
    const peerOptions: TcpPeerOptions = { host: '127.0.0.1', port, token, payloadBytes: options.payloadBytes };
    const start = (): PeerProcess => startPeerProcess('tcp', { ...peerOptions, faults: options.faults });
    const { socket, leftover, proc } = await acceptTokenConnection(server, 'tcp', start, token, options.readyTimeoutMs);
    socket.setNoDelay(true);
    return { channel: streamChannel(socket, 'tcp connection', leftover, streamWire(options.payloadBytes)), peer: proc.handle };
  },
};

export interface TcpPeerOptions {
  host: string;
  port: number;
  token: string;
  payloadBytes?: number;
}

/** The child's end: connects, presents the token, then speaks the run's framing. */
export async function connectTcpPeer(options: TcpPeerOptions): Promise<Channel> {
  const socket = await connectWithToken({ host: options.host, port: options.port, noDelay: true }, options.token);
  return streamChannel(socket, 'tcp connection', undefined, streamWire(options.payloadBytes, true));
}
