import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import { SCHEMA_DIR, schemaProblems } from '../report/validate';
import { splitCommandLine, CommandLineError } from '../external/command-line';
import { checkPlaceholders, type ExternalRole, type ExternalTransport } from '../external/connect';
import { DEFAULT_LIMITS, type Limits } from '../external/sandbox';
import { DEFAULT_MAX_SECONDS } from './grade';
import type { Wire } from '../external/wire';
import type { CheckId } from './checklist';

/** A course's grading.json (schema/grading.schema.json), with every default filled in. */
export interface GradingConfig {
  role: ExternalRole;
  transport: ExternalTransport;
  wire: Wire;
  commands: Array<{ when?: string; build?: string; run: string }>;
  rounds: number;
  exactRounds: boolean;
  timeoutSeconds: number;
  maxSeconds: number;
  buildSeconds: number;
  minRate?: number;
  requireToken: boolean;
  points: Partial<Record<CheckId, number>>;
  limits: Limits;
  /** The limits the file sets that only containment enforces, as the file names them ("limits.cpuSeconds"). */
  containedLimits?: string[];
  env: Record<string, string>;
}

export const GRADING_SCHEMA = path.join(SCHEMA_DIR, 'grading.schema.json');

/** Reads and validates a grading config; every problem in one InputError (exit 2), each on its own line. */
export function loadGradingConfig(file: string): GradingConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError(`--config ${file}: ${why}`, { cause: error });
  }
  const problems = schemaProblems(GRADING_SCHEMA, raw);
  const config = raw as Partial<GradingConfig> & Pick<GradingConfig, 'role' | 'commands'>;
  if (problems.length === 0) {
    config.commands.forEach((command, i) => {
      for (const key of ['build', 'run'] as const) {
        const line = command[key];
        if (line === undefined) continue;
        try {
          checkPlaceholders(splitCommandLine(line));
        } catch (error) {
          if (!(error instanceof CommandLineError)) throw error;
          problems.push(`/commands/${i}/${key} ${error.message}`);
        }
      }
    });
  }
  if (problems.length > 0) throw new InputError(`--config ${file} is not a valid grading config (schema/grading.schema.json):\n  ${problems.join('\n  ')}`);
  return {
    transport: 'tcp',
    wire: 'line',
    rounds: 1000,
    exactRounds: false,
    timeoutSeconds: 5,
    maxSeconds: DEFAULT_MAX_SECONDS,
    buildSeconds: 120,
    requireToken: false,
    points: {},
    env: {},
    ...config,
    limits: { ...DEFAULT_LIMITS, ...config.limits },
    containedLimits: Object.keys(config.limits ?? {})
      .filter((key) => key !== 'outputKiB')
      .map((key) => `"limits.${key}" in ${file}`),
  };
}
