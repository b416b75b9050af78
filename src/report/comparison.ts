import * as path from 'node:path';
import { VERSION } from '../version';
import { ReportSchemaError } from './schema';
import { SCHEMA_DIR, schemaProblems } from './validate';
import { environmentDifferences } from './env-diff';
import type { Comparison, GateResult, GateSettings } from '../gate';
import type { Report } from '../types';

/** The verdicts of `compare` as a JSON document, validated against schema/comparison.schema.json. */
export interface ComparisonReport {
  schemaVersion: 1;
  kind: 'comparison';
  tool: { name: 'ipcbench'; version: string };
  settings: GateSettings & { test: string };
  baseline: Source;
  current: Source;
  passed: boolean;
  comparisons: Comparison[];
  /** How the two runs' settings differ (runtime, CPU model, pin mode, machine), in words; empty when alike. */
  envDifferences?: string[];
}

interface Source {
  file: string;
  startedAt: string;
  toolVersion: string;
}

export const GATE_TEST = 'one-sided Welch t-test on ln(round trips/s) of the repeats; regression = significant at alpha and ratio of geometric means < 1 - threshold';

export const COMPARISON_SCHEMA_PATH = path.join(SCHEMA_DIR, 'comparison.schema.json');

export function assertComparisonReport(data: unknown): asserts data is ComparisonReport {
  const problems = schemaProblems(COMPARISON_SCHEMA_PATH, data);
  if (problems.length > 0) {
    throw new ReportSchemaError(`the comparison is not valid: ${problems.slice(0, 5).join('; ')}`, problems);
  }
}

export function buildComparisonReport(gate: GateResult, baseline: { file: string; report: Report }, current: { file: string; report: Report }): ComparisonReport {
  const source = ({ file, report }: { file: string; report: Report }): Source => ({ file, startedAt: report.env.startedAt, toolVersion: report.tool.version });
  return {
    schemaVersion: 1,
    kind: 'comparison',
    tool: { name: 'ipcbench', version: VERSION },
    settings: { ...gate.settings, test: GATE_TEST },
    baseline: source(baseline),
    current: source(current),
    passed: gate.passed,
    comparisons: gate.comparisons,
    envDifferences: environmentDifferences(baseline.report, current.report),
  };
}

/** The comparison as JSON text, validated first: an invalid comparison is never written. */
export function comparisonJson(comparison: ComparisonReport): string {
  assertComparisonReport(comparison);
  return `${JSON.stringify(comparison, null, 2)}\n`;
}
