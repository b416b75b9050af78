import { ArmSlot, type ArmLabel } from '../ab/arm-client';
import { interleave, cellName, type AbCell, type AbConfig, type AbEvents } from '../ab/interleave';
import { judgeAb } from '../ab/analysis';
import { CommandLineError } from '../external/command-line';
import { buildReport } from '../report/build';
import { Option } from 'commander';
import { buildAbReport, abJson, type AbReport } from '../report/ab-json';
import { abMarkdown, abSummary } from '../report/ab-text';
import { abHtmlPage } from '../report/ab-html';
import { environmentDifferences } from '../report/env-diff';
import { formatNumber } from '../report/console';
import { runtimeWords } from '../report/labels';
import { trackerExport, TRACKER_FORMATS } from '../report/trackers';
import { UsageError } from '../errors';
import { DEFAULT_CONFIG, DEFAULT_PAYLOAD_SWEEP, LIMITS } from '../config';
import { DEFAULT_GATE, type GateSettings } from '../gate';
import { transportNames } from '../transports';
import { serveArm } from '../ab/arm';
import { ARM_PROTOCOL } from '../ab/protocol';
import { checkTrackerPair, reportOutputs, type ReportOutputOptions } from './report-outputs';
import { wholeNumber, seconds, timeoutFlag, fraction, alpha } from './options';
import { transportList, payloadSizes } from './plan-options';
import type { Register } from './command';
import type { FirstHello } from '../ab/protocol';
import type { RunConfig } from '../types';

export interface AbOptions extends GateSettings, Omit<AbConfig, 'pairs'>, ReportOutputOptions {
  a: string;
  b: string;
  transport: string[];
  payloadBytes?: number[];
  repeats: number;
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
  const outputs = reportOutputs(options);
  outputs.check(); // before any arm starts: a bad path must not cost the run
  const say = (line: string): void => outputs.say(line);
  const report = await measureAb(options, {
    armsReady: (hellos) => {
      for (const [label, hello] of Object.entries(hellos)) say(`arm ${label}: ${label === 'A' ? options.a : options.b}  [${runtimeWords(hello.env)}, ipcbench ${hello.tool.version}]`);
    },
    ...progressLines(say),
  });
  say(abSummary(report));
  outputs.writeAll([
    ['--json', () => abJson(report)],
    ['--markdown', () => abMarkdown(report)],
    ['--html', () => abHtmlPage(report)],
    // Trackers follow one series over time: the candidate arm's figures.
    ['--out', () => trackerExport(options.format!, report.arms.b.report), `${options.format}, arm B's figures`],
  ]);
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
    const { roundTrips, warmup, readyTimeoutMs, stepTimeoutMs, timeoutWords, sampleEvery, repeats, payloadBytes } = options;
    const config: AbConfig = { roundTrips, warmup, readyTimeoutMs, stepTimeoutMs, timeoutWords, sampleEvery, pairs: repeats };
    const outcomes = await interleave(arms, cells, config, events);
    const verdicts = judgeAb(outcomes, { threshold: options.threshold, alpha: options.alpha });
    // Each arm's figures as the run report `ipcbench run` would have written for its repeats.
    const runConfig: RunConfig = { roundTrips, warmup, readyTimeoutMs, stepTimeoutMs, sampleEvery, repeats, ...(payloadBytes ? { payloadBytes } : {}) };
    const armReport = (hello: FirstHello, label: ArmLabel) => buildReport(hello.env, runConfig, options.transport, outcomes.map((o) => (label === 'A' ? o.a : o.b)), payloadBytes);
    const reports = { a: armReport(helloA, 'A'), b: armReport(helloB, 'B') };
    return buildAbReport(
      verdicts,
      { transports: options.transport, payloadBytes: options.payloadBytes ?? null, pairs: options.repeats, roundTrips: options.roundTrips, warmup: options.warmup, sampleEvery: options.sampleEvery },
      { a: { command: options.a, report: reports.a }, b: { command: options.b, report: reports.b } },
      environmentDifferences(reports.a, reports.b, ['A', 'B']),
    );
  } finally {
    await Promise.all([arms.A.close(), arms.B.close()]);
  }
}

function startArms(options: AbOptions): Record<ArmLabel, ArmSlot> {
  const start = (label: ArmLabel, command: string): ArmSlot => {
    try {
      return new ArmSlot(label, command, options.armEnv?.[label], options.armLife ?? 1);
    } catch (error) {
      if (error instanceof CommandLineError) throw new UsageError(`--${label.toLowerCase()}: ${error.message}`, { cause: error });
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

// 16: in the quiet-machine gate-quality trials (README) 16 pairs met both targets (≤ 5 % false alarms,
// ≥ 95 % detection of a 20 % slowdown) where 8 detected 93 % and 10 about 92–96 %.
const DEFAULT_PAIRS = 16;

type AbFlags = Omit<AbOptions, 'payloadBytes' | 'readyTimeoutMs' | 'stepTimeoutMs' | 'timeoutWords'> & { payload?: string | true; timeout: number };

export function parseAbOptions(flags: AbFlags): AbOptions {
  checkTrackerPair(flags);
  const payloadBytes = flags.payload === true ? DEFAULT_PAYLOAD_SWEEP : flags.payload === undefined ? undefined : payloadSizes(flags.payload);
  const { payload: _payload, timeout, ...rest } = flags;
  return { ...rest, payloadBytes, ...timeoutFlag(timeout) };
}

/** Registers `ipcbench ab` and the hidden `ipcbench ab-arm` it starts in each arm. */
export const register: Register = (program, handle) => {
  program
    .command('ab')
    .description('A/B gate: two commands that start ipcbench (two builds, two runtimes), interleaved A B B A … in one job')
    .requiredOption('--a <command>', 'arm A, the reference: a command that starts ipcbench, e.g. "node ../base/dist/cli.js"; split like a shell would, run WITHOUT a shell')
    .requiredOption('--b <command>', 'arm B, the candidate, e.g. "node dist/cli.js" or "bun dist/cli.js"')
    .option('-t, --transport <list>', `comma list of transports, or all (${transportNames().join(', ')})`, transportList, ['ipc', 'tcp'])
    .option('-n, --round-trips <n>', 'measured round trips per repeat', wholeNumber(...LIMITS.roundTrips), DEFAULT_CONFIG.roundTrips)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(...LIMITS.warmup), DEFAULT_CONFIG.warmup)
    .option('-r, --repeats <n>', 'pairs per transport × payload: one repeat on each arm, fresh peer each', wholeNumber(1, 1000), DEFAULT_PAIRS)
    .option('--timeout <s>', 'seconds to wait for a peer to get ready, and for each reply', seconds, DEFAULT_CONFIG.readyTimeoutMs / 1000)
    .option('--sample-every <k>', 'record latency of every k-th round trip (0 = none)', wholeNumber(...LIMITS.sampleEvery), DEFAULT_CONFIG.sampleEvery)
    .option('--payload [sizes]', 'payload sweep on the binary wire: byte sizes, k = KiB, m = MiB (alone: 0,64,1k,64k,1m)')
    .option('--arm-life <n>', 'repeats one arm process serves before a fresh one replaces it; more is faster, but CPU placement and JIT state then carry over between pairs', wholeNumber(1, 1000), 1)
    .option('--threshold <pct>', 'smallest slowdown of B that counts, e.g. 10% or 0.1', fraction, DEFAULT_GATE.threshold)
    .option('--alpha <p>', 'significance level of the one-sided paired t-test', alpha, DEFAULT_GATE.alpha)
    .option('--json <file>', "write verdicts, pairs and both arms' reports as JSON (schema/ab.schema.json), or - for stdout only")
    .option('--markdown <file>', 'write the verdict table as Markdown, or - for stdout')
    .option('--html <file>', "write a page with every pair's ratio in time order (drift shows), or - for stdout")
    .addOption(new Option('--format <tracker>', "tracker export of arm B's figures, written to --out").choices(TRACKER_FORMATS))
    .option('--out <file>', 'file for the --format export, or - for stdout')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Each arm runs as "<command> ab-arm": it measures one repeat (a fresh peer) per request, inside the
arm, so neither the arm's start nor the peer's handshake is timed. By default every repeat gets a
fresh arm process (--arm-life 1): a long-lived process carries its CPU placement from pair to pair,
which on a shared machine was seen to make B 3x faster than A for 10 pairs running. Pair i runs A
then B when i is odd, B then A when even. Per pair the ratio B/A of round trips/s; the estimate is
their geometric mean with a t interval on the log scale. A regression is a slowdown of B that is
both significant (one-sided paired t-test at --alpha) and larger than --threshold; fewer than 3
pairs give no interval ("too few repeats").

Examples:
  $ ipcbench ab --a "node ../base/dist/cli.js" --b "node dist/cli.js" -t ipc,tcp
  $ ipcbench ab --a "node dist/cli.js" --b "bun dist/cli.js" -t all --html ab.html
  $ ipcbench ab --a "/opt/node20/bin/node dist/cli.js" --b "/opt/node22/bin/node dist/cli.js" --json ab.json

Exit codes: 0 no regression, 1 regression, errored result or an arm failed mid-run, 2 bad usage or an
arm that cannot be started (the message names the arm and its command).`,
    )
    .action((flags: AbFlags) => handle('ab', parseAbOptions(flags), ab));

  program
    .command('ab-arm', { hidden: true })
    .description('internal: one arm of `ipcbench ab` (JSON lines on stdin/stdout)')
    .requiredOption('--protocol <n>', 'arm protocol version ab speaks')
    .option('--no-env', 'leave the environment out of the hello line (a replacement arm)')
    .action((flags: { protocol: string; env: boolean }) =>
      handle('ab-arm', flags, async (o) => {
        // A mismatch is reported by ab, which reads our protocol from the hello line and names both arms.
        if (Number(o.protocol) !== ARM_PROTOCOL) process.stderr.write(`ipcbench ab-arm: asked for arm protocol ${o.protocol}, this build speaks ${ARM_PROTOCOL}\n`);
        return serveArm(o.env);
      }),
    );
};
