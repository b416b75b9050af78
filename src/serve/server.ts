import * as net from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { readFirstLine, MAX_FIRST_LINE } from '../external/first-line';
import { streamChannel } from '../transports/stream-channel';
import { respond } from '../protocol/responder';
import { formatHostPort, type HostPort } from './address';
import { limitedLog } from './limited-log';
import type { Channel, PeerFaults } from '../types';

/**
 * `ipcbench serve`: the responder end of cross-host runs, like an iperf3 server. One run at a time,
 * served one after another. Conversation: the client sends its token line; the server answers
 * "ready", "error: busy" or "error: bad token" (then closes); after "ready" the line wire of
 * DESIGN.md §3 runs until 0, and the server closes the connection, which the client takes as the
 * peer's clean exit. A client that is silent, floods or sends garbage is dropped; the server goes on.
 *
 * Nobody without the token can keep a client with it out: a connection must present its first line
 * within `authTimeoutMs` in all (not per byte), at most MAX_PENDING wait for that at once, and a new
 * connection beyond that pushes out the one that has waited longest, so a client that sends its token
 * at once always gets its turn. Refusals and drops of unauthenticated connections are logged at most
 * once a second per kind.
 */
export interface ServeOptions extends HostPort {
  /** null: --no-auth. */
  token: string | null;
  /** Milliseconds a client may be silent mid-run before it is dropped. */
  idleTimeoutMs: number;
  /** Milliseconds a new connection has, in all, to present its token line (default DEFAULT_AUTH_TIMEOUT_MS). */
  authTimeoutMs?: number;
  /** Test hook: makes this server a deliberately broken peer (hardening matrix). */
  faults?: PeerFaults;
  log(line: string): void;
}

/** Unauthenticated connections held at once; a new one beyond this pushes out the oldest. */
export const MAX_PENDING = 64;
/** Time a connection has to present its token: a client sends it at once, a squatter is gone soon. */
export const DEFAULT_AUTH_TIMEOUT_MS = 3000;
/** Replies buffered for a client that does not read them, before it is dropped. */
export const MAX_UNREAD_BYTES = 1 << 20;

export interface RunningServer {
  address: HostPort;
  /** Runs completed (the client sent 0). */
  completed(): number;
  /** Connections open on the server side right now (tests: nothing lingers). */
  connections(): Promise<number>;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  let active: net.Socket | null = null;
  let runs = 0;
  let completed = 0;
  const authTimeoutMs = options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  const rare = limitedLog(options.log);
  // Insertion order is age order: the first entry has waited longest.
  const pending = new Map<net.Socket, NodeJS.Timeout>();
  const unpend = (socket: net.Socket): void => {
    clearTimeout(pending.get(socket));
    pending.delete(socket);
  };
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
    if (pending.size >= MAX_PENDING) {
      const [oldest] = pending.keys();
      unpend(oldest);
      oldest.destroy();
      rare('dropped: too many connections without a token', `${oldest.remoteAddress}:${oldest.remotePort}: dropped: it waited longest of ${MAX_PENDING} connections without a token`);
    }
    const expire = (): void => {
      if (!pending.has(socket)) return; // the token came in the same turn
      unpend(socket);
      socket.destroy();
      rare('dropped: no token in time', `${who}: dropped: no token line within ${authTimeoutMs / 1000} s`);
    };
    // Timers run before I/O in a loop turn: after a stall (a loaded machine), a token that arrived in
    // time is still unread when the timer fires. setImmediate lets that I/O be read first.
    pending.set(socket, setTimeout(() => setImmediate(expire), authTimeoutMs));
    socket.once('close', () => unpend(socket));
    readFirstLine(socket, (line, leftover, why) => {
      unpend(socket);
      if (line === null) {
        if (why === 'overlong') rare('refused: over-long first line', `${who}: refused: its first line was longer than ${MAX_FIRST_LINE} bytes`);
        return void socket.destroy();
      }
      if (!tokenMatches(options.token, line)) {
        rare('refused: bad token', `${who}: refused: bad token`);
        return refuse(socket, 'bad token');
      }
      if (active) {
        options.log(`${who}: refused: busy`);
        return refuse(socket, 'busy');
      }
      active = socket;
      const run = ++runs;
      socket.setTimeout(options.idleTimeoutMs, () => drop(who, `silent for ${options.idleTimeoutMs / 1000} s`));
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
    connections: () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of pending.keys()) socket.destroy();
        (active as net.Socket | null)?.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Says why, then closes for good: the socket was paused by the token reader, so a plain end() would
 * leave it half-open (never reading the client's FIN) until some timer noticed it.
 */
function refuse(socket: net.Socket, why: string): void {
  socket.resume();
  socket.end(`error: ${why}\n`, () => socket.destroy());
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
