import { gateHeadline, markdownTable } from './markdown';
import { renderTable } from './console';
import { gateRows } from './rows';
import { percent, runtimeWords } from './labels';
import type { AbReport } from './ab-json';

/** `ab --markdown`: the verdict table for a PR comment or job summary. */
export function abMarkdown(report: AbReport): string {
  const { a, b } = report.arms;
  return [
    `## ipcbench ab: ${gateHeadline(report)}`,
    '',
    `- **A**: \`${a.command}\` (${runtimeWords(a.report.env)})`,
    `- **B**: \`${b.command}\` (${runtimeWords(b.report.env)})`,
    '',
    `${report.plan.pairs} pairs per benchmark, interleaved A B B A …, each repeat a fresh peer, ${report.plan.roundTrips} round trips after ${report.plan.warmup} warm-up. ` +
      `A regression is a slowdown of B that is both significant (paired t-test on ln(B/A), α = ${report.settings.alpha}) and larger than the ${percent(report.settings.threshold, 0)} threshold.`,
    '',
    markdownTable(abHeader(report), gateRows(report), [6, 7]),
    '',
    ...report.envDifferences.map((d) => `> note: the arms differ in ${d}\n`),
  ].join('\n');
}

/** The console result: verdict table, environment differences, the one-line outcome. */
export function abSummary(report: AbReport): string {
  const failing = report.comparisons.filter((c) => c.verdict === 'regression' || c.verdict === 'errored');
  return [
    renderTable([abHeader(report), ...gateRows(report)]),
    ...report.envDifferences.map((d) => `note: the arms differ in ${d}`),
    report.passed
      ? `no regression of B against A (threshold ${percent(report.settings.threshold, 0)}, alpha ${report.settings.alpha}, ${report.plan.pairs} pairs A B B A …)`
      : `${failing.length} failing: ${failing.map((c) => c.name).join(', ')}`,
  ].join('\n');
}

/** Column names of the verdict table in every A/B output. */
export function abHeader(report: AbReport): string[] {
  return ['benchmark', 'A rt/s (median)', 'B rt/s (median)', 'B/A (geo. mean)', `${percent(1 - 2 * report.settings.alpha, 0)} CI`, 'p (B slower)', 'verdict', 'why'];
}
