import { Option } from 'commander';
import type { Register } from './command';
import { wholeNumber, seconds, timeoutFlag } from './options';
import { transportList, payloadSizes, spinBudgets } from './plan-options';
import { runPlan } from '../runner';
import { runPairs } from '../pairs';
import { transportNames } from '../transports';
import { resolveTransportList } from '../contract/transport-list';
import { resolveConfig, ConfigError, DEFAULT_CONFIG, DEFAULT_PAYLOAD_SWEEP, LIMITS } from '../config';
import { captureEnvironment } from '../measure/environment';
import { pinThisProcess, PIN_MODES, type PinMode } from '../measure/pinning';
import { buildReport } from '../report/build';
import { reportJson } from '../report/json';
import { reportMarkdown } from '../report/markdown';
import { htmlPage } from '../report/html';
import { trackerExport, TRACKER_FORMATS } from '../report/trackers';
import { resultTable, environmentLine } from '../report/console';
import { progress } from '../report/progress';
import { remoteTransports } from './connect';
import { checkTrackerPair, reportOutputs, type ReportOutputOptions } from './report-outputs';
import { chosenToken, TOKEN_ENV, TOKEN_HELP, type TokenFlags } from './token';
import { DEFAULT_SPIN_BUDGET_MICROS } from '../transports/sab-wait';
import { withSpinBudgets } from '../transports/spin-budget-sweep';
import type { BenchResult, MessageShape, RunConfig, Transport } from '../types';

const MESSAGE_SHAPES: readonly MessageShape[] = ['bytes', 'object'];
import type { PlanOptions } from '../runner';

export interface RunOptions extends Partial<Omit<RunConfig, 'pin'>>, ReportOutputOptions {
  transport: string[];
  pin?: PinMode;
  pairs?: number;
  /** How the user set the timeouts, for messages (e.g. "2 s (--timeout)"); see erroredResult. */
  timeoutWords?: string;
  /** host:port of an `ipcbench serve`, and its token. */
  connect?: string;
  token?: string;
}

/** What commander parses: RunOptions with --payload, --timeout (seconds), --spin-budget and the token flags as the user typed them. */
type RunFlags = Omit<RunOptions, 'payloadBytes' | 'readyTimeoutMs' | 'stepTimeoutMs' | 'timeoutWords' | 'token' | 'spinBudgetMicros'> &
  TokenFlags & { payload?: string | true; timeout: number; spinBudget?: string };

/** The flags of `run` → RunOptions; usage errors (exit 2) for combinations commander cannot check. */
export function parseRunOptions({ payload, timeout, token, tokenFile, spinBudget, ...rest }: RunFlags): RunOptions {
  checkTrackerPair(rest);
  if (!rest.connect && (token !== undefined || tokenFile !== undefined)) throw new ConfigError('--token and --token-file go with --connect');
  if (rest.message && payload === undefined) throw new ConfigError(`--message ${rest.message} needs --payload: the sizes of the messages (e.g. --payload 1k,64k --message ${rest.message})`);
  const payloadBytes = payload === true ? DEFAULT_PAYLOAD_SWEEP : payload === undefined ? undefined : payloadSizes(payload);
  const spinBudgetMicros = spinBudget === undefined ? undefined : spinBudgets(spinBudget);
  if (spinBudgetMicros && !rest.transport.includes('sab-hybrid')) {
    throw new ConfigError('--spin-budget sets the budgets of sab-hybrid; add it to --transport (e.g. -t sab,sab-hybrid,sab-spin --spin-budget 0,2,10,50)');
  }
  const chosen = rest.connect ? chosenToken({ token, tokenFile }) : undefined;
  return { ...rest, token: chosen?.token, payloadBytes, spinBudgetMicros, ...timeoutFlag(timeout) };
}

/** `ipcbench run`: measure, print, write reports. Returns the exit code (1 when a transport errored). */
export async function run(options: RunOptions): Promise<number> {
  const pairs = options.pairs ?? 1;
  if (pairs > 1 && options.payloadBytes) throw new ConfigError('--pairs measures the classic wire; run the payload sweep without --pairs');
  const outputs = reportOutputs(options);
  outputs.check(); // before the first peer: a bad path must not cost the run
  const config = resolveConfig({ ...options, pin: pinThisProcess(options.pin ?? 'none') });
  const { transports: listed, plugins } = options.connect ? { transports: remoteTransports(options), plugins: [] } : await resolveTransportList(options.transport);
  const transports = withSpinBudgets(listed, options.spinBudgetMicros);
  const env = captureEnvironment();
  outputs.say(environmentLine(env));
  const cells = transports.length * (config.payloadBytes?.length ?? 1) * config.repeats * pairs; // one event per pair and repeat
  const bar = progress({ total: cells, stream: outputs.human, quiet: options.quiet });
  const results = await measure(transports, config, pairs, { events: bar.events, timeoutWords: options.timeoutWords }).finally(() => bar.stop());
  const built = buildReport(env, config, transports.map((t) => t.name), results, config.payloadBytes, { pairs, remote: options.connect });
  const report = plugins.length > 0 ? { ...built, plugins } : built;
  outputs.say(resultTable(results));
  outputs.writeAll([
    ['--json', () => reportJson(report)],
    ['--markdown', () => reportMarkdown(report)],
    ['--html', () => htmlPage(report)],
    ['--out', () => trackerExport(options.format!, report), options.format],
  ]);
  const errored = results.filter((r) => r.status === 'errored');
  for (const r of errored) if (r.status === 'errored') process.stderr.write(`ipcbench: ${r.error.message}\n`);
  return errored.length > 0 ? 1 : 0;
}

/** One pair: interleaved repeats across transports. N pairs: each transport in turn, its pairs at once. */
async function measure(transports: Transport[], config: RunConfig, pairs: number, options: Pick<PlanOptions, 'events' | 'timeoutWords'>): Promise<BenchResult[]> {
  if (pairs <= 1) return runPlan(transports, config, options);
  const results: BenchResult[] = [];
  for (const transport of transports) results.push(await runPairs(transport, config, pairs, options));
  return results;
}

export const register: Register = (program, handle) => {
  program
    .command('run')
    .description('measure transports and write reports')
    .option('-t, --transport <list>', `comma list of transports, or all (${transportNames().join(', ')}); a path like ./my-transport.js loads a plug-in`, transportList, ['ipc', 'tcp'])
    .option('-n, --round-trips <n>', 'measured round trips per repeat', wholeNumber(...LIMITS.roundTrips), DEFAULT_CONFIG.roundTrips)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(...LIMITS.warmup), DEFAULT_CONFIG.warmup)
    .option('-r, --repeats <n>', 'repeats, each with a fresh peer', wholeNumber(...LIMITS.repeats), DEFAULT_CONFIG.repeats)
    .option('--timeout <s>', 'seconds to wait for the peer to get ready, and for each reply', seconds, DEFAULT_CONFIG.readyTimeoutMs / 1000)
    .option('--sample-every <k>', 'record latency of every k-th round trip (0 = none)', wholeNumber(...LIMITS.sampleEvery), DEFAULT_CONFIG.sampleEvery)
    .option('--payload [sizes]', 'payload sweep on the binary wire: byte sizes, k = KiB, m = MiB (alone: 0,64,1k,64k,1m); MB/s beside round trips/s')
    .addOption(new Option('--message <shape>', 'what a payload message is: bytes (a string where a transport carries none, e.g. ipc json), or object: records of about the payload size (ipc, ipc-advanced, worker, plug-ins that carry objects)').choices(MESSAGE_SHAPES))
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
    .option('--token <T>', `the token of that \`ipcbench serve\` (default: $${TOKEN_ENV}); ${TOKEN_HELP.argvNote}`)
    .option('--token-file <file>', TOKEN_HELP.tokenFile)
    .addHelpText(
      'after',
      `
Examples:
  $ ipcbench run                                   ipc and tcp, 5 repeats of 10,000 round trips
  $ ipcbench run -t all -r 3 --json reports/bench.json --html reports/report.html
  $ ipcbench run -t ipc,tcp --markdown summary.md --format bencher --out bmf.json
  $ ipcbench run -t tcp,unix,sab --payload 0,64k,1m     binary frames, round trips/s and MB/s per size
  $ ipcbench run -t tcp --json - | jq '.results[0].roundTripsPerSec.median'
  $ ipcbench run -t tcp,./my-transport.js            a plug-in (defineTransport) beside a built-in
  $ ipcbench run -t ipc,ipc-advanced,worker --payload 1k,64k --message object   json vs structured clone on the same objects
  $ ipcbench run -t tcp,unix --pairs 2 --pin split
  $ ipcbench run -t sab,sab-hybrid,sab-spin --spin-budget 0,2,10,50 --html w.html   wait strategies: latency vs CPU
  $ ipcbench run --connect 10.0.0.2:5201 --token-file token.txt -t tcp   against ipcbench serve on another host

A progress bar is shown on a terminal, one line per repeat when piped, nothing with --quiet.`,
    )
    .action((flags: RunFlags) => handle('run', parseRunOptions(flags), run));
};
