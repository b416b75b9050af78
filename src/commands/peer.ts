import * as path from 'node:path';
import { Option } from 'commander';
import type { Register } from './command';
import { wholeNumber, seconds, milliseconds } from './options';
import { Outputs, STDOUT_PATH } from '../report/output';
import { splitCommandLine, CommandLineError } from '../external/command-line';
import { checkPlaceholders } from '../external/connect';
import { gradeExternal } from '../grading/grade';
import { toGradescope, figuresLine } from '../grading/gradescope';
import { toJUnit } from '../grading/junit';
import { ConfigError } from '../config';
import { addContainmentOptions, checkContainment, limitsFrom, ENVIRONMENT_HELP, type ContainmentFlags } from './grading-options';
import type { ExternalRole, ExternalTransport } from '../external/connect';
import type { Wire } from '../external/wire';
import type { GradingResult } from '../grading/checklist';

export interface PeerCommandOptions extends ContainmentFlags {
  cmd: string;
  transport: ExternalTransport;
  role: ExternalRole;
  wire: Wire;
  rounds?: number;
  timeoutMs: number;
  grading?: string;
  junit?: string;
  minRate?: number;
  /** The program must present the run token (shared hosts); lab clients do not. */
  requireToken?: boolean;
  quiet?: boolean;
}

export const DEFAULT_ROUNDS = 1000;

/** The JUnit file written next to results.json when --junit is not given: results.json → results.junit.xml. */
export function junitPathFor(gradingFile: string): string {
  const parsed = path.parse(gradingFile);
  return path.join(parsed.dir, `${parsed.ext === '.json' ? parsed.name : parsed.base}.junit.xml`);
}

/** argv from a command line, every {placeholder} known; a usage error (exit 2) naming `what` otherwise. */
export function commandArgv(line: string, what: string): string[] {
  try {
    const argv = splitCommandLine(line);
    checkPlaceholders(argv);
    return argv;
  } catch (error) {
    if (error instanceof CommandLineError) throw new ConfigError(`${what}: ${error.message}`);
    throw error;
  }
}

/** The lines `peer` prints: one per check, the notes, the score and figures. */
export function resultLines(result: GradingResult): string[] {
  return [
    ...result.checks.map((check) => `  ${check.status === 'passed' ? 'PASS' : 'FAIL'}  ${check.name}: ${check.output.replace(/\n/g, '\n        ')}`),
    ...result.notes.map((note) => `  note: ${note}`),
    `score ${result.score}/${result.maxScore}; ${figuresLine(result)}`,
  ];
}

/**
 * `ipcbench peer`: checks and measures an external program, prints one line per check, writes the
 * Gradescope results.json and the JUnit file (atomically, only once grading is complete).
 * Returns 0 when every check passed, 1 otherwise.
 */
export async function peer(options: PeerCommandOptions, out?: (line: string) => void): Promise<number> {
  const argv = commandArgv(options.cmd, '--cmd');
  // --grading - puts results.json on stdout; JUnit then goes only where --junit says.
  const junit = options.junit ?? (options.grading && options.grading !== STDOUT_PATH ? junitPathFor(options.grading) : undefined);
  const outputs = new Outputs({ '--grading': options.grading, '--junit': junit }, options.quiet, out);
  outputs.check(); // before the program starts: a bad path must not cost the grading
  checkContainment(options);
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
    requireToken: options.requireToken,
    maxSeconds: options.maxSeconds,
    env: options.env,
    limits: limitsFrom(options),
  });
  outputs.say(`ipcbench peer: ${options.cmd} (${options.transport}, ${options.role}, ${options.wire} wire; ${result.containment})`);
  for (const line of resultLines(result)) outputs.say(line);
  outputs.writeAll([
    ['--grading', () => `${JSON.stringify(toGradescope(result), null, 2)}\n`],
    ['--junit', () => toJUnit(result)],
  ]);
  return result.score === result.maxScore ? 0 : 1;
}

/** What commander parses: PeerCommandOptions with --timeout in seconds. */
type PeerFlags = Omit<PeerCommandOptions, 'timeoutMs'> & { timeout: number };

export const register: Register = (program, handle) => {
  const command = program
    .command('peer')
    .description('check, grade and measure an external program that speaks the increment protocol')
    .requiredOption('--cmd <command line>', 'the program to run; split like a shell would, but run WITHOUT a shell; {host} {port} {token} {rounds} {wire} are substituted')
    .addOption(new Option('--transport <name>', 'how to talk to it').choices(['tcp', 'stdio']).default('tcp'))
    .addOption(new Option('--role <role>', 'responder: it answers x+1 (a lab client); driver: it sends 1, increments, 0 (a lab server)').choices(['responder', 'driver']).default('responder'))
    .addOption(new Option('--wire <wire>', 'line: decimal + newline; raw: decimal, no delimiter, one message per read').choices(['line', 'raw']).default('line'))
    .option('--rounds <n>', `round trips to check and time (default ${DEFAULT_ROUNDS}; as driver, also the exact count required)`, wholeNumber(1, 100_000_000))
    .option('--timeout <s>', 'seconds allowed for each step (start, each reply, exit)', seconds, 5)
    .option('--require-token', 'tcp responder: the program must send $IPCBENCH_TOKEN as its first line, other connections are dropped (shared hosts; lab clients know nothing of tokens)')
    .option('--min-rate <n>', 'also require at least n round trips/s', wholeNumber(1))
    .option('--grading <file>', 'write Gradescope results.json here, and JUnit XML beside it (<name>.junit.xml)')
    .option('--junit <file>', 'write the JUnit XML here instead')
    .option('-q, --quiet', 'print nothing but errors');
  addContainmentOptions(command)
    .addHelpText(
      'after',
      `
The program learns where to connect from placeholders in --cmd and from its environment:
IPCBENCH_HOST, IPCBENCH_PORT, IPCBENCH_ROUNDS, IPCBENCH_WIRE, and with --require-token IPCBENCH_TOKEN.
Exit status 0 when every check passes, 1 when one fails, 2 for bad usage.
${ENVIRONMENT_HELP}

Examples:
  $ ipcbench peer --cmd "python3 client.py {host} {port}" --grading out/results.json
  $ ipcbench peer --cmd "./server {port}" --role driver --wire raw --max-seconds 30
  $ ipcbench peer --cmd "./lab_client" --transport stdio --env DEBUG=0`,
    )
    .action(({ timeout, ...rest }: PeerFlags) => handle('peer', { ...rest, timeoutMs: milliseconds(timeout) }, peer));
};
