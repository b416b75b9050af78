import { rawIpc, rawTcp, rawUnix, rawWorker, rawSab, type RawLoop } from './raw-loops';
import { findPython, pythonTcpRate } from './python';
import { runOnce } from '../runner';
import { getTransport, transportNames } from '../transports';
import { median } from '../measure/stats';
import type { RunConfig } from '../types';

/** Hand-written reference loop for each mechanism the harness also implements. */
const RAW_LOOPS: Record<string, RawLoop> = { tcp: rawTcp, ipc: rawIpc, unix: rawUnix, worker: rawWorker, sab: rawSab };

export interface OverheadRow {
  mechanism: string;
  raw: number[];
  harness: number[];
  /** median(harness) / median(raw). */
  ratio: number;
}

export interface OverheadResult {
  rounds: number;
  roundTrips: number;
  warmup: number;
  rows: OverheadRow[];
  python: { rates: number[]; tcpOverPython: number } | { skipped: string };
}

export interface OverheadEvents {
  measured?(what: string, round: number, rate: number): void;
}

/**
 * Raw and harness runs of each mechanism, interleaved round by round, alternating which goes first
 * (ABBA) so drift of the machine does not favour either. Python's TCP ping-pong joins each round.
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
  const rows = names.map((mechanism) => ({ mechanism, raw: [] as number[], harness: [] as number[], ratio: 0 }));
  const python = withPython ? findPython() : { reason: 'not requested' };
  const pythonRates: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const row of rows) {
      const raw = async (): Promise<void> => {
        const rate = await loops[row.mechanism](config.roundTrips, config.warmup);
        row.raw.push(rate);
        events.measured?.(`${row.mechanism} raw`, round, rate);
      };
      const harness = async (): Promise<void> => {
        const { roundTripsPerSec } = await runOnce(getTransport(row.mechanism), { config: { ...config, repeats: 1 } });
        row.harness.push(roundTripsPerSec);
        events.measured?.(`${row.mechanism} harness`, round, roundTripsPerSec);
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
  for (const row of rows) row.ratio = median(row.harness) / median(row.raw);
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
