import * as net from 'node:net';
import { readFirstLine, MAX_FIRST_LINE, type NoLine } from '../external/first-line';
import { streamChannel } from '../transports/stream-channel';
import { PeerFailureError, PeerTimeoutError } from '../protocol/messages';
import { formatHostPort, type HostPort } from './address';
import type { Channel, Connection, OpenOptions, PeerExit, Transport } from '../types';

/**
 * `ipcbench run --connect host:port`: the peer is an `ipcbench serve` elsewhere. Each repeat is a new
 * connection (a fresh run on the server). The server closing the connection after our 0 stands for
 * the peer's exit with status 0; a connection lost before that is reported as exit status 1.
 */
export function remoteTcp(server: HostPort, token: string | null): Transport {
  const where = formatHostPort(server);
  return {
    name: 'tcp',
    description: `TCP to ipcbench serve at ${where}, newline-delimited decimal`,
    supported: () => true,
    open: (options: OpenOptions) => openRemote(server, where, token, options.readyTimeoutMs),
  };
}

function openRemote(server: HostPort, where: string, token: string | null, timeoutMs: number): Promise<Connection> {
  return new Promise<Connection>((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port, noDelay: true });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new PeerTimeoutError('tcp', 'ready', `no ready line from ipcbench serve at ${where}`, timeoutMs)), timeoutMs);
    socket.once('error', (error: NodeJS.ErrnoException) => fail(new PeerFailureError('tcp', 'ready', `cannot reach ipcbench serve at ${where}: ${error.code ?? error.message}`)));
    socket.once('connect', () => {
      socket.write(`${token ?? ''}\n`);
      readFirstLine(socket, (line, leftover, why) => {
        const refused = notReady(line, why);
        if (refused) return fail(new PeerFailureError('tcp', 'ready', `ipcbench serve at ${where} ${refused}`));
        // The server speaks only after our handshake: anything after "ready" is garbage, not the protocol.
        if (leftover.length > 0) return fail(new PeerFailureError('tcp', 'ready', `ipcbench serve at ${where} sent garbage after "ready": ${JSON.stringify(leftover.subarray(0, 32).toString('latin1'))}`));
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(connection(socket, where, leftover));
      });
    });
  });
}

/** What the server did instead of saying "ready", in words; undefined when it said it. */
function notReady(line: string | null, why: NoLine | undefined): string | undefined {
  if (line === 'ready') return undefined;
  if (line === null && why === 'overlong') return `sent an over-long first line (more than ${MAX_FIRST_LINE} bytes without a newline): is it an ipcbench serve?`;
  if (line === null) return 'closed the connection before saying "ready"';
  return `refused the run: ${line.startsWith('error: ') ? line.slice(7) : `it said ${JSON.stringify(line.slice(0, 64))}`}`;
}

function connection(socket: net.Socket, where: string, leftover: Buffer): Connection {
  let stopSent = false;
  const inner = streamChannel(socket, `tcp connection to ${where}`, leftover);
  const exited = new Promise<PeerExit>((resolve) => {
    socket.once('close', () => resolve({ code: stopSent ? 0 : 1, signal: null }));
  });
  const channel: Channel = {
    ...inner,
    send: (value) => {
      if (value === 0) stopSent = true;
      inner.send(value);
    },
  };
  return {
    channel,
    peer: { exited, cpuSeconds: () => undefined, kill: () => socket.destroy() },
  };
}
