import * as net from 'node:net';
import { defineTransport } from '../contract/define';
import { streamEnd } from '../contract/stream-end';
import { acceptTokenConnection, connectWithToken, listen, runToken } from './token-server';

const HOST = '127.0.0.1';

/**
 * TCP over loopback: the server listens in the parent on 127.0.0.1, port 0 (the kernel picks a free
 * port, so runs never collide), *before* the peer starts, so the peer can never connect too early.
 * The peer presents a per-run random token as its first line; any other connection is dropped.
 */
export const tcp = defineTransport<{ port: number; token: string }>({
  name: 'tcp',
  description: 'TCP over 127.0.0.1 (port 0, TCP_NODELAY, per-run token), newline-delimited decimal; binary frames with a payload',
  stream: true,
  async parent(context) {
    const server = net.createServer();
    await listen(server, 0, HOST);
    try {
      const token = runToken();
      context.startPeer({ port: (server.address() as net.AddressInfo).port, token });
      const { socket, leftover } = await acceptTokenConnection(server, token, context.signal);
      socket.setNoDelay(true);
      return streamEnd(context, socket, { what: 'tcp connection', leftover });
    } finally {
      server.close();
    }
  },
  async peer({ port, token }, context) {
    const socket = await connectWithToken({ host: HOST, port, noDelay: true }, token, context);
    return streamEnd(context, socket, { what: 'tcp connection', onread: true });
  },
});
