import * as net from 'node:net';
import { waitFor, type PeerProcess } from './peer-process';

/** Longest first line we read while waiting for the token; longer means a rogue client. */
const MAX_TOKEN_LINE = 128;

export interface Accepted {
  socket: net.Socket;
  /** Bytes that came after the token line: already part of the message stream. */
  leftover: Buffer;
}

/**
 * Starts the peer, then waits on the listening `server` for the connection that presents `token` as
 * its first line; any other connection is dropped without disturbing the run. The server is closed
 * either way, so once the peer is in, nobody else can connect.
 */
export async function acceptTokenConnection(
  server: net.Server,
  transport: string,
  startPeer: () => PeerProcess,
  token: string,
  timeoutMs: number,
): Promise<Accepted & { proc: PeerProcess }> {
  const pending = new Set<net.Socket>();
  let accepted: Accepted | undefined;
  try {
    const proc = startPeer(); // inside the try: if the start fails, the server is still closed
    await waitFor(transport, proc.handle, timeoutMs, 'no connection presenting the run token', proc.stderrTail, (signal) => {
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
    accepted!.socket.removeAllListeners('error');
    return { ...accepted!, proc };
  } finally {
    server.close();
    for (const socket of pending) socket.destroy();
  }
}

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

/** The peer's side: connects, presents the token line, resolves with the connected socket. */
export function connectWithToken(options: net.NetConnectOpts, token: string): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(options, () => {
      socket.off('error', reject);
      socket.write(`${token}\n`);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}
