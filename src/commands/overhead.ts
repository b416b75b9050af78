import { Option } from 'commander';
import type { Register } from './command';
import { wholeNumber, ratio } from './options';
import { Outputs } from '../report/output';
import { measureOverhead, rawLoopMechanisms, SPIN_SCALE, type OverheadResult, type OverheadRow } from '../overhead/overhead';
import { resolveConfig, LIMITS } from '../config';
import { captureEnvironment } from '../measure/environment';
import { renderTable, formatNumber, environmentLine } from '../report/console';
import { median } from '../measure/stats';
import { pinThisProcess, planPinning, type PinPlan } from '../measure/pinning';
import { UsageError } from '../errors';
import { resolveTransportList } from '../contract/transport-list';
import { loadRawLoop } from '../overhead/plugin-loop';

/**
 * A busy-spinning round trip is ~150–200 ns, so every instruction the harness adds per message shows:
 * its target is lower than the others' (and --min-ratio can only lower it further).
 */
export const SPIN_MIN_RATIO = 0.8;

export interface OverheadOptions {
  /**
   * 'same' pins this process, and so every peer and worker it starts, to one CPU (busy-spinning rows
   * are then skipped with the reason); 'split' puts this process on one CPU and every peer (process,
   * or a worker's own thread) on another, raw loops and harness alike.
   */
  pin: 'same' | 'split' | 'none';
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
  /** Only these built-in mechanisms (default: every one with a hand-written loop). */
  transport?: string[];
}

/** `ipcbench overhead`: harness ÷ hand-written loop per mechanism, and tcp ÷ Python. Exit 1 below --min-ratio. */
export async function overhead(options: OverheadOptions): Promise<number> {
  // On a 2-vCPU guest a round trip between two vCPUs costs ~3× one on a single vCPU, and where the
  // scheduler puts a peer changes from run to run: pinned, raw and harness cannot differ in placement.
  const outputs = new Outputs({ '--json': options.json });
  outputs.check();
  if (Boolean(options.plugin) !== Boolean(options.rawLoop)) throw new UsageError('--plugin and --raw-loop go together: the plug-in transport and the hand-written loop it is held to');
  const unknown = (options.transport ?? []).filter((name) => !rawLoopMechanisms().includes(name));
  if (unknown.length > 0) throw new UsageError(`-t ${unknown.join(',')}: no hand-written loop to hold it to; overhead measures ${rawLoopMechanisms().join(', ')} (and a plug-in with --plugin and --raw-loop)`);
  const plugin = options.plugin ? await pluginRow(options.plugin, options.rawLoop!) : undefined;
  const pin = placement(options.pin);
  const say = (line: string): void => outputs.say(line);
  const env = captureEnvironment();
  say(environmentLine(env));
  say(`CPU placement: ${placementWords(pin)}`);
  const mechanisms = [...(options.transport ?? rawLoopMechanisms()), ...(plugin ? [plugin.name] : [])];
  const spinNote = mechanisms.includes('sab-spin') ? `; sab-spin ${SPIN_SCALE}× both (a 20,000-round-trip spinning run lasts ~20 ms: shorter than a time slice and the JIT's warm-up)` : '';
  say(`${options.rounds} interleaved rounds of ${formatNumber(options.roundTrips)} round trips (+${formatNumber(options.warmup)} warm-up), fresh peer each run${spinNote}`);
  const config = { ...resolveConfig({ roundTrips: options.roundTrips, warmup: options.warmup }), ...(pin ? { pin } : {}) };
  const events = {
    measured: (what: string, round: number, rate: number, p50?: number) =>
      say(`  round ${round} ${what}: ${formatNumber(rate)} round trips/s${p50 === undefined ? '' : `, median round trip ${formatNumber(p50)} ns`}`),
  };
  const result = await measureOverhead(config, options.rounds, mechanisms, events, options.python, plugin ? { [plugin.name]: plugin.loop } : {});
  say(overheadTable(result, options.minRatio));
  outputs.writeAll([['--json', () => `${JSON.stringify({ env, minRatio: options.minRatio, ...result }, null, 2)}\n`]]);
  const below = result.rows.filter((row) => row.ratio < targetOf(row, options.minRatio));
  for (const row of below) console.error(`ipcbench: ${row.mechanism}: harness/raw ${row.ratio.toFixed(3)} is below ${targetOf(row, options.minRatio)}`);
  return below.length > 0 ? 1 : 0;
}

/** The spinning rows' target is SPIN_MIN_RATIO unless --min-ratio asks for less. */
function targetOf(row: OverheadRow, minRatio: number): number {
  return row.mechanism === 'sab-spin' ? Math.min(minRatio, SPIN_MIN_RATIO) : minRatio;
}

/**
 * Pins this process as `mode` asks (split: this process on the first CPU it may use, peers on the
 * second) and returns the plan the runner and the raw loops place peers by. Split on one CPU is a
 * usage error naming the CPU.
 */
function placement(mode: OverheadOptions['pin']): PinPlan | undefined {
  if (mode === 'split') {
    try {
      planPinning('split');
    } catch (error) {
      throw new UsageError(`${(error as Error).message}: use --pin same or --pin none`);
    }
  }
  return pinThisProcess(mode);
}

function placementWords(pin: PinPlan | undefined): string {
  if (!pin) return 'left to the scheduler';
  if (pin.mode === 'same') return `everything on CPU ${pin.parent!.join(',')} (peers inherit it); busy-spinning rows need two CPUs and are skipped`;
  return `this process on CPU ${pin.parent!.join(',')}, every peer (process, or a worker's own thread) on CPU ${pin.peer!.join(',')}, raw loops and harness alike`;
}

/** The plug-in's transport (registered, so the harness finds it by name) and its reference loop. */
async function pluginRow(module: string, rawLoop: string): Promise<{ name: string; loop: Awaited<ReturnType<typeof loadRawLoop>> }> {
  const { transports } = await resolveTransportList([module]);
  if (transports.length !== 1) throw new UsageError(`--plugin ${module}: it defines ${transports.length} transports; overhead holds one plug-in to its loop`);
  return { name: transports[0].name, loop: await loadRawLoop(rawLoop) };
}

export function overheadTable(result: OverheadResult, minRatio: number): string {
  const notes: string[] = [];
  const rows = result.rows.map((row) => {
    if (row.skipped) {
      notes.push(`${row.mechanism} skipped (raw loop and harness): ${row.skipped}`);
      return [row.mechanism, 'skipped', '', '', ''];
    }
    if (row.p50) {
      notes.push(
        `${row.mechanism} median round trip: raw ${formatNumber(median(row.p50.raw))} ns, harness ${formatNumber(median(row.p50.harness))} ns → raw/harness ${row.p50.ratio.toFixed(3)}` +
          ' (the steady state while both threads run: under other load a spinning pair progresses only while both hold a CPU, which moves its rate but not this)',
      );
    }
    const target = targetOf(row, minRatio);
    return [row.mechanism, formatNumber(median(row.raw)), formatNumber(median(row.harness)), row.ratio.toFixed(3), row.ratio >= target ? `ok (≥ ${target})` : `below ${target}`];
  });
  const python =
    'rates' in result.python
      ? `tcp harness ÷ Python blocking-socket ping-pong: ${result.python.tcpOverPython.toFixed(3)} (Python median ${formatNumber(median(result.python.rates))} round trips/s)`
      : `Python comparison skipped: ${result.python.skipped}`;
  return [renderTable([['mechanism', 'raw loop (median)', 'harness (median)', 'harness/raw', 'target'], ...rows]), ...notes, python].join('\n');
}

export const register: Register = (program, handle) => {
  program
    .command('overhead')
    .description("the harness's own cost: each transport vs a hand-written loop on the same mechanism, and tcp vs Python")
    .option('--rounds <n>', 'interleaved rounds (raw and harness alternate which goes first)', wholeNumber(1, 100), 5)
    .addOption(
      new Option('--pin <mode>', 'same: everything on one CPU, so placement cannot differ between raw and harness (busy-spinning rows, which need a CPU per side, are skipped); split: this process on one CPU, every peer on another; none: the scheduler decides')
        .choices(['same', 'split', 'none'])
        .default('same'),
    )
    .option('-t, --transport <list>', `comma list of mechanisms to measure (default: all of ${rawLoopMechanisms().join(', ')})`, (text: string) => [...new Set(text.split(',').map((name) => name.trim()).filter(Boolean))])
    .option('-n, --round-trips <n>', 'measured round trips per run', wholeNumber(...LIMITS.roundTrips), 20_000)
    .option('-w, --warmup <n>', 'warm-up round trips, discarded', wholeNumber(...LIMITS.warmup), 2_000)
    .option('--min-ratio <r>', 'exit 1 when harness/raw falls below this', ratio, 0.95)
    .option('--no-python', 'skip the Python comparison')
    .option('--plugin <module>', 'also hold a plug-in transport (a module path, as for run -t) to a hand-written loop on its library (needs --raw-loop)')
    .option('--raw-loop <module>', "the plug-in library's hand-written ping-pong: a module exporting rawLoop(roundTrips, warmup) → round trips/s")
    .option('--json <file>', 'write the figures as JSON, or - for stdout')
    .action((options: OverheadOptions) => handle('overhead', options, overhead));
};
