import { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { startServer } from '../serve/server';
import { parseHostPort, isLoopback, formatHostPort, AddressError } from '../serve/address';
import { seconds } from './options';
import { ConfigError } from '../config';
import type { PeerFaults } from '../types';

interface ServeCommandOptions {
  listen: string;
  token?: string;
  auth: boolean;
  idleTimeout: number;
  faults?: string;
}

/**
 * `ipcbench serve`: waits for `ipcbench run --connect` from another host and answers its runs, one
 * after another, until interrupted (exit 130/143). Loopback unless --listen names another address.
 */
export async function serve(options: ServeCommandOptions, out: (line: string) => void = console.log): Promise<void> {
  let address;
  try {
    address = parseHostPort(options.listen, '--listen', true);
  } catch (error) {
    if (error instanceof AddressError) throw new ConfigError(error.message);
    throw error;
  }
  if (!options.auth && options.token) throw new ConfigError('--token and --no-auth contradict each other');
  const token = options.auth ? (options.token ?? randomBytes(12).toString('hex')) : null;
  if (token !== null && !/^[\x21-\x7e]{1,128}$/.test(token)) throw new ConfigError('--token must be 1 to 128 printable characters without spaces');
  const server = await startServer({
    ...address,
    token,
    idleTimeoutMs: options.idleTimeout,
    faults: options.faults ? (JSON.parse(options.faults) as PeerFaults) : undefined,
    log: (line) => process.stderr.write(`ipcbench serve: ${line}\n`),
  });
  const where = formatHostPort(server.address);
  if (!isLoopback(server.address.host)) process.stderr.write(`ipcbench serve: note: reachable beyond this machine on ${where}\n`);
  if (token === null) process.stderr.write('ipcbench serve: note: --no-auth: anyone who can reach the port can run\n');
  out(`listening on ${where}`);
  if (token !== null) out(`token: ${token}${options.token ? '' : ' (generated; pass --token to choose one)'}`);
  out(`run from another host: ipcbench run --connect ${where} ${token === null ? '' : `--token ${token} `}--transport tcp`);
  await new Promise<never>(() => undefined); // serves until SIGINT/SIGTERM (cli.ts exits 130/143)
}

export function addServeCommand(cli: Command): void {
  cli
    .command('serve')
    .description('answer runs from `ipcbench run --connect` on another host, one after another (like an iperf3 server)')
    .option('--listen <host:port>', 'address to listen on; loopback unless you name another one (port 0 = any free port)', '127.0.0.1:0')
    .option('--token <T>', 'token clients must present (default: a random one, printed)')
    .option('--no-auth', 'accept clients without a token (trusted networks only)')
    .option('--idle-timeout <s>', 'drop a client silent for this long', seconds, 10_000)
    .addOption(new Option('--faults <json>', 'test hook: misbehave as PeerFaults').hideHelp())
    .action(async (options: ServeCommandOptions) => {
      await serve(options);
    });
}
