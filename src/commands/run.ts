import { Option } from 'commander';
import type { Register } from './command';
import { wholeNumber, seconds, milliseconds, transportList, payloadSizes, spinBudgets } from './options';
import { runPlan } from '../runner';
import { runPairs } from '../pairs';
import { getTransport, transportNames } from '../transports';
import { resolveConfig, ConfigError, DEFAULT_CONFIG, DEFAULT_PAYLOAD_SWEEP } from '../config';
import { captureEnvironment } from '../measure/environment';
import { pinThisProcess, PIN_MODES, type PinMode } from '../measure/pinning';
import { buildReport } from '../report/build';
import { reportJson } from '../report/json';
import { reportMarkdown } from '../report/markdown';
import { htmlPage } from '../report/html';
import { trackerExport, TRACKER_FORMATS, type TrackerFormat } from '../report/trackers';
import { resultTable, environmentLine } from '../report/console';
import { progress } from '../report/progress';
import { Outputs } from '../report/output';
import { remoteTransports } from './connect';
import { sabWaitTransport, DEFAULT_SPIN_BUDGET_MICROS } from '../transports/sab-wait';
import type { BenchResult, RunConfig, Transport } from '../types';
import type { RunnerEvents } from '../runner';

export interface RunOptions extends Partial<Omit<RunConfig, 'pin'>> {
  transport: string[];
  pin?: PinMode;
  pairs?: number;
  /** host:port of an `ipcbench serve`, and its token. */
  connect?: string;
  token?: string;
  /** Output files ("-" = stdout). */
  json?: string;
  markdown?: string;
  html?: string;
  /** Tracker export format; needs `out`. */
  format?: TrackerFormat;
  out?: string;
  quiet?: boolean;
}

/** What commander parses: RunOptions with --payload and --timeout (seconds) as the user typed them. */
type RunFlags = Omit<RunOptions, 'payloadBytes' | 'readyTimeoutMs' | 'stepTimeoutMs' | 'spinBudgetMicros'> & { payload?: string | true; timeout: number; spinBudget?: string };

/** The flags of `run` → RunOptions; usage errors (exit 2) for combinations commander cannot check. */
export function parseRunOptions({ payload, timeout, spinBudget, ...rest }: RunFlags): RunOptions {
  if (Boolean(rest.format) !== Boolean(rest.out)) throw new ConfigError('--format and --out go together: --format github-action-benchmark|bencher --out <file>');
  const payloadBytes = payload === true ? DEFAULT_PAYLOAD_SWEEP : payload === undefined ? undefined : payloadSizes(payload);
  const spinBudgetMicros = spinBudget === undefined ? undefined : spinBudgets(spinBudget);
  if (spinBudgetMicros && !rest.transport.includes('sab-hybrid')) {
    throw new ConfigError('--spin-budget sets the budgets of sab-hybrid; add it to --transport (e.g. -t sab,sab-hybrid,sab-spin --spin-budget 0,2,10,50)');
  }
  return { ...rest, payloadBytes, spinBudgetMicros, readyTimeoutMs: milliseconds(timeout), stepTimeoutMs: milliseconds(timeout) };
}

/**
 * The transports of a run. With --spin-budget, sab-hybrid becomes one result per budget
 * (sab-hybrid-10us, ...): ordinary results, so the sweep is interleaved, repeated, reported and
 * compared like any other run — a separate sweep command would have to repeat all of that.
 */
export function runTransports(names: readonly string[], spinBudgetMicros?: readonly number[]): Transport[] {
  return names.flatMap((name) =>
    name === 'sab-hybrid' && spinBudgetMicros
      ? spinBudgetMicros.map((budget) => sabWaitTransport({ kind: 'hybrid', spinBudgetMicros: budget }, `sab-hybrid-${budget}us`))
      : [getTransport(name)],
  );
}

/** `ipcbench run`: measure, print, write reports. Returns the exit code (1 when a transport errored). */
export async function run(options: RunOptions): Promise<number> {
  const pairs = options.pairs ?? 1;
  if (pairs > 1 && options.payloadBytes) throw new ConfigError('--pairs measures the classic wire; run the payload sweep without --pairs');
  const config = resolveConfig({ ...options, pin: pinThisProcess(options.pin ?? 'none') });
  const outputs = new Outputs({ '--json': options.json, '--markdown': options.markdown, '--html': options.html, '--out': options.out }, options.quiet);
  const env = captureEnvironment();
  outputs.say(environmentLine(env));
  const transports = options.connect ? remoteTransports(options) : runTransports(options.transport, options.spinBudgetMicros);
  const cells = transports.length * (config.payloadBytes?.length ?? 1) * config.repeats * pairs; // one event per pair and repeat
  const bar = progress({ total: cells, stream: outputs.human, quiet: options.quiet });
  const results = await measure(transports, config, pairs, bar.events).finally(() => bar.stop());
  const report = buildReport(env, config, options.transport, results, config.payloadBytes);
  outputs.say(resultTable(results));
  outputs.write('--json', () => reportJson(report));
  outputs.write('--markdown', () => reportMarkdown(report));
  outputs.write('--html', () => htmlPage(report));
  outputs.write('--out', () => trackerExport(options.format!, report), options.format);
  const errored = results.filter((r) => r.status === 'errored');
  for (const r of errored) if (r.status === 'errored') process.stderr.write(`ipcbench: ${r.error.message}\n`);
  return errored.length > 0 ? 1 : 0;
}

/** One pair: interleaved repeats across transports. N pairs: each transport in turn, its pairs at once. */
async function measure(transports: Transport[], config: RunConfig, pairs: number, events: RunnerEvents): Promise<BenchResult[]> {
  if (pairs <= 1) return runPlan(transports, config, { events });
  const results: BenchResult[] = [];
  for (const transport of transports) results.push(await runPairs(transport, config, pairs, events));
  return results;
}

export const register: Register = (program, handle) => {
  program
    .command('run')
    .description('measure transports and write reports')
    .option('-t, --transport <list>', `comma list of transports, or all (${transportNames().join(', ')})`, transportList, ['ipc', 'tcp'])
    .option('-n, --round-trips <n>', 'measured round trips per repeat', wholeNumber(1), DEFAULT_CONFIG.roundTrips)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(0), DEFAULT_CONFIG.warmup)
    .option('-r, --repeats <n>', 'repeats, each with a fresh peer', wholeNumber(1, 1000), DEFAULT_CONFIG.repeats)
    .option('--timeout <s>', 'seconds to wait for the peer to get ready, and for each reply', seconds, DEFAULT_CONFIG.readyTimeoutMs / 1000)
    .option('--sample-every <k>', 'record latency of every k-th round trip (0 = none)', wholeNumber(0), DEFAULT_CONFIG.sampleEvery)
    .option('--payload [sizes]', 'payload sweep on the binary wire: byte sizes, k = KiB, m = MiB (alone: 0,64,1k,64k,1m); MB/s beside round trips/s')
    .option('--json <file>', 'write the JSON report (schemaVersion 1) to file, or - for stdout only')
    .option('--markdown <file>', 'write a Markdown summary (PR comments, CI job summaries), or - for stdout')
    .option('--html <file>', 'write a self-contained HTML report with charts (opens offline), or - for stdout')
    .addOption(new Option('--format <tracker>', 'tracker export written to --out').choices(TRACKER_FORMATS))
    .option('--out <file>', 'file for the --format export, or - for stdout')
    .option('--pairs <n>', 'run N independent ping-pong pairs at once; reports aggregate and per-pair round trips/s', wholeNumber(1, 64), 1)
    .addOption(new Option('--pin <mode>', 'CPU placement with taskset: same CPU, split across two CPUs, or none').choices(PIN_MODES).default('none'))
    .option('--spin-budget <µs>', `sab-hybrid: µs each side spins before it sleeps; a list sweeps (e.g. 0,2,10,50,200; default ${DEFAULT_SPIN_BUDGET_MICROS})`)
    .option('-q, --quiet', 'print nothing but errors')
    .option('--connect <host:port>', 'run against `ipcbench serve` at host:port (with --transport tcp)')
    .option('--token <T>', 'the token `ipcbench serve` printed (with --connect)')
    .addHelpText(
      'after',
      `
Examples:
  $ ipcbench run                                   ipc and tcp, 5 repeats of 10,000 round trips
  $ ipcbench run -t all -r 3 --json reports/bench.json --html reports/report.html
  $ ipcbench run -t ipc,tcp --markdown summary.md --format bencher --out bmf.json
  $ ipcbench run -t tcp,unix,sab --payload 0,64k,1m     binary frames, round trips/s and MB/s per size
  $ ipcbench run -t tcp --json - | jq '.results[0].roundTripsPerSec.median'
  $ ipcbench run -t tcp,unix --pairs 2 --pin split
  $ ipcbench run -t sab,sab-hybrid,sab-spin --spin-budget 0,2,10,50 --html w.html   wait strategies: latency vs CPU
  $ ipcbench run --connect 10.0.0.2:5201 --token T -t tcp   against ipcbench serve on another host

A progress bar is shown on a terminal, one line per repeat when piped, nothing with --quiet.`,
    )
    .action((flags: RunFlags) => handle('run', parseRunOptions(flags), run));
};
