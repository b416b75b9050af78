import * as path from 'node:path';
import { splitCommandLine, CommandLineError } from '../external/command-line';
import { gradeExternal } from '../grading/grade';
import { toGradescope, figuresLine } from '../grading/gradescope';
import { toJUnit } from '../grading/junit';
import { writeFileAtomic } from '../report/json';
import { ConfigError } from '../config';
import type { ExternalRole, ExternalTransport } from '../external/connect';
import type { Wire } from '../external/wire';

export interface PeerCommandOptions {
  cmd: string;
  transport: ExternalTransport;
  role: ExternalRole;
  wire: Wire;
  rounds?: number;
  timeout: number;
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
export async function peer(options: PeerCommandOptions, out: (line: string) => void = console.log): Promise<number> {
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
    timeoutMs: options.timeout,
    minRate: options.minRate,
    token: options.token,
  });
  if (!options.quiet) {
    out(`ipcbench peer: ${options.cmd} (${options.transport}, ${options.role}, ${options.wire} wire)`);
    for (const check of result.checks) out(`  ${check.status === 'passed' ? 'PASS' : 'FAIL'}  ${check.name}: ${check.output}`);
    out(`score ${result.score}/${result.maxScore}; ${figuresLine(result)}`);
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
