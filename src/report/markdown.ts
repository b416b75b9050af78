import { RESULT_HEADER, resultRows, gateHeader, gateRows } from './rows';
import { formatNumber } from './console';
import { CPU_NOTE, latencySampling, percent, runtimeWords, wireLine } from './labels';
import type { GateResult } from '../gate';
import type { Report } from '../types';

/** Markdown for PR comments and CI job summaries (GitHub $GITHUB_STEP_SUMMARY, GitLab notes). */

/**
 * A GitHub-flavoured Markdown table; pipes and newlines in cells are escaped so a message cannot break it.
 * The first column and `textColumns` are left-aligned, figures right-aligned.
 */
export function markdownTable(header: readonly string[], rows: readonly string[][], textColumns: readonly number[] = []): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const align = header.map((_, i) => (i === 0 || textColumns.includes(i) ? ':--' : '--:'));
  return [header, align, ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

/** A report as Markdown: headline, environment, the result table and how to read it (what `--markdown` writes). */
export function reportMarkdown(report: Report): string {
  const { env, config } = report;
  const failed = report.results.filter((r) => r.status === 'errored');
  return [
    `## ipcbench ${report.tool.version}: ${config.transports.join(', ')}`,
    '',
    `${env.os}, kernel ${env.kernel}, ${env.cpuModel}, ${env.cores} cores, ${runtimeWords(env)}; started ${env.startedAt}.`,
    `${formatNumber(config.roundTrips)} measured round trips × ${config.repeats} repeats (fresh peer each) after ${formatNumber(config.warmup)} warm-up; ${wireLine(report)}.`,
    '',
    markdownTable(RESULT_HEADER, resultRows(report.results)),
    '',
    failed.length > 0 ? `**${failed.length} result(s) errored**: the figures above are missing for them.\n` : '',
    '<details><summary>How to read this</summary>',
    '',
    '- **round trips/s**: median over the repeats; one round trip is a request and its reply.',
    '- **95% CI**: Student-t interval on the log scale (of the geometric mean of the repeats, never below zero; "too few repeats" below 3); **CV** = sd / mean, marked *noisy* above 10 %.',
    `- **p50/p99/p99.9 µs**: latency percentiles of single round trips from ${latencySampling(config)}.`,
    '- **MB/s**: payload throughput, only for runs that sent a payload.',
    `- **${CPU_NOTE.replace(':', ':**')}`,
    '',
    '</details>',
    '',
  ].join('\n');
}

/** The verdict of a gate (`compare`'s or `ab`'s) in a Markdown heading: ✅ no regression, or ❌ how many. */
export function gateHeadline(gate: Pick<GateResult, 'passed' | 'comparisons'>): string {
  const regressions = gate.comparisons.filter((c) => c.verdict === 'regression').length;
  const errors = gate.comparisons.filter((c) => c.verdict === 'errored').length;
  return gate.passed ? '✅ no regression' : `❌ ${regressions} regression(s)${errors ? `, ${errors} errored` : ''}`;
}

/** A gate result as Markdown (what `compare --markdown` writes); the names label baseline and current. */
export function gateMarkdown(gate: GateResult, baselineName: string, currentName: string): string {
  return [
    `## ipcbench compare: ${gateHeadline(gate)}`,
    '',
    `\`${baselineName}\` → \`${currentName}\`. A regression is a slowdown that is both significant (one-sided Welch t-test on log round trips/s of the repeats, α = ${gate.settings.alpha}) and larger than the ${percent(gate.settings.threshold, 0)} threshold.`,
    '',
    markdownTable(gateHeader(gate), gateRows(gate), [6, 7]),
    '',
  ].join('\n');
}
