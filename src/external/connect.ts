import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import { isRunning, startExternal, type ExternalProcess } from './process';
import { DEFAULT_LIMITS, type Limits } from './sandbox';
import { substitute } from './command-line';
import { readFirstLine } from './first-line';
import { wireStream, type Wire, type WireStream } from './wire';
import { lastLines, limitHint } from './exit';
import { describeExit } from '../process/exit-words';
import { formatSeconds } from '../measure/units';

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
  /** Allowed for starting and connecting/listening (default: timeoutMs). */
  startTimeoutMs?: number;
  /** tcp responder: the program must send the run token ($IPCBENCH_TOKEN) as its first line (shared hosts). */
  requireToken?: boolean;
  /** HOME/TMPDIR of the program (its scratch directory), and its working directory (default: ipcbench's). */
  home: string;
  cwd?: string;
  /** uid of the run when contained; owns `home`. */
  uid?: number;
  limits?: Limits;
  /** Extra environment variables (--env K=V). */
  env?: Record<string, string>;
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
 * - tcp responder: ipcbench listens on 127.0.0.1 port 0, the program connects to {host}:{port}; the first
 *   connection is the program's (as in the lab) unless requireToken: then it must send the per-run token
 *   ({token}, IPCBENCH_TOKEN) as its first line, and other connections are dropped (shared hosts);
 * - tcp driver: ipcbench picks a free port, the program listens on it, ipcbench connects (retrying);
 * - stdio: the program's stdin/stdout carry the messages.
 */
export async function connectExternal(spec: ExternalSpec): Promise<ExternalConnection> {
  checkPlaceholders(spec.argv); // before anything listens or starts: a bad template must not leave a server open
  if (spec.transport === 'stdio') return connectStdio(spec);
  return spec.role === 'responder' ? acceptProgram(spec) : connectToProgram(spec);
}

/** The placeholders a command line may use; an unknown one is a CommandLineError before anything starts. */
export const PLACEHOLDERS = ['host', 'port', 'token', 'wire', 'rounds'] as const;

export function checkPlaceholders(argv: readonly string[]): void {
  substitute(argv, Object.fromEntries(PLACEHOLDERS.map((name) => [name, ''])));
}

function launch(spec: ExternalSpec, port: number | null, token: string | null): ExternalProcess {
  const values: Record<string, string> = { host: HOST, port: String(port ?? ''), token: token ?? '', wire: spec.wire, rounds: String(spec.rounds) };
  const env: Record<string, string> = { ...spec.env, IPCBENCH_HOST: HOST, IPCBENCH_WIRE: spec.wire, IPCBENCH_ROUNDS: String(spec.rounds) };
  if (port !== null) env.IPCBENCH_PORT = String(port);
  if (token !== null) env.IPCBENCH_TOKEN = token;
  return startExternal({
    argv: substitute(spec.argv, values),
    env,
    stdoutIsProtocol: spec.transport === 'stdio',
    home: spec.home,
    cwd: spec.cwd,
    uid: spec.uid,
    limits: limitsOf(spec),
  });
}

/** Why a contained program may not read its own files, and what to do. */
export const UNPRIVILEGED_HINT =
  'the program runs as an unprivileged uid: its files, and every folder above them, must be readable by others (chmod o+rX), ' +
  'or grade a copy with `ipcbench grade`, which copies each submission into a scratch folder the program owns';

export function startTimeout(spec: Pick<ExternalSpec, 'timeoutMs' | 'startTimeoutMs'>): number {
  return spec.startTimeoutMs ?? spec.timeoutMs;
}

function limitsOf(spec: ExternalSpec): Limits {
  return spec.limits ?? DEFAULT_LIMITS;
}

/** ", and the program is still running" when it is: a silent live program is not a crashed one. */
function whileRunning(proc: ExternalProcess): string {
  return isRunning(proc) ? ' (the program is still running)' : '';
}

/** Fails with a readable reason once the program has gone (spawn error or early exit). */
async function whyGone(proc: ExternalProcess, before: string, limits: Limits): Promise<string> {
  const exit = await proc.handle.exited;
  const error = proc.spawnError() as NodeJS.ErrnoException | undefined;
  if (error) return `could not start "${proc.child.spawnfile}": ${error.code === 'ENOENT' ? 'no such program (ENOENT)' : (error.code ?? error.message)}`;
  const output = proc.outputTail();
  // Contained, the exec is done by setpriv, which says so on stderr.
  const exec = /^setpriv: failed to execute (.*): (.*)$/m.exec(output);
  const where = exec?.[1].includes('/') ? 'no such file (ENOENT)' : 'no such program (ENOENT) on the PATH the program gets';
  if (exec && exec[2] === 'No such file or directory') return `could not start "${exec[1]}": ${where}`;
  if (exec) return `could not start "${exec[1]}": ${exec[2]}${proc.contained && /Permission denied/.test(exec[2]) ? `; ${UNPRIVILEGED_HINT}` : ''}`;
  const hint = proc.limitHit() ?? limitHint(exit, output, limits) ?? (proc.contained && /Permission denied/.test(output) ? UNPRIVILEGED_HINT : undefined);
  return `the program exited (${describeExit(exit)}) before ${before}${hint ? `; ${hint}` : ''}${output ? `; its output ends with:\n${lastLines(output)}` : ''}`;
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
  if (!started) return giveUp(proc, await whyGone(proc, 'it started', limitsOf(spec)));
  const stream = wireStream(proc.child.stdout!, proc.child.stdin!, spec.wire, 'the program\'s stdout');
  return { proc, stream, how: 'started; messages go over its stdin and stdout' };
}

async function acceptProgram(spec: ExternalSpec): Promise<ExternalConnection> {
  const token = spec.requireToken ? randomBytes(16).toString('hex') : null;
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const proc = launch(spec, port, token);
  const pending = new Set<net.Socket>();
  let timer: NodeJS.Timeout | undefined;
  let refused: string | undefined; // what the last connection without the token sent instead
  try {
    const accepted = await new Promise<{ socket: net.Socket; leftover: Buffer } | string>((resolve) => {
      timer = setTimeout(() => {
        if (token && (refused !== undefined || pending.size > 0)) {
          resolve(
            `a connection to ${HOST}:${port} arrived without the run token (${refused ?? 'it sent nothing'}); --require-token is set, ` +
              'so the program must send $IPCBENCH_TOKEN ({token}) as its first line — drop --require-token for a lab client that knows nothing of tokens',
          );
        } else resolve(`no connection to ${HOST}:${port} within ${formatSeconds(startTimeout(spec))}${whileRunning(proc)}`);
      }, startTimeout(spec));
      void proc.handle.exited.then(async () => resolve(await whyGone(proc, 'it connected', limitsOf(spec))));
      server.on('connection', (socket) => {
        socket.on('error', () => undefined); // a rogue client's reset must not crash us
        if (!token) return resolve({ socket, leftover: Buffer.alloc(0) }); // no token: the first connection
        pending.add(socket);
        readFirstLine(socket, (line, leftover) => {
          pending.delete(socket);
          if (line === token) return resolve({ socket, leftover });
          refused = line === null ? 'its first line was too long, or it closed' : `its first line was ${JSON.stringify(line.slice(0, 40))}`;
          socket.destroy();
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
  const deadline = Date.now() + startTimeout(spec);
  let gone = false;
  void proc.handle.exited.then(() => (gone = true));
  for (;;) {
    const socket = await tryConnect(port);
    if (socket) {
      const stream = wireStream(socket, socket, spec.wire, 'the tcp connection');
      return { proc, stream, how: `listened on ${HOST}:${port}; ipcbench connected` };
    }
    if (gone) return giveUp(proc, await whyGone(proc, `it listened on ${HOST}:${port}`, limitsOf(spec)));
    if (Date.now() >= deadline) return giveUp(proc, `nothing listened on ${HOST}:${port} within ${formatSeconds(startTimeout(spec))}${whileRunning(proc)}`);
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
