import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { VERSION } from '../version';
import { writeFileAtomic } from './json';
import { assertReport, ReportSchemaError } from './schema';
import { MIN_REPEATS_FOR_INTERVAL } from '../measure/stats';
import { AB_TEST, type AbComparison, type AbVerdicts } from '../ab/analysis';
import type { GateSettings } from '../gate';
import type { Report } from '../types';

/** `ab --json`: verdicts, the pairs they came from, and each arm's own run report. Schema: schema/ab.schema.json. */
export interface AbReport {
  schemaVersion: 1;
  kind: 'ab';
  tool: { name: 'ipcbench'; version: string };
  settings: GateSettings & { test: string; minPairs: number };
  plan: { transports: string[]; payloadBytes: number[] | null; pairs: number; roundTrips: number; warmup: number; sampleEvery: number; order: 'ABBA' };
  arms: { a: AbArm; b: AbArm };
  envDifferences: string[];
  passed: boolean;
  comparisons: AbComparison[];
}

export interface AbArm {
  command: string;
  report: Report;
}

export const AB_SCHEMA_PATH = path.join(__dirname, '..', '..', 'schema', 'ab.schema.json');

let validator: ValidateFunction | undefined;

export function assertAbReport(data: unknown): asserts data is AbReport {
  validator ??= addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })).compile(JSON.parse(fs.readFileSync(AB_SCHEMA_PATH, 'utf8')));
  if (!validator(data)) {
    const problems = (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
    throw new ReportSchemaError(`the A/B report is not valid: ${problems.slice(0, 5).join('; ')}`, problems);
  }
  const arms = (data as AbReport).arms;
  assertReport(arms.a.report, 'arm A’s report');
  assertReport(arms.b.report, 'arm B’s report');
}

export function buildAbReport(verdicts: AbVerdicts, plan: Omit<AbReport['plan'], 'order'>, arms: AbReport['arms'], envDifferences: string[]): AbReport {
  return {
    schemaVersion: 1,
    kind: 'ab',
    tool: { name: 'ipcbench', version: VERSION },
    settings: { ...verdicts.settings, test: AB_TEST, minPairs: MIN_REPEATS_FOR_INTERVAL },
    plan: { ...plan, order: 'ABBA' },
    arms,
    envDifferences,
    passed: verdicts.passed,
    comparisons: verdicts.comparisons,
  };
}

/** Validates, then writes atomically (or to stdout for "-"). */
export function writeAbReport(file: string, report: AbReport): void {
  assertAbReport(report);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (file === '-') process.stdout.write(text);
  else writeFileAtomic(file, text);
}
