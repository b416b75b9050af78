import { readJsonReport, writeFileAtomic } from '../report/json';
import { compareReports, type GateSettings } from '../gate';
import { renderTable } from '../report/console';
import { gateHeader, gateRows } from '../report/rows';
import { gateMarkdown } from '../report/markdown';
import { buildComparisonReport, writeComparisonReport } from '../report/comparison';
import { percent } from '../report/labels';
import type { Report } from '../types';

export interface CompareOptions extends GateSettings {
  json?: string;
  markdown?: string;
  quiet?: boolean;
}

/** Thrown for bad input files: the CLI prints the message on one line and exits 2. */
export class InputError extends Error {
  override name = 'InputError';
}

function load(file: string): Report {
  try {
    return readJsonReport(file);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/** `ipcbench compare`: the gate. Returns 0 when it passes, 1 on a regression or an errored result. */
export function compare(baselineFile: string, currentFile: string, options: CompareOptions): number {
  const baseline = load(baselineFile);
  const current = load(currentFile);
  const gate = compareReports(baseline, current, { threshold: options.threshold, alpha: options.alpha });
  const toStdout = options.json === '-';
  const say = (line: string): void => {
    if (!options.quiet) (toStdout ? process.stderr : process.stdout).write(`${line}\n`);
  };
  say(`baseline ${baselineFile} (${baseline.env.startedAt}) → current ${currentFile} (${current.env.startedAt})`);
  say(renderTable([gateHeader(gate), ...gateRows(gate)]));
  const regressions = gate.comparisons.filter((c) => c.verdict === 'regression' || c.verdict === 'errored');
  say(
    gate.passed
      ? `no regression (threshold ${percent(gate.settings.threshold, 0)}, alpha ${gate.settings.alpha})`
      : `${regressions.length} failing: ${regressions.map((c) => c.name).join(', ')}`,
  );
  if (options.json) writeComparisonReport(options.json, buildComparisonReport(gate, { file: baselineFile, report: baseline }, { file: currentFile, report: current }));
  if (options.markdown) writeFileAtomic(options.markdown, gateMarkdown(gate, baselineFile, currentFile));
  return gate.passed ? 0 : 1;
}
