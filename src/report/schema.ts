import * as path from 'node:path';
import { SCHEMA_DIR, schemaProblems } from './validate';
import type { Report } from '../types';
import { InputError } from '../errors';

export const SCHEMA_VERSION = 1;

/** The shipped JSON Schema file of run reports. */
export const SCHEMA_PATH = path.join(SCHEMA_DIR, 'report.schema.json');

/**
 * A report that does not match schema/report.schema.json; `problems` lists every mismatch, one line each.
 * An InputError (exit 2): the file or object handed in is not what it should be.
 */
export class ReportSchemaError extends InputError {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** Problems with `data` as a report, one readable line each; empty when it is valid. */
export function reportProblems(data: unknown): string[] {
  // Foreign and old files first, in words, before any schema path noise.
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('schemaVersion' in data)) {
    return ['not an ipcbench report (no schemaVersion; expected the JSON written by "ipcbench run --json")'];
  }
  if ('kind' in data && data.kind === 'comparison') return ['it is an ipcbench comparison (compare --json output), not a run report'];
  if ('kind' in data && data.kind === 'ab') return ['it is an ipcbench A/B result (ab --json output), not a run report; each arm\'s run report is in .arms.a.report and .arms.b.report'];
  if (data.schemaVersion !== SCHEMA_VERSION) {
    return [`schemaVersion ${JSON.stringify(data.schemaVersion)} is not supported (this ipcbench reads ${SCHEMA_VERSION})`];
  }
  return schemaProblems(SCHEMA_PATH, data);
}

/** Throws a ReportSchemaError naming `what` and the first problems unless `data` is a valid report. */
export function assertReport(data: unknown, what: string): asserts data is Report {
  const problems = reportProblems(data);
  if (problems.length > 0) {
    throw new ReportSchemaError(`${what} is not a valid ipcbench report: ${problems.slice(0, 5).join('; ')}`, problems);
  }
}
