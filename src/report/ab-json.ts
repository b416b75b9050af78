import * as path from 'node:path';
import { SCHEMA_DIR, schemaProblems } from './validate';
import { VERSION } from '../version';
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

export const AB_SCHEMA_PATH = path.join(SCHEMA_DIR, 'ab.schema.json');

export function assertAbReport(data: unknown): asserts data is AbReport {
  const problems = schemaProblems(AB_SCHEMA_PATH, data);
  if (problems.length > 0) {
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

/** The A/B result as JSON text, validated first (both arms' reports too): an invalid one is never written. */
export function abJson(report: AbReport): string {
  assertAbReport(report);
  return `${JSON.stringify(report, null, 2)}\n`;
}
