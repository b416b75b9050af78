import { rawIpc, rawTcp, rawUnix, rawWorker, rawSab, rawSpin, rawSpinMeasured, type RawLoop } from './raw-loops';
import { findPython, pythonTcpRate } from './python';
import { runOnce, placeable } from '../runner';
import { getTransport, transportNames } from '../transports';
import { median } from '../measure/stats';
import type { RunConfig } from '../types';

/** Hand-written reference loop for each mechanism the harness also implements. */
const RAW_LOOPS: Record<string, RawLoop> = { tcp: rawTcp, ipc: rawIpc, unix: rawUnix, worker: rawWorker, sab: rawSab, 'sab-spin': rawSpin };

/** The built-in mechanisms that have a hand-written reference loop, in table order. */
export function rawLoopMechanisms(): string[] {
  return Object.keys(RAW_LOOPS).filter((m) => transportNames().includes(m));
}

/** Mechanisms whose raw loop also reports its median round trip (see rawSpinMeasured). */
const WITH_P50 = new Set(['sab-spin']);

/**
 * Busy-spinning rows run this many times the round trips and warm-up, raw loop and harness alike: at
 * ~1 M round trips/s the default 20,000 last 20 ms — less than one scheduler time slice, and less than
 * the JIT needs to compile the harness's hot path in a fresh worker (measured: the first 2,500–5,000
 * round trips ran 1.5–2.5× slower). The rows state the counts they used.
 */
export const SPIN_SCALE = 10;

export interface OverheadRow {
  mechanism: string;
  raw: number[];
  harness: number[];
  /** median(harness) / median(raw); NaN when skipped. */
  ratio: number;
  /**
   * Why this mechanism was not measured, raw loop and harness alike (e.g. a busy-spinning one under
   * --pin same or on one CPU: the same rule as `ipcbench run`).
   */
  skipped?: string;
  /**
   * Spinning rows: median round trip (ns) of each run, raw and harness, and median(raw) /
   * median(harness) — the load-robust figure (see rawSpinMeasured).
   */
  p50?: { raw: number[]; harness: number[]; ratio: number };
  /** Set where this row used other counts than the run's (busy-spinning rows: × SPIN_SCALE). */
  roundTrips?: number;
  warmup?: number;
}

export interface OverheadResult {
  rounds: number;
  roundTrips: number;
  warmup: number;
  rows: OverheadRow[];
  python: { rates: number[]; tcpOverPython: number } | { skipped: string };
}

export interface OverheadEvents {
  /** `p50Nanos`: the run's median round trip, for the spinning rows. */
  measured?(what: string, round: number, rate: number, p50Nanos?: number): void;
}

/**
 * Raw and harness runs of each mechanism, interleaved round by round, alternating which goes first
 * (ABBA) so drift of the machine does not favour either. Python's TCP ping-pong joins each round.
 * `config.pin` places raw loops and harness alike (--pin split: every peer, process or worker thread,
 * on the peer's CPU); a mechanism the harness would skip under it (busy-spinning on one CPU) is skipped
 * whole, with the reason.
 */
export async function measureOverhead(
  config: RunConfig,
  rounds: number,
  mechanisms?: string[],
  events: OverheadEvents = {},
  withPython = true,
  /** Reference loops of plug-in transports (registered under the same names), beside the built-in ones. */
  pluginLoops: Record<string, RawLoop> = {},
): Promise<OverheadResult> {
  const loops = { ...RAW_LOOPS, ...pluginLoops };
  const names = mechanisms ?? Object.keys(loops).filter((m) => transportNames().includes(m));
  const rows: OverheadRow[] = names.map((mechanism) => {
    const row: OverheadRow = { mechanism, raw: [], harness: [], ratio: Number.NaN };
    const placed = placeable(getTransport(mechanism), config);
    if (placed !== true) return { ...row, skipped: placed };
    if (!WITH_P50.has(mechanism)) return row;
    return { ...row, p50: { raw: [], harness: [], ratio: Number.NaN }, roundTrips: config.roundTrips * SPIN_SCALE, warmup: config.warmup * SPIN_SCALE };
  });
  const python = withPython ? findPython() : { reason: 'not requested' };
  const pythonRates: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const row of rows) {
      if (row.skipped) continue;
      // Under --pin same every peer inherits this process's one CPU; split places each peer itself.
      const peerCpus = config.pin?.mode === 'split' ? (config.pin.peer ?? undefined) : undefined;
      const rowConfig = { ...config, roundTrips: row.roundTrips ?? config.roundTrips, warmup: row.warmup ?? config.warmup };
      const raw = async (): Promise<void> => {
        if (row.p50) {
          const { rate, p50Nanos } = await rawSpinMeasured(rowConfig.roundTrips, rowConfig.warmup, peerCpus);
          row.p50.raw.push(p50Nanos);
          row.raw.push(rate);
        } else row.raw.push(await loops[row.mechanism](rowConfig.roundTrips, rowConfig.warmup, peerCpus));
        events.measured?.(`${row.mechanism} raw`, round, row.raw[row.raw.length - 1], row.p50?.raw[row.p50.raw.length - 1]);
      };
      const harness = async (): Promise<void> => {
        const { roundTripsPerSec, latencyNanos } = await runOnce(getTransport(row.mechanism), { config: { ...rowConfig, repeats: 1 } });
        row.harness.push(roundTripsPerSec);
        row.p50?.harness.push(median([...latencyNanos]));
        events.measured?.(`${row.mechanism} harness`, round, roundTripsPerSec, row.p50?.harness[row.p50.harness.length - 1]);
      };
      if (round % 2 === 1) await raw().then(harness);
      else await harness().then(raw);
    }
    if ('command' in python) {
      const rate = await pythonTcpRate(python.command, config.roundTrips, config.warmup);
      pythonRates.push(rate);
      events.measured?.('python tcp', round, rate);
    }
  }
  for (const row of rows) if (!row.skipped) row.ratio = median(row.harness) / median(row.raw);
  for (const row of rows) if (row.p50 && !row.skipped) row.p50.ratio = median(row.p50.raw) / median(row.p50.harness);
  const tcp = rows.find((row) => row.mechanism === 'tcp');
  return {
    rounds,
    roundTrips: config.roundTrips,
    warmup: config.warmup,
    rows,
    python:
      'command' in python && tcp
        ? { rates: pythonRates, tcpOverPython: median(tcp.harness) / median(pythonRates) }
        : { skipped: 'reason' in python ? python.reason : 'tcp not measured' },
  };
}
