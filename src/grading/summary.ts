import * as os from 'node:os';
import type { StudentResult } from './class-run';
import type { CheckId } from './checklist';
import { median } from '../measure/stats';

/** The class at a glance: scores, rates, and what went wrong most. Pure: computed from the results. */
export interface ClassSummary {
  students: number;
  maxScore: number;
  meanScore: number;
  medianScore: number;
  fullMarks: number;
  /** Students per score. */
  histogram: Array<{ score: number; students: number }>;
  /** Measured rate per student (those whose round trips completed or were cut short). */
  rates: Array<{ student: string; roundTripsPerSec: number; partial: boolean }>;
  /** Per check, in the order checks run: how many failed it, and its most common failure. */
  checks: Array<{ id: CheckId; name: string; failed: number; mostCommon?: { example: string; students: number } }>;
  run: { jobs: number; cpus: number; wallSeconds: number; containment: string; startedAt: string };
}

/** A check's output on one line (multi-line outputs quote a program's stderr), cut at `max` characters. */
export function oneLine(output: string, max = 200): string {
  const line = output.replace(/\s*\n\s*/g, ' ⏎ ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The message without its details (numbers, the quoted output), so "round trip 14 of 100" and "round trip 52 of 100" group. */
function messageKey(output: string): string {
  return output.split('\n')[0].replace(/; its output ends with:.*$/, '').replace(/\d+(\.\d+)?/g, 'N');
}

export function summarize(results: readonly StudentResult[], run: Omit<ClassSummary['run'], 'cpus'>): ClassSummary {
  const scores = results.map((r) => r.result.score);
  const histogram = new Map<number, number>();
  for (const score of scores) histogram.set(score, (histogram.get(score) ?? 0) + 1);
  const checks: ClassSummary['checks'] = [];
  for (const { id, name } of results[0]?.result.checks ?? []) {
    const failures = results.map((r) => r.result.checks.find((c) => c.id === id)).filter((c) => c?.status === 'failed').map((c) => c!.output);
    const groups = new Map<string, { example: string; students: number }>();
    for (const output of failures) {
      const key = messageKey(output);
      const group = groups.get(key) ?? { example: oneLine(output), students: 0 };
      group.students++;
      groups.set(key, group);
    }
    // A check that could not run because an earlier one failed says "not run: …": show a real failure first.
    const notRun = (g: { example: string }): number => (g.example.startsWith('not run:') ? 1 : 0);
    const mostCommon = [...groups.values()].sort((a, b) => notRun(a) - notRun(b) || b.students - a.students)[0];
    checks.push({ id, name, failed: failures.length, ...(mostCommon ? { mostCommon } : {}) });
  }
  const maxScore = results[0]?.result.maxScore ?? 0;
  return {
    students: results.length,
    maxScore,
    meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
    medianScore: scores.length > 0 ? median(scores) : 0,
    fullMarks: scores.filter((s) => s === maxScore).length,
    histogram: [...histogram.entries()].sort((a, b) => a[0] - b[0]).map(([score, students]) => ({ score, students })),
    rates: results.filter((r) => r.result.figures).map((r) => ({ student: r.student, roundTripsPerSec: r.result.figures!.roundTripsPerSec, partial: r.result.figures!.partial === true })),
    checks,
    run: { ...run, cpus: os.availableParallelism() },
  };
}

/** The sentence every summary carries: concurrent runs share CPUs, so their rates are not a lone run's. */
export function concurrencyNote(s: ClassSummary): string {
  return (
    `${s.students} submission${s.students === 1 ? '' : 's'} graded ${s.run.jobs} at a time on ${s.run.cpus} CPUs (${s.run.wallSeconds.toFixed(1)} s wall). ` +
    'Concurrent runs share the CPUs: with more runs than CPUs, or programs that each keep a CPU busy, each rate is lower than the same program would reach alone. ' +
    'Compare rates within one class run (all measured alike), not with a run on an idle machine; use --jobs 1 for rates to publish.'
  );
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per student: score, rate, each check passed/failed, and the first failure's message. */
export function summaryCsv(results: readonly StudentResult[]): string {
  const ids = results[0]?.result.checks.map((c) => c.id) ?? [];
  const header = ['student', 'score', 'max_score', 'round_trips_per_sec', 'rate_partial', ...ids, 'seconds', 'first_failure'];
  const rows = results.map(({ student, result }) => [
    student,
    result.score,
    result.maxScore,
    result.figures ? Math.round(result.figures.roundTripsPerSec) : '',
    result.figures?.partial ? 'yes' : '',
    ...ids.map((id) => result.checks.find((c) => c.id === id)?.status ?? ''),
    result.seconds.toFixed(2),
    oneLine(result.checks.find((c) => c.status === 'failed')?.output ?? '', 500),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function summaryMarkdown(s: ClassSummary, results: readonly StudentResult[]): string {
  const lines = [
    '# ipcbench grade: class summary',
    '',
    `${s.students} students; mean score ${s.meanScore.toFixed(2)} / ${s.maxScore}, median ${s.medianScore}; full marks: ${s.fullMarks}.`,
    '',
    `> ${concurrencyNote(s)}`,
    '',
    '## Failures per check',
    '',
    '| check | failed | most common failure |',
    '|---|---:|---|',
    ...s.checks.map((c) => `| ${mdCell(c.name)} | ${c.failed} | ${c.mostCommon ? `${mdCell(c.mostCommon.example)} (${c.mostCommon.students})` : ''} |`),
    '',
    '## Students',
    '',
    '| student | score | round trips/s | first failure |',
    '|---|---:|---:|---|',
    ...results.map(({ student, result }) => {
      const rate = result.figures ? `${Math.round(result.figures.roundTripsPerSec)}${result.figures.partial ? ' (so far)' : ''}` : '';
      return `| ${mdCell(student)} | ${result.score}/${result.maxScore} | ${rate} | ${mdCell(oneLine(result.checks.find((c) => c.status === 'failed')?.output ?? ''))} |`;
    }),
    '',
    `Containment: ${s.run.containment}.`,
    '',
  ];
  return lines.join('\n');
}
