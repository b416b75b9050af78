import type { Register } from './command';
import { fraction, alpha } from './options';
import { InputError } from '../errors';
import { MAX_REPORT_BYTES } from '../input-file';
import { readJsonReport } from '../report/json';
import { compareReports, DEFAULT_GATE, type GateSettings } from '../gate';
import { renderTable } from '../report/console';
import { gateHeader, gateRows } from '../report/rows';
import { gateMarkdown } from '../report/markdown';
import { buildComparisonReport, comparisonJson } from '../report/comparison';
import { percent } from '../report/labels';
import { Outputs } from '../report/output';
import { environmentDifferences } from '../report/env-diff';
import type { Report } from '../types';

export interface CompareOptions extends GateSettings {
  json?: string;
  markdown?: string;
  quiet?: boolean;
  /** Refuse (exit 2) to compare reports from different runtimes, CPU models, pin modes or machines. */
  strictEnv?: boolean;
}

function load(file: string): Report {
  try {
    return readJsonReport(file);
  } catch (error) {
    throw new InputError((error as Error).message, { cause: error });
  }
}

/** `ipcbench compare`: the gate. Returns 0 when it passes, 1 on a regression or an errored result. */
export function compare(baselineFile: string, currentFile: string, options: CompareOptions): number {
  const outputs = new Outputs({ '--json': options.json, '--markdown': options.markdown }, options.quiet);
  outputs.check();
  const baseline = load(baselineFile);
  const current = load(currentFile);
  const differences = environmentDifferences(baseline, current);
  if (options.strictEnv && differences.length > 0) {
    throw new InputError(`--strict-env: the reports come from different settings, so the comparison would measure the setting, not the code: ${differences.join('; ')}`);
  }
  const gate = compareReports(baseline, current, { threshold: options.threshold, alpha: options.alpha });
  outputs.say(`baseline ${baselineFile} (${baseline.env.startedAt}) → current ${currentFile} (${current.env.startedAt})`);
  // Said plainly and before the verdicts, on stderr too when stdout carries JSON: it changes what they mean.
  for (const difference of differences) outputs.say(`note: different ${difference} — the ratio includes that difference, not only the code's (--strict-env refuses this)`);
  outputs.say(renderTable([gateHeader(gate), ...gateRows(gate)]));
  const regressions = gate.comparisons.filter((c) => c.verdict === 'regression' || c.verdict === 'errored');
  outputs.say(
    gate.passed
      ? `no regression (threshold ${percent(gate.settings.threshold, 0)}, alpha ${gate.settings.alpha})`
      : `${regressions.length} failing: ${regressions.map((c) => c.name).join(', ')}`,
  );
  outputs.writeAll([
    ['--json', () => comparisonJson(buildComparisonReport(gate, { file: baselineFile, report: baseline }, { file: currentFile, report: current }))],
    ['--markdown', () => gateMarkdown(gate, baselineFile, currentFile)],
  ]);
  return gate.passed ? 0 : 1;
}

/** What `compare` runs on: the two files and the gate settings. */
export interface CompareCommand extends CompareOptions {
  baseline: string;
  current: string;
}

export const register: Register = (program, handle) => {
  program
    .command('compare')
    .description('the regression gate: compare two JSON reports per transport × payload')
    .argument('<baseline>', 'JSON report of the reference run (ipcbench run --json)')
    .argument('<current>', 'JSON report of the run to judge')
    .option('--threshold <pct>', 'smallest slowdown that counts, e.g. 10% or 0.1', fraction, DEFAULT_GATE.threshold)
    .option('--alpha <p>', 'significance level of the one-sided Welch t-test', alpha, DEFAULT_GATE.alpha)
    .option('--json <file>', 'write the verdicts as JSON (schema/comparison.schema.json), or - for stdout only')
    .option('--markdown <file>', 'write the verdict table as Markdown, or - for stdout')
    .option('--strict-env', 'exit 2 when the reports come from different runtimes, CPU models, pin modes or machines')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
A regression is a slowdown that is both statistically significant (one-sided Welch t-test on the log of
round trips/s of the repeats, at --alpha) and larger than --threshold. An errored current result fails too.
The reports must be regular files of at most ${MAX_REPORT_BYTES / 1024 / 1024} MiB (not a pipe or a device).

Examples:
  $ ipcbench compare baseline.json current.json
  $ ipcbench compare baseline.json current.json --threshold 5% --alpha 0.01 --json verdicts.json

Two runs minutes apart on a shared machine differ by more than most regressions: 'ipcbench ab' runs
both builds interleaved in one job and is the first way to gate; this is the stored-baseline fallback.
Reports from different runtimes, CPU models, pin modes or machines are compared with a note saying so.

Exit codes: 0 no regression, 1 regression or errored result, 2 bad usage, unreadable/invalid report,
or (with --strict-env) reports from different settings.`,
    )
    .action((baseline: string, current: string, options: CompareOptions) =>
      handle('compare', { ...options, baseline, current } satisfies CompareCommand, (o) => compare(o.baseline, o.current, o)),
    );
};
