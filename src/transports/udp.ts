import * as dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { startPeerProcess, waitFor, describeExit } from './peer-process';
import { BodyWriter, decodeBody, COUNTER_BYTES } from './binary-framing';
import { MAX_LINE_DIGITS } from './framing';
import type { Channel, Connection, OpenOptions, Transport } from '../types';

/** Largest UDP payload over IPv4: 65,535 − 20 (IP header) − 8 (UDP header). */
export const MAX_DATAGRAM_BYTES = 65_507;
const HOST = '127.0.0.1';

/**
 * UDP over loopback, lockstep: one message per datagram, so no framing is needed. Classic wire: ASCII
 * decimal (no newline); binary wire: u64 counter + payload. The parent binds port 0 before the child
 * starts; the child's first datagram must be the per-run token, and from then on both sockets are
 * connected, so the kernel drops datagrams from any other source (we check the source too). A lost
 * datagram is never retried: the driver's step timeout reports it.
 */
export const udp: Transport = {
  name: 'udp',
  description: 'UDP datagrams over 127.0.0.1 (port 0, per-run token, connected sockets), lockstep; ASCII decimal, or counter + payload',
  supported: () => true,
  payloadSupported: (bytes) =>
    COUNTER_BYTES + bytes <= MAX_DATAGRAM_BYTES
      ? true
      : `over the UDP datagram limit (${MAX_DATAGRAM_BYTES} bytes over IPv4, ${COUNTER_BYTES} of them the counter)`,
  async open(options: OpenOptions): Promise<Connection> {
    const token = randomBytes(16).toString('hex');
    const socket = dgram.createSocket('udp4');
    let proc: ReturnType<typeof startPeerProcess> | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, HOST, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      const peerOptions: UdpPeerOptions = { port: socket.address().port, token, payloadBytes: options.payloadBytes };
      proc = startPeerProcess('udp', { ...peerOptions, faults: options.faults });
      const started = proc;
      let peerPort = 0;
      await waitFor('udp', started.handle, options.readyTimeoutMs, 'no datagram presenting the run token', started.stderrTail, (signal) => {
        const onMessage = (message: Buffer, from: dgram.RemoteInfo): void => {
          if (from.address === HOST && message.toString('latin1') === token) {
            peerPort = from.port;
            signal();
          }
        };
        socket.on('message', onMessage);
        return () => socket.off('message', onMessage);
      });
      await new Promise<void>((resolve) => socket.connect(peerPort, HOST, resolve));
      const channel = datagramChannel(socket, peerPort, options.payloadBytes);
      // UDP has no connection to lose: the peer's exit is what tells us it is gone.
      void started.handle.exited.then((exit) => channel.peerExited(`peer exited (${describeExit(exit)})`));
      return { channel, peer: started.handle };
    } catch (error) {
      socket.close();
      // A failure after the peer started must not leave it running.
      proc?.handle.kill();
      await proc?.handle.exited;
      throw error;
    }
  },
};

export interface UdpPeerOptions {
  port: number;
  token: string;
  payloadBytes?: number;
}

/** The child's end: binds, connects to the parent, sends the token, then answers datagrams. */
export async function connectUdpPeer(options: UdpPeerOptions): Promise<Channel> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, HOST, () => socket.connect(options.port, HOST, () => {
      socket.off('error', reject);
      resolve();
    }));
  });
  const channel = datagramChannel(socket, options.port, options.payloadBytes === undefined ? undefined : 0);
  socket.send(options.token);
  return channel;
}

/** Decodes an ASCII decimal datagram without making a string; NaN if it is anything else. */
function decodeDecimal(datagram: Buffer): number {
  if (datagram.length === 0 || datagram.length > MAX_LINE_DIGITS) return Number.NaN;
  let value = 0;
  for (let i = 0; i < datagram.length; i++) {
    const digit = datagram[i] - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** `sendPayload`: undefined = classic wire, else binary with that many payload bytes per datagram sent. */
function datagramChannel(socket: dgram.Socket, peerPort: number, sendPayload: number | undefined): Channel & { peerExited(why: string): void } {
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let closed = false;
  const body = sendPayload === undefined ? undefined : new BodyWriter(sendPayload);
  const fail = (why: string): void => {
    if (!closed) onFailure(new Error(why));
  };
  socket.on('message', (datagram: Buffer, from: dgram.RemoteInfo) => {
    if (from.port !== peerPort || from.address !== HOST) return; // not our peer: ignored
    const value = body ? decodeBody(datagram) : decodeDecimal(datagram);
    if (Number.isNaN(value)) fail(`udp: an undecodable datagram of ${datagram.length} bytes (expected ${body ? 'a u64 counter + payload' : 'ASCII decimal digits'})`);
    else onMessage(value);
  });
  socket.on('error', (error: NodeJS.ErrnoException) =>
    fail(error.code === 'ECONNREFUSED' ? 'udp: the peer port is closed (ECONNREFUSED)' : `udp socket failed: ${error.message}`),
  );
  return {
    // Reusing the body is safe in lockstep: the previous datagram was answered, so it has left us.
    send: (value) => socket.send(body ? body.encode(value) : String(value)),
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    sendGarbage: () => socket.send(Buffer.from('garbage\xff', 'latin1')),
    peerExited: fail,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
