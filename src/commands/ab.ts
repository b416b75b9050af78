import { ArmSlot, ArmError, type ArmLabel } from '../ab/arm-client';
import { interleave, cellName, type AbCell, type AbConfig, type AbEvents } from '../ab/interleave';
import { judgeAb } from '../ab/analysis';
import { CommandLineError } from '../external/command-line';
import { buildReport } from '../report/build';
import { buildAbReport, writeAbReport, type AbReport } from '../report/ab-json';
import { abMarkdown } from '../report/ab-markdown';
import { writeAbHtml } from '../report/ab-html';
import { environmentDifferences } from '../report/env-diff';
import { renderTable, formatNumber } from '../report/console';
import { gateRows } from '../report/rows';
import { percent, runtimeWords } from '../report/labels';
import { writeFileAtomic } from '../report/json';
import { trackerExport, type TrackerFormat } from '../report/trackers';
import { InputError } from './compare';
import type { GateSettings } from '../gate';
import type { FirstHello } from '../ab/protocol';

export interface AbOptions extends GateSettings, Omit<AbConfig, 'pairs'> {
  a: string;
  b: string;
  transport: string[];
  payloadBytes?: number[];
  repeats: number;
  json?: string;
  markdown?: string;
  html?: string;
  format?: TrackerFormat;
  out?: string;
  quiet?: boolean;
  /** Repeats one arm process serves before a fresh one replaces it (default 1: a fresh process per repeat). */
  armLife?: number;
  /** Extra environment for each arm (tests inject a known slowdown this way). */
  armEnv?: Partial<Record<ArmLabel, Record<string, string>>>;
}

/**
 * `ipcbench ab`: two commands that start ipcbench (two builds, two runtimes), interleaved A B B A … on
 * the same transports × payloads, judged per pair. Returns 0 (no regression), 1 (regression, errored
 * cell, or an arm failed mid-run); throws InputError (exit 2) when an arm cannot be started at all.
 */
export async function ab(options: AbOptions): Promise<number> {
  const human = options.json === '-' ? process.stderr : process.stdout;
  const say = (line: string): void => {
    if (!options.quiet) human.write(`${line}\n`);
  };
  const report = await measureAb(options, {
    armsReady: (hellos) => {
      for (const [label, hello] of Object.entries(hellos)) say(`arm ${label}: ${label === 'A' ? options.a : options.b}  [${runtimeWords(hello.env)}, ipcbench ${hello.tool.version}]`);
    },
    ...progressLines(say),
  });
  say(abSummary(report));
  writeAbOutputs(report, options, say);
  return report.passed ? 0 : 1;
}

/**
 * Starts both arms, interleaves them and judges the pairs; the arms are closed (and killed if need be)
 * however it ends. An arm that cannot be started is an InputError (exit 2).
 */
export async function measureAb(options: AbOptions, events: AbEvents & { armsReady?(hellos: Record<ArmLabel, FirstHello>): void } = {}): Promise<AbReport> {
  const arms = startArms(options);
  try {
    const [helloA, helloB] = await Promise.all([arms.A.hello, arms.B.hello]);
    events.armsReady?.({ A: helloA, B: helloB });
    const cells: AbCell[] = options.transport.flatMap((transport) => (options.payloadBytes ?? [undefined]).map((payloadBytes) => ({ transport, payloadBytes })));
    const config: AbConfig = { ...options, pairs: options.repeats };
    const outcomes = await interleave(arms, cells, config, events);
    const verdicts = judgeAb(outcomes, { threshold: options.threshold, alpha: options.alpha });
    const armReport = (hello: FirstHello, label: ArmLabel) =>
      buildReport(hello.env, { ...config, repeats: options.repeats, payloadBytes: options.payloadBytes }, options.transport, outcomes.map((o) => (label === 'A' ? o.a : o.b)), options.payloadBytes);
    const reports = { a: armReport(helloA, 'A'), b: armReport(helloB, 'B') };
    return buildAbReport(
      verdicts,
      { transports: options.transport, payloadBytes: options.payloadBytes ?? null, pairs: options.repeats, roundTrips: options.roundTrips, warmup: options.warmup, sampleEvery: options.sampleEvery },
      { a: { command: options.a, report: reports.a }, b: { command: options.b, report: reports.b } },
      environmentDifferences(reports.a, reports.b, ['A', 'B']),
    );
  } catch (error) {
    if (error instanceof ArmError && error.exitCode === 2) throw new InputError(error.message);
    throw error;
  } finally {
    await Promise.all([arms.A.close(), arms.B.close()]);
  }
}

function startArms(options: AbOptions): Record<ArmLabel, ArmSlot> {
  const start = (label: ArmLabel, command: string): ArmSlot => {
    try {
      return new ArmSlot(label, command, options.armEnv?.[label], options.armLife ?? 1);
    } catch (error) {
      if (error instanceof CommandLineError) throw new InputError(`--${label.toLowerCase()}: ${error.message}`);
      throw error;
    }
  };
  const a = start('A', options.a);
  try {
    return { A: a, B: start('B', options.b) };
  } catch (error) {
    a.kill();
    throw error;
  }
}

function progressLines(say: (line: string) => void): AbEvents {
  return {
    pairDone: (cell, pair, of) =>
      say(`${cellName(cell)} pair ${pair.index}/${of} (${pair.order[0]} then ${pair.order[1]}): A ${formatNumber(pair.a)}, B ${formatNumber(pair.b)} round trips/s, B/A ${(pair.b / pair.a).toFixed(3)}`),
  };
}

/** The console result: verdict table, environment differences, the one-line outcome. */
export function abSummary(report: AbReport): string {
  const header = ['benchmark', 'A rt/s (median)', 'B rt/s (median)', 'B/A (geo. mean)', `${percent(1 - 2 * report.settings.alpha, 0)} CI`, 'p (B slower)', 'verdict', 'why'];
  const failing = report.comparisons.filter((c) => c.verdict === 'regression' || c.verdict === 'errored');
  return [
    renderTable([header, ...gateRows(report)]),
    ...report.envDifferences.map((d) => `note: the arms differ in ${d}`),
    report.passed
      ? `no regression of B against A (threshold ${percent(report.settings.threshold, 0)}, alpha ${report.settings.alpha}, ${report.plan.pairs} pairs A B B A …)`
      : `${failing.length} failing: ${failing.map((c) => c.name).join(', ')}`,
  ].join('\n');
}

function writeAbOutputs(report: AbReport, options: AbOptions, say: (line: string) => void): void {
  if (options.json) {
    writeAbReport(options.json, report);
    if (options.json !== '-') say(`wrote ${options.json}`);
  }
  if (options.markdown) {
    writeFileAtomic(options.markdown, abMarkdown(report));
    say(`wrote ${options.markdown}`);
  }
  if (options.html) {
    writeAbHtml(options.html, report);
    say(`wrote ${options.html}`);
  }
  if (options.format && options.out) {
    // Trackers follow one series over time: the candidate arm's figures.
    writeFileAtomic(options.out, trackerExport(options.format, report.arms.b.report));
    say(`wrote ${options.out} (${options.format}, arm B's figures)`);
  }
}
