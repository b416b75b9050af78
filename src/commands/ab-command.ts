import { Command, Option } from 'commander';
import { DEFAULT_CONFIG, DEFAULT_PAYLOAD_SWEEP } from '../config';
import { DEFAULT_GATE } from '../gate';
import { transportNames } from '../transports';
import { TRACKER_FORMATS } from '../report/trackers';
import { serveArm } from '../ab/arm';
import { ARM_PROTOCOL } from '../ab/protocol';
import { wholeNumber, seconds, transportList, payloadSizes, fraction, alpha } from './options';
import { ab, type AbOptions } from './ab';

const DEFAULT_PAIRS = 10;

/** Registers `ipcbench ab` and the hidden `ipcbench ab-arm` it starts in each arm. */
export function addAbCommand(cli: Command): void {
  cli
    .command('ab')
    .description('A/B gate: two commands that start ipcbench (two builds, two runtimes), interleaved A B B A … in one job')
    .requiredOption('--a <command>', 'arm A, the reference: a command that starts ipcbench, e.g. "node ../base/dist/cli.js"; split like a shell would, run WITHOUT a shell')
    .requiredOption('--b <command>', 'arm B, the candidate, e.g. "node dist/cli.js" or "bun dist/cli.js"')
    .option('-t, --transport <list>', `comma list of transports, or all (${transportNames().join(', ')})`, transportList, ['ipc', 'tcp'])
    .option('-n, --round-trips <n>', 'measured round trips per repeat', wholeNumber(1, 100_000_000), DEFAULT_CONFIG.roundTrips)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(0, 100_000_000), DEFAULT_CONFIG.warmup)
    .option('-r, --repeats <n>', 'pairs per transport × payload: one repeat on each arm, fresh peer each', wholeNumber(1, 1000), DEFAULT_PAIRS)
    .option('--timeout <s>', 'seconds to wait for a peer to get ready, and for each reply', seconds, DEFAULT_CONFIG.readyTimeoutMs)
    .option('--sample-every <k>', 'record latency of every k-th round trip (0 = none)', wholeNumber(0, 1_000_000), DEFAULT_CONFIG.sampleEvery)
    .option('--payload [sizes]', 'payload sweep on the binary wire: byte sizes, k = KiB, m = MiB (alone: 0,64,1k,64k,1m)')
    .option('--arm-life <n>', 'repeats one arm process serves before a fresh one replaces it; more is faster, but placement and JIT state then carry over between pairs', wholeNumber(1, 1000), 1)
    .option('--threshold <pct>', 'smallest slowdown of B that counts, e.g. 10% or 0.1', fraction, DEFAULT_GATE.threshold)
    .option('--alpha <p>', 'significance level of the one-sided paired t-test', alpha, DEFAULT_GATE.alpha)
    .option('--json <file>', 'write verdicts, pairs and both arms\' reports as JSON (schema/ab.schema.json), or - for stdout only')
    .option('--markdown <file>', 'write the verdict table as Markdown')
    .option('--html <file>', 'write a page with every pair\'s ratio in time order (drift shows)')
    .addOption(new Option('--format <tracker>', 'tracker export of arm B\'s figures, written to --out').choices(TRACKER_FORMATS))
    .option('--out <file>', 'file for the --format export')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Each arm runs as "<command> ab-arm": it measures one repeat (a fresh peer) per request, inside the
arm, so neither the arm's start nor the peer's handshake is timed. By default every repeat gets a
fresh arm process (--arm-life 1): a long-lived process carries its CPU placement from pair to pair,
which on a shared machine was seen to make B 3x faster than A for 10 pairs running. Pair i runs A then B when i is odd, B then A
when even. Per pair the ratio B/A of round trips/s; the estimate is their geometric mean with a t
interval on the log scale. A regression is a slowdown of B that is both significant (one-sided paired
t-test at --alpha) and larger than --threshold; fewer than 3 pairs give no interval ("too few repeats").

Examples:
  $ ipcbench ab --a "node ../base/dist/cli.js" --b "node dist/cli.js" -t ipc,tcp
  $ ipcbench ab --a "node dist/cli.js" --b "bun dist/cli.js" -t all --html ab.html
  $ ipcbench ab --a "/opt/node20/bin/node dist/cli.js" --b "/opt/node22/bin/node dist/cli.js" --json ab.json

Exit codes: 0 no regression, 1 regression, errored result or an arm failed mid-run, 2 bad usage or an
arm that cannot be started (the message names the arm and its command).`,
    )
    .action(async (options: AbCliOptions, command: Command) => {
      if (Boolean(options.format) !== Boolean(options.out)) command.error('--format and --out go together: --format github-action-benchmark|bencher --out <file>', { exitCode: 2 });
      const payloadBytes = options.payload === true ? DEFAULT_PAYLOAD_SWEEP : options.payload === undefined ? undefined : payloadSizes(options.payload);
      process.exitCode = await ab({ ...options, payloadBytes, readyTimeoutMs: options.timeout, stepTimeoutMs: options.timeout });
    });

  cli
    .command('ab-arm', { hidden: true })
    .description('internal: one arm of `ipcbench ab` (JSON lines on stdin/stdout)')
    .requiredOption('--protocol <n>', 'arm protocol version ab speaks')
    .option('--no-env', 'leave the environment out of the hello line (a replacement arm)')
    .action(async (options: { protocol: string; env: boolean }) => {
      if (Number(options.protocol) !== ARM_PROTOCOL) {
        // The hello line carries our version; ab reports the mismatch with both arms named.
        process.stderr.write(`ipcbench ab-arm: asked for arm protocol ${options.protocol}, this build speaks ${ARM_PROTOCOL}\n`);
      }
      process.exitCode = await serveArm(options.env);
    });
}

type AbCliOptions = Omit<AbOptions, 'payloadBytes' | 'readyTimeoutMs' | 'stepTimeoutMs'> & { payload?: string | true; timeout: number };
