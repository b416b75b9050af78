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
import { wholeNumber, seconds, transportList, ratio, payloadSizes } from './commands/options';
import { lab } from './commands/lab';
import { run } from './commands/run';
import { env } from './commands/env';
import { overhead } from './commands/overhead';
import { addPeerCommand } from './commands/peer-command';
import { addServeCommand } from './commands/serve';

export const EXIT = { ok: 0, failed: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

// process.exit runs the 'exit' hook in peer-process.ts, which kills every live peer.
process.once('SIGINT', () => process.exit(EXIT.sigint));
process.once('SIGTERM', () => process.exit(EXIT.sigterm));

function program(): Command {
  const cli = new Command('ipcbench')
    .version(VERSION)
    .description('Honest benchmarks of inter-process communication on Node.js (increment ping-pong: 1→2, x→x+1, 0 stops).')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

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
  $ ipcbench run -t all -r 3 --json reports/bench.json
  $ ipcbench run -t tcp,unix,sab --payload 0,64k,1m     binary frames, round trips/s and MB/s per size
  $ ipcbench run -t tcp --json - | jq '.results[0].roundTripsPerSec.median'
  $ ipcbench run -t tcp,unix --pairs 2 --pin split
  $ ipcbench run --connect 10.0.0.2:5201 --token T -t tcp   against ipcbench serve on another host`,
    )
    .action(async (options: { transport: string[]; roundTrips: number; warmup: number; repeats: number; timeout: number; sampleEvery: number; payload?: string | true; json?: string; quiet?: boolean; pairs: number; pin: PinMode; connect?: string; token?: string }) => {
      const payloadBytes = options.payload === true ? DEFAULT_PAYLOAD_SWEEP : options.payload === undefined ? undefined : payloadSizes(options.payload);
      process.exitCode = await run({ ...options, payloadBytes, readyTimeoutMs: options.timeout, stepTimeoutMs: options.timeout });
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

  cli.addHelpText('after', '\nExit codes: 0 ok, 1 a run or check failed, 2 bad usage or input, 130/143 interrupted.');
  return cli;
}

async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`ipcbench: ${error.message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`ipcbench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.failed;
    }
  }
}

void main(process.argv);
