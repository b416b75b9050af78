import * as path from 'node:path';
import { Option } from 'commander';
import type { Register } from './command';
import { wholeNumber, seconds, milliseconds } from './options';
import { Outputs } from '../report/output';
import { splitCommandLine, CommandLineError } from '../external/command-line';
import { gradeExternal } from '../grading/grade';
import { toGradescope, figuresLine } from '../grading/gradescope';
import { toJUnit } from '../grading/junit';
import { ConfigError } from '../config';
import type { ExternalRole, ExternalTransport } from '../external/connect';
import type { Wire } from '../external/wire';

export interface PeerCommandOptions {
  cmd: string;
  transport: ExternalTransport;
  role: ExternalRole;
  wire: Wire;
  rounds?: number;
  timeoutMs: number;
  grading?: string;
  junit?: string;
  minRate?: number;
  /** false with --no-token. */
  token?: boolean;
  quiet?: boolean;
}

export const DEFAULT_ROUNDS = 1000;

/** The JUnit file written next to results.json when --junit is not given: results.json → results.junit.xml. */
export function junitPathFor(gradingFile: string): string {
  const parsed = path.parse(gradingFile);
  return path.join(parsed.dir, `${parsed.ext === '.json' ? parsed.name : parsed.base}.junit.xml`);
}

/**
 * `ipcbench peer`: checks and measures an external program, prints one line per check, writes the
 * Gradescope results.json and the JUnit file (atomically, only once grading is complete).
 * Returns 0 when every check passed, 1 otherwise.
 */
export async function peer(options: PeerCommandOptions, out?: (line: string) => void): Promise<number> {
  let argv: string[];
  try {
    argv = splitCommandLine(options.cmd);
  } catch (error) {
    if (error instanceof CommandLineError) throw new ConfigError(`--cmd: ${error.message}`);
    throw error;
  }
  const result = await gradeExternal({
    command: options.cmd,
    argv,
    transport: options.transport,
    role: options.role,
    wire: options.wire,
    rounds: options.rounds ?? DEFAULT_ROUNDS,
    strictRounds: options.rounds !== undefined,
    timeoutMs: options.timeoutMs,
    minRate: options.minRate,
    token: options.token,
  });
  const junit = options.junit ?? (options.grading ? junitPathFor(options.grading) : undefined);
  const outputs = new Outputs({ '--grading': options.grading, '--junit': junit }, options.quiet, out);
  const say = (line: string): void => outputs.say(line);
  if (!options.quiet) {
    say(`ipcbench peer: ${options.cmd} (${options.transport}, ${options.role}, ${options.wire} wire)`);
    for (const check of result.checks) say(`  ${check.status === 'passed' ? 'PASS' : 'FAIL'}  ${check.name}: ${check.output}`);
    say(`score ${result.score}/${result.maxScore}; ${figuresLine(result)}`);
  }
  outputs.write('--grading', () => `${JSON.stringify(toGradescope(result), null, 2)}\n`);
  outputs.write('--junit', () => toJUnit(result));
  return result.score === result.maxScore ? 0 : 1;
}

/** What commander parses: PeerCommandOptions with --timeout in seconds. */
type PeerFlags = Omit<PeerCommandOptions, 'timeoutMs'> & { timeout: number };

export const register: Register = (program, handle) => {
  program
    .command('peer')
    .description('check, grade and measure an external program that speaks the increment protocol')
    .requiredOption('--cmd <command line>', 'the program to run; split like a shell would, but run WITHOUT a shell; {host} {port} {token} {rounds} {wire} are substituted')
    .addOption(new Option('--transport <name>', 'how to talk to it').choices(['tcp', 'stdio']).default('tcp'))
    .addOption(new Option('--role <role>', 'responder: it answers x+1 (a lab client); driver: it sends 1, increments, 0 (a lab server)').choices(['responder', 'driver']).default('responder'))
    .addOption(new Option('--wire <wire>', 'line: decimal + newline; raw: decimal, no delimiter, one message per read (loopback grading only)').choices(['line', 'raw']).default('line'))
    .option('--rounds <n>', `round trips to check and time (default ${DEFAULT_ROUNDS}; as driver, also the exact count required)`, wholeNumber(1, 100_000_000))
    .option('--timeout <s>', 'seconds allowed for each step (start, each reply, exit)', seconds, 5)
    .option('--no-token', 'tcp responder, line wire: accept the first connection without the run token (loopback grading only)')
    .option('--min-rate <n>', 'also require at least n round trips/s', wholeNumber(1))
    .option('--grading <file>', 'write Gradescope results.json here, and JUnit XML beside it (<name>.junit.xml)')
    .option('--junit <file>', 'write the JUnit XML here instead')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
The program learns where to connect from placeholders in --cmd and from its environment:
IPCBENCH_HOST, IPCBENCH_PORT, IPCBENCH_TOKEN (line wire, responder over tcp: send it as the first
line), IPCBENCH_ROUNDS, IPCBENCH_WIRE. Exit status 0 when every check passes, 1 otherwise.

Examples:
  $ ipcbench peer --cmd "python3 examples/peers/client.py --port {port}" --grading out/results.json
  $ ipcbench peer --cmd "python3 examples/peers/server.py --port {port} --wire raw" --role driver --wire raw
  $ ipcbench peer --cmd "./lab_client" --transport stdio`,
    )
    .action(({ timeout, ...rest }: PeerFlags) => handle('peer', { ...rest, timeoutMs: milliseconds(timeout) }, peer));
};
