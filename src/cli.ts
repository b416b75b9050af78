#!/usr/bin/env node
/**
 * The ipcbench command line: this file only assembles the program and, when run as a program, runs it.
 *
 * Adding a command: write `src/commands/<name>.ts` exporting
 *   - an options interface (typed, what the work needs; derive the flag shape from it with Omit/&, never copy it),
 *   - the function that does the work, `(options) => exit code`, callable and testable in-process,
 *   - `export const register: Register = (program, handle) => { program.command('<name>')…
 *       .action((flags) => handle('<name>', parse(flags), work)) }`,
 * then add the module to COMMANDS below. Errors: throw UsageError/InputError (exit 2) or RunError (exit 1)
 * from src/errors.ts; `main` maps every error to its exit code through the base class IpcBenchError.
 * Outputs: src/report/output.ts (`-` is stdout for every output flag).
 *
 * Exit codes (EXIT in src/errors.ts): 0 ok; 1 a run failed or a check/gate failed; 2 bad usage or bad
 * input; 129 SIGHUP or the parent is gone; 130/143 SIGINT/SIGTERM; 141 stdout closed early (EPIPE).
 * Peers are killed and no partial report is left in every case.
 */
import { Command, type CommanderError, type OutputConfiguration } from 'commander';
import { VERSION } from './version';
import { EXIT, IpcBenchError, exitCodeOf, messageOf } from './errors';
import { watchParent } from './process/parent-watch';
import { sweepStaleDirs } from './process/stale-dirs';
import type { Handle, Register } from './commands/command';

export { EXIT } from './errors';

/**
 * Every command module, in the order `ipcbench --help` lists them, with the commands it registers.
 * Each is loaded only when the program needs it: `ipcbench run …` loads run's modules and not the other
 * eight commands' (together ~30 ms of CPU per process); help and unknown commands load them all.
 */
const COMMANDS: ReadonlyArray<{ names: readonly string[]; load: () => { register: Register } }> = [
  { names: ['lab'], load: () => require('./commands/lab') as typeof import('./commands/lab') },
  { names: ['run'], load: () => require('./commands/run') as typeof import('./commands/run') },
  { names: ['compare'], load: () => require('./commands/compare') as typeof import('./commands/compare') },
  { names: ['env'], load: () => require('./commands/env') as typeof import('./commands/env') },
  { names: ['overhead'], load: () => require('./commands/overhead') as typeof import('./commands/overhead') },
  { names: ['ab', 'ab-arm'], load: () => require('./commands/ab') as typeof import('./commands/ab') },
  { names: ['peer'], load: () => require('./commands/peer') as typeof import('./commands/peer') },
  { names: ['grade'], load: () => require('./commands/grade') as typeof import('./commands/grade') },
  { names: ['serve'], load: () => require('./commands/serve') as typeof import('./commands/serve') },
];

/** The command modules `args` (without node and script) need: the named command's alone when it comes first, else all. */
function commandsFor(args: readonly string[] | undefined): ReadonlyArray<{ load: () => { register: Register } }> {
  const named = args === undefined ? undefined : COMMANDS.find((command) => command.names.includes(args[0]));
  return named ? [named] : COMMANDS;
}

/**
 * The whole program; `handle` decides what a parsed command does (run it, or just record it).
 * `output` replaces where commander writes help and errors (set before the commands inherit it).
 * Given the `args` it will parse (without node and script), it registers only the command they name
 * first, which parses them exactly as the whole program does.
 */
export function buildProgram(handle: Handle, output: OutputConfiguration = {}, args?: readonly string[]): Command {
  const program = new Command('ipcbench')
    .version(VERSION)
    .description('Honest benchmarks of inter-process communication on Node.js (increment ping-pong: 1→2, x→x+1, 0 stops).')
    // Commander prints its usage errors (one line, below) and throws instead of exiting; main maps the code.
    .exitOverride((error: CommanderError) => {
      throw new IpcBenchError(error.message, { cause: error, exitCode: error.exitCode === 0 ? EXIT.ok : EXIT.usage, reported: true });
    })
    .configureOutput({ outputError: (text, write) => write(`ipcbench: ${text.replace(/^error: /, '').trim()} (see --help)\n`), ...output });
  for (const command of commandsFor(args)) command.load().register(program, handle);
  program.addHelpText(
    'after',
    `
Examples:
  $ ipcbench run -t ipc,tcp -r 3 --json r.json --html r.html
  $ ipcbench compare baseline.json r.json --threshold 10%
  $ ipcbench env --json

Exit codes: 0 ok, 1 a run failed or a regression was found, 2 bad usage or input, 129 hung up or the
process that started ipcbench is gone, 130/143 interrupted (SIGINT/SIGTERM), 141 stdout closed early
(e.g. | head -1; as a Unix tool killed by SIGPIPE). Peers are stopped in every case.`,
  );
  return program;
}

export interface ParsedCommand {
  command: string;
  options: unknown;
}

/**
 * Parses `args` (without node and script) into the command and its typed options, running nothing.
 * Usage errors throw as they would in `main` (an IpcBenchError with exit code 2).
 */
export async function parseArguments(args: readonly string[]): Promise<ParsedCommand | undefined> {
  let parsed: ParsedCommand | undefined;
  const record: Handle = async (command, options) => {
    parsed = { command, options };
  };
  const silent = (): void => undefined;
  await buildProgram(record, { writeErr: silent, writeOut: silent }, args).parseAsync([...args], { from: 'user' });
  return parsed;
}

/**
 * Runs the program on `args` (without node and script) in this process and returns the exit code: the
 * command's own, or its error's, whose one line goes to `output.writeErr` (stderr by default) unless
 * commander has printed it already. Adds no process-wide hooks (that is `main`'s part), so specs call it
 * in-process for what a command says and which code it ends with.
 */
export async function runProgram(args: readonly string[], output: OutputConfiguration = {}): Promise<number> {
  let code: number = EXIT.ok;
  const execute: Handle = async (_command, options, work) => {
    code = await work(options);
  };
  try {
    await buildProgram(execute, output, args).parseAsync([...args], { from: 'user' });
    return code;
  } catch (error) {
    if (!(error instanceof IpcBenchError && error.reported)) {
      const writeErr = output.writeErr ?? ((text: string) => process.stderr.write(text));
      writeErr(`ipcbench: ${messageOf(error)}\n`);
    }
    return exitCodeOf(error);
  }
}

/**
 * How the process ends when it is interrupted; process.exit runs the 'exit' hooks (peer-process.ts
 * kills every live peer, unix.ts removes socket folders), which death by a signal would skip.
 */
function stopOnInterruptions(): void {
  watchParent((why) => {
    process.stderr.write(`ipcbench: stopping: ${why}\n`);
    process.exit(EXIT.hangup);
  });
  process.once('SIGINT', () => process.exit(EXIT.sigint));
  process.once('SIGTERM', () => process.exit(EXIT.sigterm));
  process.once('SIGHUP', () => process.exit(EXIT.hangup));
  // `ipcbench … | head -1`: once the reader is gone, stop quietly, as a Unix tool killed by SIGPIPE does.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT.brokenPipe);
      if (stream === process.stdout) process.stderr.write(`ipcbench: cannot write to stdout: ${error.code ?? error.message}\n`);
      process.exit(EXIT.failed);
    });
  }
}

/** Runs the CLI on `argv` (node, script, args...) and returns the exit code; errors become one line on stderr. */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  stopOnInterruptions();
  sweepStaleDirs(); // socket and scratch folders of runs killed with SIGKILL
  return runProgram(argv.slice(2));
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
