#!/usr/bin/env node
/**
 * The ipcbench command line. Exit codes: 0 ok; 1 a run failed or a check/gate failed; 2 bad usage or
 * bad input; 130/143 interrupted by SIGINT/SIGTERM (peers are killed, no partial report is left).
 */
import { Command, CommanderError, Option } from 'commander';
import { PIN_MODES, type PinMode } from './measure/pinning';
import { VERSION } from './version';
import { DEFAULT_CONFIG, DEFAULT_PAYLOAD_SWEEP, ConfigError } from './config';
import { transportNames } from './transports';
import { wholeNumber, seconds, transportList, ratio, payloadSizes, fraction, alpha } from './commands/options';
import { lab } from './commands/lab';
import { run } from './commands/run';
import { env } from './commands/env';
import { overhead } from './commands/overhead';
import { addPeerCommand } from './commands/peer-command';
import { addServeCommand } from './commands/serve';
import { addAbCommand } from './commands/ab-command';
import { compare, InputError } from './commands/compare';
import { TRACKER_FORMATS, type TrackerFormat } from './report/trackers';
import { DEFAULT_GATE } from './gate';

export const EXIT = { ok: 0, failed: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

// process.exit runs the 'exit' hook in peer-process.ts, which kills every live peer.
process.once('SIGINT', () => process.exit(EXIT.sigint));
process.once('SIGTERM', () => process.exit(EXIT.sigterm));

function program(): Command {
  const cli = new Command('ipcbench')
    .version(VERSION)
    .description('Honest benchmarks of inter-process communication on Node.js (increment ping-pong: 1→2, x→x+1, 0 stops).')
    .exitOverride()
    // Usage errors on one line: "ipcbench: <what is wrong> (see --help)".
    .configureOutput({ outputError: (text, write) => write(`ipcbench: ${text.replace(/^error: /, '').trim()} (see --help)\n`) });

  cli
    .command('lab')
    .description('the classic lab done right: High Level (fork IPC) vs Low Level (TCP), alternately, 3 times each')
    .option('--round-trips <n>', 'measured round trips per run', wholeNumber(1), 10_000)
    .option('--repeats <n>', 'runs of each transport (fresh peer each)', wholeNumber(1, 100), 3)
    .action(async (options: { roundTrips: number; repeats: number }) => {
      process.exitCode = await lab(options);
    });

  cli
    .command('run')
    .description('measure transports and write reports')
    .option('-t, --transport <list>', `comma list of transports, or all (${transportNames().join(', ')})`, transportList, ['ipc', 'tcp'])
    .option('-n, --round-trips <n>', 'measured round trips per repeat', wholeNumber(1), DEFAULT_CONFIG.roundTrips)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(0), DEFAULT_CONFIG.warmup)
    .option('-r, --repeats <n>', 'repeats, each with a fresh peer', wholeNumber(1, 1000), DEFAULT_CONFIG.repeats)
    .option('--timeout <s>', 'seconds to wait for the peer to get ready, and for each reply', seconds, DEFAULT_CONFIG.readyTimeoutMs)
    .option('--sample-every <k>', 'record latency of every k-th round trip (0 = none)', wholeNumber(0), DEFAULT_CONFIG.sampleEvery)
    .option('--payload [sizes]', 'payload sweep on the binary wire: byte sizes, k = KiB, m = MiB (alone: 0,64,1k,64k,1m); MB/s beside round trips/s')
    .option('--json <file>', 'write the JSON report (schemaVersion 1) to file, or - for stdout only')
    .option('--markdown <file>', 'write a Markdown summary (PR comments, CI job summaries)')
    .option('--html <file>', 'write a self-contained HTML report with charts (opens offline)')
    .addOption(new Option('--format <tracker>', 'tracker export written to --out').choices(TRACKER_FORMATS))
    .option('--out <file>', 'file for the --format export')
    .option('--pairs <n>', 'run N independent ping-pong pairs at once; reports aggregate and per-pair round trips/s', wholeNumber(1, 64), 1)
    .addOption(new Option('--pin <mode>', 'CPU placement with taskset: same CPU, split across two CPUs, or none').choices(PIN_MODES).default('none'))
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
  $ ipcbench run --connect 10.0.0.2:5201 --token T -t tcp   against ipcbench serve on another host

A progress bar is shown on a terminal, one line per repeat when piped, nothing with --quiet.`,
    )
    .action(async (options: RunCliOptions, command: Command) => {
      if (Boolean(options.format) !== Boolean(options.out)) command.error('--format and --out go together: --format github-action-benchmark|bencher --out <file>', { exitCode: EXIT.usage });
      const payloadBytes = options.payload === true ? DEFAULT_PAYLOAD_SWEEP : options.payload === undefined ? undefined : payloadSizes(options.payload);
      process.exitCode = await run({ ...options, payloadBytes, readyTimeoutMs: options.timeout, stepTimeoutMs: options.timeout });
    });

  cli
    .command('compare')
    .description('the regression gate: compare two JSON reports per transport × payload')
    .argument('<baseline>', 'JSON report of the reference run (ipcbench run --json)')
    .argument('<current>', 'JSON report of the run to judge')
    .option('--threshold <pct>', 'smallest slowdown that counts, e.g. 10% or 0.1', fraction, DEFAULT_GATE.threshold)
    .option('--alpha <p>', 'significance level of the one-sided Welch t-test', alpha, DEFAULT_GATE.alpha)
    .option('--json <file>', 'write the verdicts as JSON (schema/comparison.schema.json), or - for stdout only')
    .option('--markdown <file>', 'write the verdict table as Markdown')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
A regression is a slowdown that is both statistically significant (one-sided Welch t-test on the log of
round trips/s of the repeats, at --alpha) and larger than --threshold. An errored current result fails too.

Examples:
  $ ipcbench compare baseline.json current.json
  $ ipcbench compare baseline.json current.json --threshold 5% --alpha 0.01 --json verdicts.json

Exit codes: 0 no regression, 1 regression or errored result, 2 bad usage or unreadable/invalid report.`,
    )
    .action((baseline: string, current: string, options: { threshold: number; alpha: number; json?: string; markdown?: string; quiet?: boolean }) => {
      process.exitCode = compare(baseline, current, options);
    });

  cli
    .command('env')
    .description('print the environment every report records, and which transports run here')
    .option('--json', 'as JSON')
    .action((options: { json?: boolean }) => {
      process.exitCode = env(options);
    });

  cli
    .command('overhead')
    .description("the harness's own cost: each transport vs a hand-written loop on the same mechanism, and tcp vs Python")
    .option('--rounds <n>', 'interleaved rounds (raw and harness alternate which goes first)', wholeNumber(1, 100), 5)
    .addOption(new Option('--pin <mode>', 'same: pin everything to one CPU so placement cannot differ between raw and harness').choices(['same', 'none']).default('same'))
    .option('-n, --round-trips <n>', 'measured round trips per run', wholeNumber(1), 20_000)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(0), 2_000)
    .option('--min-ratio <r>', 'exit 1 when harness/raw falls below this', ratio, 0.95)
    .option('--no-python', 'skip the Python comparison')
    .option('--json <file>', 'write the figures as JSON')
    .action(async (options: { pin: 'same' | 'none'; rounds: number; roundTrips: number; warmup: number; minRatio: number; python: boolean; json?: string }) => {
      process.exitCode = await overhead(options);
    });

  addPeerCommand(cli);
  addServeCommand(cli);
  addAbCommand(cli);

  cli.addHelpText(
    'after',
    `
Examples:
  $ ipcbench run -t ipc,tcp -r 3 --json r.json --html r.html
  $ ipcbench compare baseline.json r.json --threshold 10%
  $ ipcbench env --json

Exit codes: 0 ok, 1 a run failed or a regression was found, 2 bad usage or input, 130/143 interrupted.`,
  );
  return cli;
}

interface RunCliOptions {
  transport: string[];
  roundTrips: number;
  warmup: number;
  repeats: number;
  timeout: number;
  sampleEvery: number;
  payload?: string | true;
  pairs: number;
  pin: PinMode;
  connect?: string;
  token?: string;
  json?: string;
  markdown?: string;
  html?: string;
  format?: TrackerFormat;
  out?: string;
  quiet?: boolean;
}

async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (error instanceof ConfigError || error instanceof InputError) {
      process.stderr.write(`ipcbench: ${error.message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`ipcbench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.failed;
    }
  }
}

void main(process.argv);
