import * as dgram from 'node:dgram';
import { defineTransport } from '../contract/define';
import { COUNTER_BYTES } from './binary-framing';
import { runToken } from './token-server';
import type { End, EndContext } from '../contract/types';

/** Largest UDP payload over IPv4: 65,535 − 20 (IP header) − 8 (UDP header). */
export const MAX_DATAGRAM_BYTES = 65_507;
const HOST = '127.0.0.1';

/**
 * UDP over loopback, lockstep: one message per datagram, so no framing is needed. Classic wire: ASCII
 * decimal; payloads: u64 counter + payload. The parent binds port 0 before the peer starts; the peer's
 * first datagram must be the per-run token, and from then on both sockets are connected, so the kernel
 * drops datagrams from any other source (we check the source too). A lost datagram is never retried:
 * the driver's step timeout reports it. UDP has no connection to lose: the peer's exit tells us it is gone.
 */
export const udp = defineTransport<{ port: number; token: string }>({
  name: 'udp',
  description: 'UDP datagrams over 127.0.0.1 (port 0, per-run token, connected sockets), lockstep; ASCII decimal, or counter + payload',
  carries: ['string', 'bytes'],
  payloadSupported: (bytes) =>
    COUNTER_BYTES + bytes <= MAX_DATAGRAM_BYTES
      ? true
      : `over the UDP datagram limit (${MAX_DATAGRAM_BYTES} bytes over IPv4, ${COUNTER_BYTES} of them the counter)`,
  async parent(context) {
    const socket = dgram.createSocket('udp4');
    try {
      await bind(socket);
      const token = runToken();
      context.startPeer({ port: socket.address().port, token });
      const peerPort = await tokenDatagram(socket, token, context.signal);
      await new Promise<void>((resolve) => socket.connect(peerPort, HOST, resolve));
      return datagramEnd(socket, peerPort, context);
    } catch (error) {
      socket.close();
      throw error;
    }
  },
  async peer({ port, token }, context) {
    const socket = dgram.createSocket('udp4');
    await bind(socket);
    await new Promise<void>((resolve) => socket.connect(port, HOST, resolve));
    const end = datagramEnd(socket, port, context);
    socket.send(token);
    return end;
  },
});

function bind(socket: dgram.Socket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, HOST, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/** The port of the first datagram from loopback that carries `token`. */
function tokenDatagram(socket: dgram.Socket, token: string, signal: AbortSignal): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onMessage = (message: Buffer, from: dgram.RemoteInfo): void => {
      if (from.address !== HOST || message.toString('latin1') !== token) return;
      done();
      resolve(from.port);
    };
    const onAbort = (): void => {
      done();
      reject(signal.reason);
    };
    const done = (): void => {
      socket.off('message', onMessage);
      signal.removeEventListener('abort', onAbort);
    };
    socket.on('message', onMessage);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One datagram per message; on the classic wire a datagram is decimal text, so it is delivered as a string. */
function datagramEnd(socket: dgram.Socket, peerPort: number, context: EndContext): End {
  const text = context.payloadBytes === undefined;
  socket.on('message', (datagram: Buffer, from: dgram.RemoteInfo) => {
    if (from.port !== peerPort || from.address !== HOST) return; // not our peer: ignored
    context.deliver(text ? datagram.toString('latin1') : datagram);
  });
  socket.on('error', (error: NodeJS.ErrnoException) =>
    context.fail(error.code === 'ECONNREFUSED' ? 'udp: the peer port is closed (ECONNREFUSED)' : `udp socket failed: ${error.message}`),
  );
  return {
    // Reusing a body is safe in lockstep: the previous datagram was answered, so it has left us.
    send: (message) => {
      // An oversized datagram fails in the kernel (EMSGSIZE), and a send without a callback drops that
      // error silently: the run would stall until the other side's step timeout. Refuse it here instead.
      const bytes = typeof message === 'string' ? Buffer.byteLength(message) : (message as Uint8Array).byteLength;
      if (bytes > MAX_DATAGRAM_BYTES) context.fail(`udp: a message of ${bytes} bytes is over the datagram limit (${MAX_DATAGRAM_BYTES} bytes over IPv4)`);
      else socket.send(message as string | Uint8Array);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
