import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startPeerProcess, waitFor } from './peer-process';
import { streamChannel } from './stream-channel';
import type { Channel, Connection, OpenOptions, Transport } from '../types';

/** Longest first line we read while waiting for the token; longer means a rogue client. */
const MAX_TOKEN_LINE = 128;

/**
 * TCP over loopback: the server listens in the parent on 127.0.0.1, port 0 (the kernel picks a free
 * port, so runs never collide), *before* the child starts, so the child can never connect too early.
 * The child presents a per-run random token as its first line; any other connection is dropped.
 */
export const tcp: Transport = {
  name: 'tcp',
  description: 'TCP over 127.0.0.1 (port 0, TCP_NODELAY, per-run token), newline-delimited decimal',
  supported: () => true,
  async open(options: OpenOptions): Promise<Connection> {
    const token = randomBytes(16).toString('hex');
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as net.AddressInfo;
    const proc = startPeerProcess('tcp', { host: '127.0.0.1', port, token, faults: options.faults });
    const pending = new Set<net.Socket>();
    let accepted: { socket: net.Socket; leftover: Buffer } | undefined;
    try {
      await waitFor('tcp', proc.handle, options.readyTimeoutMs, 'no connection presenting the run token', proc.stderrTail, (signal) => {
        server.on('connection', (socket) => {
          pending.add(socket);
          socket.on('error', () => undefined); // a rogue client's reset must not crash us
          readTokenLine(socket, (line, leftover) => {
            pending.delete(socket);
            if (line === token && !accepted) {
              accepted = { socket, leftover };
              signal();
            } else socket.destroy();
          });
        });
        return () => server.removeAllListeners('connection');
      });
    } finally {
      server.close();
      for (const socket of pending) socket.destroy();
    }
    const { socket, leftover } = accepted!;
    socket.removeAllListeners('error');
    socket.setNoDelay(true);
    return { channel: streamChannel(socket, 'tcp connection', leftover), peer: proc.handle };
  },
};

/** Collects the first line of `socket` as text; calls back once with it and the bytes after it. */
function readTokenLine(socket: net.Socket, done: (line: string | null, leftover: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const newline = buffered.indexOf(0x0a);
    if (newline === -1 && buffered.length <= MAX_TOKEN_LINE) return;
    socket.off('data', onData);
    socket.pause();
    if (newline === -1) return done(null, Buffer.alloc(0));
    done(buffered.subarray(0, newline).toString('latin1').trim(), buffered.subarray(newline + 1));
  };
  socket.on('data', onData);
}

export interface TcpPeerOptions {
  host: string;
  port: number;
  token: string;
}

/** The child's end: connects, presents the token, then speaks line framing. */
export function connectTcpPeer(options: TcpPeerOptions): Promise<Channel> {
  return new Promise<Channel>((resolve, reject) => {
    const socket = net.connect({ host: options.host, port: options.port, noDelay: true }, () => {
      socket.off('error', reject);
      socket.write(`${options.token}\n`);
      resolve(streamChannel(socket, 'tcp connection'));
    });
    socket.once('error', reject);
  });
}
