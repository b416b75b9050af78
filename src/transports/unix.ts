import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PeerFailureError } from '../protocol/messages';
import { startPeerProcess, type PeerProcess } from './peer-process';
import { streamChannel } from './stream-channel';
import { acceptTokenConnection, connectWithToken, OnreadSource } from './token-server';
import { streamWire } from './wire';
import type { Channel, Connection, OpenOptions, Transport } from '../types';

/** sun_path holds 108 bytes on Linux and 104 on macOS, NUL included: the portable limit. */
const MAX_SOCKET_PATH_BYTES = 103;

/** Socket folders of opens in progress: removed on exit too, so even an interrupted run leaves none. */
const liveDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of liveDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Prefix of the private temp folder each run's socket lives in; the pid lets tests find their own. */
export function socketDirPrefix(pid = process.pid): string {
  return path.join(os.tmpdir(), `ipcbench-unix-${pid}-`);
}

/**
 * Unix domain socket: the parent listens on a fresh path inside a private mkdtemp folder (mode 0700,
 * so no other user can connect), the child connects and presents the per-run token. The folder is
 * removed as soon as the peer is in (or the open failed): a connected socket needs no path.
 */
export const unix: Transport = {
  name: 'unix',
  description: 'unix domain socket in a private temp folder (per-run token), newline-delimited decimal; binary frames with a payload',
  supported: () =>
    process.platform === 'win32' ? 'unix domain sockets are not offered by Node on Windows (net uses named pipes there)' : true,
  async open(options: OpenOptions): Promise<Connection> {
    const dir = fs.mkdtempSync(socketDirPrefix());
    liveDirs.add(dir);
    try {
      const socketPath = path.join(dir, 'peer.sock');
      if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
        throw new PeerFailureError(
          'unix',
          'ready',
          `the socket path ${socketPath} is ${Buffer.byteLength(socketPath)} bytes, over the ${MAX_SOCKET_PATH_BYTES}-byte limit of unix socket paths; set TMPDIR to a shorter folder`,
        );
      }
      const token = randomBytes(16).toString('hex');
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => resolve());
      });
      const peerOptions: UnixPeerOptions = { path: socketPath, token, payloadBytes: options.payloadBytes };
      const start = (): PeerProcess => startPeerProcess('unix', { ...peerOptions, faults: options.faults });
      const { socket, leftover, proc } = await acceptTokenConnection(server, 'unix', start, token, options.readyTimeoutMs);
      return { channel: streamChannel(socket, 'unix socket', leftover, streamWire(options.payloadBytes)), peer: proc.handle };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    }
  },
};

export interface UnixPeerOptions {
  path: string;
  token: string;
  payloadBytes?: number;
}

export async function connectUnixPeer(options: UnixPeerOptions): Promise<Channel> {
  const source = new OnreadSource();
  const socket = await connectWithToken({ path: options.path }, options.token, source);
  return streamChannel(socket, 'unix socket', undefined, streamWire(options.payloadBytes, true), source);
}
