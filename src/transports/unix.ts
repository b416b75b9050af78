import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defineTransport } from '../contract/define';
import { streamEnd } from '../contract/stream-end';
import { acceptTokenConnection, connectWithToken, listen, runToken } from './token-server';

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
 * so no other user can connect), the peer connects and presents the per-run token. The folder is
 * removed as soon as the peer is in (or the open failed): a connected socket needs no path.
 */
export const unix = defineTransport<{ path: string; token: string }>({
  name: 'unix',
  description: 'unix domain socket in a private temp folder (per-run token), newline-delimited decimal; binary frames with a payload',
  stream: true,
  supported: () =>
    process.platform === 'win32' ? 'unix domain sockets are not offered by Node on Windows (net uses named pipes there)' : true,
  async parent(context) {
    const dir = fs.mkdtempSync(socketDirPrefix());
    liveDirs.add(dir);
    const server = net.createServer();
    try {
      const socketPath = path.join(dir, 'peer.sock');
      if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
        throw new Error(
          `the socket path ${socketPath} is ${Buffer.byteLength(socketPath)} bytes, over the ${MAX_SOCKET_PATH_BYTES}-byte limit of unix socket paths; set TMPDIR to a shorter folder`,
        );
      }
      await listen(server, socketPath);
      const token = runToken();
      context.startPeer({ path: socketPath, token });
      const { socket, leftover } = await acceptTokenConnection(server, token, context.signal);
      return streamEnd(context, socket, { what: 'unix socket', leftover });
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    }
  },
  async peer({ path: socketPath, token }, context) {
    const socket = await connectWithToken({ path: socketPath }, token, context);
    return streamEnd(context, socket, { what: 'unix socket', onread: true });
  },
});
