import { Option } from 'commander';
import { randomBytes } from 'node:crypto';
import type { Register } from './command';
import { startServer, DEFAULT_AUTH_TIMEOUT_MS } from '../serve/server';
import { parseHostPort, isLoopback, formatHostPort } from '../serve/address';
import { seconds, milliseconds } from './options';
import { ConfigError } from '../config';
import { chosenToken, checkToken, TOKEN_ENV, TOKEN_HELP, type TokenFlags } from './token';
import type { PeerFaults } from '../types';

export interface ServeOptions {
  listen: string;
  /** Chosen by the user (from --token, --token-file or IPCBENCH_TOKEN); absent: a random one. */
  token?: string;
  /** Where `token` came from, named instead of it in messages (default "--token"). */
  tokenFrom?: string;
  auth: boolean;
  idleTimeoutMs: number;
  /** Time a new connection has, in all, to present its token. */
  authTimeoutMs?: number;
  faults?: PeerFaults;
}

/** What commander parses: ServeOptions with the idle timeout in seconds and the faults as JSON text. */
type ServeFlags = Omit<ServeOptions, 'idleTimeoutMs' | 'authTimeoutMs' | 'faults' | 'tokenFrom'> &
  TokenFlags & { idleTimeout: number; authTimeout: number; faults?: string };

export function parseServeOptions({ idleTimeout, authTimeout, faults, token, tokenFile, ...rest }: ServeFlags): ServeOptions {
  // --no-auth wins over a token in the environment (it may be set for other runs), not over a flag.
  const chosen = rest.auth || token !== undefined || tokenFile !== undefined ? chosenToken({ token, tokenFile }) : undefined;
  return {
    ...rest,
    token: chosen?.token,
    tokenFrom: chosen?.from,
    idleTimeoutMs: milliseconds(idleTimeout),
    authTimeoutMs: milliseconds(authTimeout),
    faults: faults ? (JSON.parse(faults) as PeerFaults) : undefined,
  };
}

/**
 * `ipcbench serve`: waits for `ipcbench run --connect` from another host and answers its runs, one
 * after another, until interrupted (exit 130/143). Loopback unless --listen names another address.
 */
export async function serve(options: ServeOptions, out: (line: string) => void = console.log): Promise<number> {
  const address = parseHostPort(options.listen, '--listen', true);
  const from = options.tokenFrom ?? '--token';
  if (!options.auth && options.token) throw new ConfigError(`${from} and --no-auth contradict each other`);
  if (options.token !== undefined) checkToken({ token: options.token, from });
  const token = options.auth ? (options.token ?? randomBytes(12).toString('hex')) : null;
  const server = await startServer({
    ...address,
    token,
    idleTimeoutMs: options.idleTimeoutMs,
    authTimeoutMs: options.authTimeoutMs,
    faults: options.faults,
    log: (line) => process.stderr.write(`ipcbench serve: ${line}\n`),
  });
  const where = formatHostPort(server.address);
  if (!isLoopback(server.address.host)) process.stderr.write(`ipcbench serve: note: reachable beyond this machine on ${where}\n`);
  if (token === null) process.stderr.write('ipcbench serve: note: --no-auth: anyone who can reach the port can run\n');
  out(`listening on ${where}`);
  // A token the user chose is not echoed (logs, screen sharing); a generated one must be shown to be used.
  if (token !== null) out(options.token ? `token: ${from}` : `token: ${token} (generated; choose one with --token-file or ${TOKEN_ENV})`);
  const tokenFlag = token === null ? '' : options.token ? `--token-file <file with the token> ` : `--token ${token} `;
  out(`run from another host: ipcbench run --connect ${where} ${tokenFlag}--transport tcp`);
  return new Promise<never>(() => undefined); // serves until SIGINT/SIGTERM (the CLI exits 130/143)
}

export const register: Register = (program, handle) => {
  program
    .command('serve')
    .description('answer runs from `ipcbench run --connect` on another host, one after another (like an iperf3 server)')
    .option('--listen <host:port>', 'address to listen on; loopback unless you name another one (port 0 = any free port)', '127.0.0.1:0')
    .option('--token <T>', `token clients must present (default: $${TOKEN_ENV}, else a random one, printed); ${TOKEN_HELP.argvNote}`)
    .option('--token-file <file>', TOKEN_HELP.tokenFile)
    .option('--no-auth', 'accept clients without a token (trusted networks only)')
    .option('--idle-timeout <s>', 'seconds a client may stay silent during its run before it is dropped', seconds, 10)
    .option('--auth-timeout <s>', 'seconds a new connection has, in all, to send its token line', seconds, DEFAULT_AUTH_TIMEOUT_MS / 1000)
    .addOption(new Option('--faults <json>', 'test hook: misbehave as PeerFaults').hideHelp())
    .action((flags: ServeFlags) => handle('serve', parseServeOptions(flags), serve));
};
