import { markdownTable } from './markdown';
import { gateRows } from './rows';
import { percent, runtimeWords } from './labels';
import type { AbReport } from './ab-json';

/** `ab --markdown`: the verdict table for a PR comment or job summary. */
export function abMarkdown(report: AbReport): string {
  const regressions = report.comparisons.filter((c) => c.verdict === 'regression').length;
  const errors = report.comparisons.filter((c) => c.verdict === 'errored').length;
  const headline = report.passed ? '✅ no regression' : `❌ ${regressions} regression(s)${errors ? `, ${errors} errored` : ''}`;
  const { a, b } = report.arms;
  const header = ['benchmark', 'A rt/s (median)', 'B rt/s (median)', 'B/A (geo. mean)', `${percent(1 - 2 * report.settings.alpha, 0)} CI`, 'p (B slower)', 'verdict', 'why'];
  return [
    `## ipcbench ab: ${headline}`,
    '',
    `- **A**: \`${a.command}\` (${runtimeWords(a.report.env)})`,
    `- **B**: \`${b.command}\` (${runtimeWords(b.report.env)})`,
    '',
    `${report.plan.pairs} pairs per benchmark, interleaved A B B A …, each repeat a fresh peer, ${report.plan.roundTrips} round trips after ${report.plan.warmup} warm-up. ` +
      `A regression is a slowdown of B that is both significant (paired t-test on ln(B/A), α = ${report.settings.alpha}) and larger than the ${percent(report.settings.threshold, 0)} threshold.`,
    '',
    markdownTable(header, gateRows(report), [6, 7]),
    '',
    ...report.envDifferences.map((d) => `> note: the arms differ in ${d}\n`),
  ].join('\n');
}
