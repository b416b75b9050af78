import * as net from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { readFirstLine } from '../external/first-line';
import { streamChannel } from '../transports/stream-channel';
import { respond } from '../protocol/responder';
import { formatHostPort, type HostPort } from './address';
import type { Channel, PeerFaults } from '../types';

/**
 * `ipcbench serve`: the responder end of cross-host runs, like an iperf3 server. One run at a time,
 * served one after another. Conversation: the client sends its token line; the server answers
 * "ready", "error: busy" or "error: bad token" (then closes); after "ready" the line wire of
 * DESIGN.md §3 runs until 0, and the server closes the connection, which the client takes as the
 * peer's clean exit. A client that is silent, floods or sends garbage is dropped; the server goes on.
 */
export interface ServeOptions extends HostPort {
  /** null: --no-auth. */
  token: string | null;
  /** Milliseconds a client may be silent (before its token, or mid-run) before it is dropped. */
  idleTimeoutMs: number;
  /** Test hook: makes this server a deliberately broken peer (hardening matrix). */
  faults?: PeerFaults;
  log(line: string): void;
}

/** Unauthenticated connections held at once; more are dropped, so no one can exhaust the server. */
export const MAX_PENDING = 16;
/** Replies buffered for a client that does not read them, before it is dropped. */
export const MAX_UNREAD_BYTES = 1 << 20;

export interface RunningServer {
  address: HostPort;
  /** Runs completed (the client sent 0). */
  completed(): number;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  let active: net.Socket | null = null;
  let runs = 0;
  let completed = 0;
  const pending = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    const who = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('error', () => undefined); // resets are reported through 'close'
    // Free the server before saying so: 'close' comes a turn later, and a client that read the log
    // line (or simply retried at once) must not be refused as busy by a run that is already over.
    const drop = (whose: string, why: string): void => {
      if (active === socket) active = null;
      options.log(`${whose}: dropped: ${why}`);
      socket.destroy();
    };
    socket.setTimeout(options.idleTimeoutMs, () => drop(who, `silent for ${options.idleTimeoutMs} ms`));
    if (pending.size >= MAX_PENDING) return void socket.destroy();
    pending.add(socket);
    socket.once('close', () => pending.delete(socket));
    readFirstLine(socket, (line, leftover) => {
      pending.delete(socket);
      if (line === null) return void socket.destroy();
      if (!tokenMatches(options.token, line)) {
        options.log(`${who}: refused: bad token`);
        return void socket.end('error: bad token\n');
      }
      if (active) {
        options.log(`${who}: refused: busy`);
        return void socket.end('error: busy\n');
      }
      active = socket;
      const run = ++runs;
      socket.once('close', () => {
        if (active === socket) active = null;
      });
      if (options.faults?.neverReady) return; // hardening: a server that never gets ready
      socket.write('ready\n');
      const channel = guarded(streamChannel(socket, 'serve connection', leftover), socket);
      respond(channel, options.faults).then(
        async () => {
          completed++;
          if (active === socket) active = null; // free now: the client may start its next run before our close completes
          options.log(`run ${run} from ${who}: done`);
          await channel.close();
        },
        (error: Error) => drop(`run ${run} from ${who}`, error.message),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as net.AddressInfo;
  options.log(`listening on ${formatHostPort({ host: address, port })}`);
  return {
    address: { host: address, port },
    completed: () => completed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of pending) socket.destroy();
        (active as net.Socket | null)?.destroy();
        server.close(() => resolve());
      }),
  };
}

function tokenMatches(expected: string | null, line: string): boolean {
  if (expected === null) return true;
  const a = Buffer.from(expected);
  const b = Buffer.from(line);
  return a.length === b.length && timingSafeEqual(a, b); // no timing hint about how much matched
}

/** Drops a client that floods without reading our replies, instead of buffering them without end. */
function guarded(channel: Channel, socket: net.Socket): Channel {
  return {
    ...channel,
    send: (value) => {
      if (socket.writableLength > MAX_UNREAD_BYTES) socket.destroy(new Error('the client does not read its replies (flooding)'));
      else channel.send(value);
    },
  };
}
