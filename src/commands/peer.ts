import * as path from 'node:path';
import { splitCommandLine, CommandLineError } from '../external/command-line';
import { checkPlaceholders } from '../external/connect';
import { gradeExternal } from '../grading/grade';
import { toGradescope, figuresLine } from '../grading/gradescope';
import { toJUnit } from '../grading/junit';
import { writeFileAtomic } from '../report/json';
import { ConfigError } from '../config';
import { limitsFrom, type ContainmentFlags } from './grading-options';
import type { ExternalRole, ExternalTransport } from '../external/connect';
import type { Wire } from '../external/wire';
import type { GradingResult } from '../grading/checklist';

export interface PeerCommandOptions extends ContainmentFlags {
  cmd: string;
  transport: ExternalTransport;
  role: ExternalRole;
  wire: Wire;
  rounds?: number;
  timeout: number;
  grading?: string;
  junit?: string;
  minRate?: number;
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
export async function peer(options: PeerCommandOptions, out: (line: string) => void = console.log): Promise<number> {
  const argv = commandArgv(options.cmd, '--cmd');
  const result = await gradeExternal({
    command: options.cmd,
    argv,
    transport: options.transport,
    role: options.role,
    wire: options.wire,
    rounds: options.rounds ?? DEFAULT_ROUNDS,
    strictRounds: options.rounds !== undefined,
    timeoutMs: options.timeout,
    minRate: options.minRate,
    requireToken: options.requireToken,
    maxSeconds: options.maxSeconds,
    env: options.env,
    limits: limitsFrom(options),
  });
  if (!options.quiet) {
    out(`ipcbench peer: ${options.cmd} (${options.transport}, ${options.role}, ${options.wire} wire; ${result.containment})`);
    for (const line of resultLines(result)) out(line);
  }
  if (options.grading) {
    writeFileAtomic(options.grading, `${JSON.stringify(toGradescope(result), null, 2)}\n`);
    if (!options.quiet) out(`wrote ${options.grading}`);
  }
  const junit = options.junit ?? (options.grading ? junitPathFor(options.grading) : undefined);
  if (junit) {
    writeFileAtomic(junit, toJUnit(result));
    if (!options.quiet) out(`wrote ${junit}`);
  }
  return result.score === result.maxScore ? 0 : 1;
}
