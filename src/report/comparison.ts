import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { VERSION } from '../version';
import { writeFileAtomic } from './json';
import { ReportSchemaError } from './schema';
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
}

interface Source {
  file: string;
  startedAt: string;
  toolVersion: string;
}

export const GATE_TEST = 'one-sided Welch t-test on ln(round trips/s) of the repeats; regression = significant at alpha and ratio of geometric means < 1 - threshold';

export const COMPARISON_SCHEMA_PATH = path.join(__dirname, '..', '..', 'schema', 'comparison.schema.json');

let validator: ValidateFunction | undefined;

export function assertComparisonReport(data: unknown): asserts data is ComparisonReport {
  validator ??= addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })).compile(
    JSON.parse(fs.readFileSync(COMPARISON_SCHEMA_PATH, 'utf8')),
  );
  if (!validator(data)) {
    const problems = (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
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
  };
}

/** Validates, then writes atomically (or to stdout for "-"). */
export function writeComparisonReport(file: string, comparison: ComparisonReport): void {
  assertComparisonReport(comparison);
  const text = `${JSON.stringify(comparison, null, 2)}\n`;
  if (file === '-') process.stdout.write(text);
  else writeFileAtomic(file, text);
}
