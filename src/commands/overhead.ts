import { Option } from 'commander';
import type { Register } from './command';
import { wholeNumber, ratio } from './options';
import { Outputs } from '../report/output';
import { measureOverhead, type OverheadResult } from '../overhead/overhead';
import { resolveConfig } from '../config';
import { captureEnvironment } from '../measure/environment';
import { renderTable, formatNumber, environmentLine } from '../report/console';
import { median } from '../measure/stats';
import { pinThisProcess } from '../measure/pinning';
import { UsageError } from '../errors';
import { resolveTransportList } from '../contract/transport-list';
import { loadRawLoop } from '../overhead/plugin-loop';

export interface OverheadOptions {
  /** 'same' pins this process, and so every peer and worker it starts, to one CPU. */
  pin: 'same' | 'none';
  rounds: number;
  roundTrips: number;
  warmup: number;
  minRatio: number;
  json?: string;
  python: boolean;
  /** A plug-in transport module, measured against `rawLoop`. */
  plugin?: string;
  /** The plug-in library's hand-written reference loop (exports rawLoop). */
  rawLoop?: string;
}

/** `ipcbench overhead`: harness ÷ hand-written loop per mechanism, and tcp ÷ Python. Exit 1 below --min-ratio. */
export async function overhead(options: OverheadOptions): Promise<number> {
  // On a 2-vCPU guest a round trip between two vCPUs costs ~3× one on a single vCPU, and where the
  // scheduler puts a peer changes from run to run: pinned, raw and harness cannot differ in placement.
  const outputs = new Outputs({ '--json': options.json });
  outputs.check();
  if (Boolean(options.plugin) !== Boolean(options.rawLoop)) throw new UsageError('--plugin and --raw-loop go together: the plug-in transport and the hand-written loop it is held to');
  const plugin = options.plugin ? await pluginRow(options.plugin, options.rawLoop!) : undefined;
  pinThisProcess(options.pin);
  const say = (line: string): void => outputs.say(line);
  const env = captureEnvironment();
  say(environmentLine(env));
  say(`CPU placement: ${options.pin === 'same' ? `everything on CPU ${env.affinity?.join(',')} (peers inherit it)` : 'left to the scheduler'}`);
  say(`${options.rounds} interleaved rounds of ${formatNumber(options.roundTrips)} round trips (+${formatNumber(options.warmup)} warm-up), fresh peer each run`);
  const config = resolveConfig({ roundTrips: options.roundTrips, warmup: options.warmup });
  const events = { measured: (what: string, round: number, rate: number) => say(`  round ${round} ${what}: ${formatNumber(rate)} round trips/s`) };
  const result = await measureOverhead(config, options.rounds, undefined, events, options.python, plugin ? { [plugin.name]: plugin.loop } : {});
  say(overheadTable(result, options.minRatio));
  outputs.writeAll([['--json', () => `${JSON.stringify({ env, minRatio: options.minRatio, ...result }, null, 2)}\n`]]);
  const below = result.rows.filter((row) => row.ratio < options.minRatio);
  for (const row of below) console.error(`ipcbench: ${row.mechanism}: harness/raw ${row.ratio.toFixed(3)} is below ${options.minRatio}`);
  return below.length > 0 ? 1 : 0;
}

/** The plug-in's transport (registered, so the harness finds it by name) and its reference loop. */
async function pluginRow(module: string, rawLoop: string): Promise<{ name: string; loop: Awaited<ReturnType<typeof loadRawLoop>> }> {
  const { transports } = await resolveTransportList([module]);
  if (transports.length !== 1) throw new UsageError(`--plugin ${module}: it defines ${transports.length} transports; overhead holds one plug-in to its loop`);
  return { name: transports[0].name, loop: await loadRawLoop(rawLoop) };
}

export function overheadTable(result: OverheadResult, minRatio: number): string {
  const rows = result.rows.map((row) => [
    row.mechanism,
    formatNumber(median(row.raw)),
    formatNumber(median(row.harness)),
    row.ratio.toFixed(3),
    row.ratio >= minRatio ? 'ok' : `below ${minRatio}`,
  ]);
  const python =
    'rates' in result.python
      ? `tcp harness ÷ Python blocking-socket ping-pong: ${result.python.tcpOverPython.toFixed(3)} (Python median ${formatNumber(median(result.python.rates))} round trips/s)`
      : `Python comparison skipped: ${result.python.skipped}`;
  return [renderTable([['mechanism', 'raw loop (median)', 'harness (median)', 'harness/raw', 'target'], ...rows]), python].join('\n');
}

export const register: Register = (program, handle) => {
  program
    .command('overhead')
    .description("the harness's own cost: each transport vs a hand-written loop on the same mechanism, and tcp vs Python")
    .option('--rounds <n>', 'interleaved rounds (raw and harness alternate which goes first)', wholeNumber(1, 100), 5)
    .addOption(new Option('--pin <mode>', 'same: pin everything to one CPU so placement cannot differ between raw and harness').choices(['same', 'none']).default('same'))
    .option('-n, --round-trips <n>', 'measured round trips per run', wholeNumber(1), 20_000)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(0), 2_000)
    .option('--min-ratio <r>', 'exit 1 when harness/raw falls below this', ratio, 0.95)
    .option('--no-python', 'skip the Python comparison')
    .option('--plugin <module>', 'also hold a plug-in transport (a -t module path) to a hand-written loop on its library (needs --raw-loop)')
    .option('--raw-loop <module>', "the plug-in library's hand-written ping-pong: a module exporting rawLoop(roundTrips, warmup) → round trips/s")
    .option('--json <file>', 'write the figures as JSON, or - for stdout')
    .action((options: OverheadOptions) => handle('overhead', options, overhead));
};
