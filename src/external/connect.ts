import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startExternal, type ExternalProcess } from './process';
import { substitute } from './command-line';
import { readFirstLine } from './first-line';
import { wireStream, type Wire, type WireStream } from './wire';
import { describeExit } from '../transports/peer-process';

export type ExternalTransport = 'tcp' | 'stdio';
export type ExternalRole = 'responder' | 'driver';

export interface ExternalSpec {
  /** argv as split from --cmd, placeholders not yet substituted. */
  argv: string[];
  transport: ExternalTransport;
  role: ExternalRole;
  wire: Wire;
  rounds: number;
  timeoutMs: number;
  /** false: a tcp responder on the line wire need not present the run token (like raw; loopback grading only). */
  token?: boolean;
}

export interface ExternalConnection {
  proc: ExternalProcess;
  stream: WireStream;
  /** What "starts" means here, for the check's output. */
  how: string;
}

/** The program could not be started or never connected; `proc` (if any) is already killed and gone. */
export class StartError extends Error {
  constructor(message: string, readonly proc?: ExternalProcess) {
    super(message);
    this.name = 'StartError';
  }
}

const HOST = '127.0.0.1';
const RETRY_MS = 50;

/**
 * Starts the program and opens the message stream to it, per transport and role:
 * - tcp responder: ipcbench listens on 127.0.0.1 port 0, the program connects to {host}:{port}; on the
 *   line wire it must send the per-run token ({token}, IPCBENCH_TOKEN) first, other connections are dropped;
 * - tcp driver: ipcbench picks a free port, the program listens on it, ipcbench connects (retrying);
 * - stdio: the program's stdin/stdout carry the messages.
 */
export async function connectExternal(spec: ExternalSpec): Promise<ExternalConnection> {
  if (spec.transport === 'stdio') return connectStdio(spec);
  return spec.role === 'responder' ? acceptProgram(spec) : connectToProgram(spec);
}

function launch(spec: ExternalSpec, port: number | null, token: string | null): ExternalProcess {
  const values: Record<string, string> = { host: HOST, port: String(port ?? ''), token: token ?? '', wire: spec.wire, rounds: String(spec.rounds) };
  const env: Record<string, string> = { IPCBENCH_HOST: HOST, IPCBENCH_WIRE: spec.wire, IPCBENCH_ROUNDS: String(spec.rounds) };
  if (port !== null) env.IPCBENCH_PORT = String(port);
  if (token !== null) env.IPCBENCH_TOKEN = token;
  return startExternal(substitute(spec.argv, values), env, spec.transport === 'stdio');
}

/** Fails with a readable reason once the program has gone (spawn error or early exit). */
async function whyGone(proc: ExternalProcess, before: string): Promise<string> {
  const exit = await proc.handle.exited;
  const error = proc.spawnError() as NodeJS.ErrnoException | undefined;
  if (error) return `could not start "${proc.child.spawnfile}": ${error.code === 'ENOENT' ? 'no such program (ENOENT)' : (error.code ?? error.message)}`;
  const output = proc.outputTail();
  return `the program exited (${describeExit(exit)}) before ${before}${output ? `; its output ends with: ${output}` : ''}`;
}

async function giveUp(proc: ExternalProcess, message: string): Promise<never> {
  proc.handle.kill();
  await proc.handle.exited;
  throw new StartError(message, proc);
}

async function connectStdio(spec: ExternalSpec): Promise<ExternalConnection> {
  const proc = launch(spec, null, null);
  const started = await new Promise<boolean>((resolve) => {
    proc.child.once('spawn', () => resolve(true));
    proc.child.once('error', () => resolve(false));
  });
  if (!started) return giveUp(proc, await whyGone(proc, 'it started'));
  const stream = wireStream(proc.child.stdout!, proc.child.stdin!, spec.wire, 'the program\'s stdout');
  return { proc, stream, how: 'started; messages go over its stdin and stdout' };
}

async function acceptProgram(spec: ExternalSpec): Promise<ExternalConnection> {
  const token = spec.wire === 'line' && spec.token !== false ? randomBytes(16).toString('hex') : null;
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const proc = launch(spec, port, token);
  const pending = new Set<net.Socket>();
  let timer: NodeJS.Timeout | undefined;
  try {
    const accepted = await new Promise<{ socket: net.Socket; leftover: Buffer } | string>((resolve) => {
      timer = setTimeout(() => resolve(`no connection${token ? ' presenting the run token' : ''} to ${HOST}:${port} within ${spec.timeoutMs} ms`), spec.timeoutMs);
      void proc.handle.exited.then(async () => resolve(await whyGone(proc, 'it connected')));
      server.on('connection', (socket) => {
        socket.on('error', () => undefined); // a rogue client's reset must not crash us
        if (!token) return resolve({ socket, leftover: Buffer.alloc(0) }); // no token: the first connection
        pending.add(socket);
        readFirstLine(socket, (line, leftover) => {
          pending.delete(socket);
          if (line === token) resolve({ socket, leftover });
          else socket.destroy();
        });
      });
    });
    if (typeof accepted === 'string') return await giveUp(proc, accepted);
    const { socket, leftover } = accepted;
    socket.setNoDelay(true);
    const stream = wireStream(socket, socket, spec.wire, 'the tcp connection');
    if (leftover.length > 0) socket.unshift(leftover);
    socket.resume();
    return { proc, stream, how: `connected to ${HOST}:${port}${token ? ' and presented the run token' : ''}` };
  } finally {
    clearTimeout(timer);
    server.close(); // later connections (rogue clients) are refused by the kernel
    for (const socket of pending) socket.destroy();
  }
}

async function connectToProgram(spec: ExternalSpec): Promise<ExternalConnection> {
  const port = await freePort();
  const proc = launch(spec, port, null);
  const deadline = Date.now() + spec.timeoutMs;
  let gone = false;
  void proc.handle.exited.then(() => (gone = true));
  for (;;) {
    const socket = await tryConnect(port);
    if (socket) {
      const stream = wireStream(socket, socket, spec.wire, 'the tcp connection');
      return { proc, stream, how: `listened on ${HOST}:${port}; ipcbench connected` };
    }
    if (gone) return giveUp(proc, await whyGone(proc, `it listened on ${HOST}:${port}`));
    if (Date.now() >= deadline) return giveUp(proc, `nothing listened on ${HOST}:${port} within ${spec.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

function tryConnect(port: number): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port, noDelay: true });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined); // reported through the stream instead
      resolve(socket);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(null);
    });
  });
}

/** A port the kernel considers free right now; the program is told to listen on it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
