import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Report } from '../types';

export const SCHEMA_VERSION = 1;

/** The shipped JSON Schema file; the same path from src/report (ts-jest) and dist/report (built). */
export const SCHEMA_PATH = path.join(__dirname, '..', '..', 'schema', 'report.schema.json');

/** A report that does not match schema/report.schema.json; `problems` lists every mismatch, one line each. */
export class ReportSchemaError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'ReportSchemaError';
  }
}

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')));
  }
  return validator;
}

/** Problems with `data` as a report, one readable line each; empty when it is valid. */
export function reportProblems(data: unknown): string[] {
  // Foreign and old files first, in words, before any schema path noise.
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('schemaVersion' in data)) {
    return ['not an ipcbench report (no schemaVersion; expected the JSON written by "ipcbench run --json")'];
  }
  if ('kind' in data && data.kind === 'comparison') return ['it is an ipcbench comparison (compare --json output), not a run report'];
  if (data.schemaVersion !== SCHEMA_VERSION) {
    return [`schemaVersion ${JSON.stringify(data.schemaVersion)} is not supported (this ipcbench reads ${SCHEMA_VERSION})`];
  }
  const validate = compiled();
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}

/** Throws a ReportSchemaError naming `what` and the first problems unless `data` is a valid report. */
export function assertReport(data: unknown, what: string): asserts data is Report {
  const problems = reportProblems(data);
  if (problems.length > 0) {
    throw new ReportSchemaError(`${what} is not a valid ipcbench report: ${problems.slice(0, 5).join('; ')}`, problems);
  }
}
