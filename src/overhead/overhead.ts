import { rawIpc, rawTcp, rawUnix, rawWorker, rawSab, rawSpin, type RawLoop } from './raw-loops';
import { findPython, pythonTcpRate } from './python';
import { runOnce } from '../runner';
import { getTransport, transportNames } from '../transports';
import { median } from '../measure/stats';
import type { RunConfig } from '../types';
import type { PinPlan } from '../measure/pinning';

/** Hand-written reference loop for each mechanism the harness also implements. */
const RAW_LOOPS: Record<string, RawLoop> = { tcp: rawTcp, ipc: rawIpc, unix: rawUnix, worker: rawWorker, sab: rawSab, 'sab-spin': rawSpin };

/** Mechanisms whose two sides busy-wait: they need a CPU each, so they get a placement of their own. */
const SPINNING = new Set(['sab-spin']);

export interface OverheadRow {
  mechanism: string;
  raw: number[];
  harness: number[];
  /** median(harness) / median(raw); NaN when skipped. */
  ratio: number;
  /** Why this mechanism was not measured (e.g. a spinning one on one CPU). */
  skipped?: string;
  /** Where its sides ran, when it differs from the run's placement. */
  placement?: string;
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
  mechanisms: string[] = Object.keys(RAW_LOOPS).filter((m) => transportNames().includes(m)),
  events: OverheadEvents = {},
  withPython = true,
  spinPlacement: PinPlan | string | undefined = undefined,
): Promise<OverheadResult> {
  const rows: OverheadRow[] = mechanisms.map((mechanism) => {
    const row: OverheadRow = { mechanism, raw: [], harness: [], ratio: Number.NaN };
    if (!SPINNING.has(mechanism)) return row;
    const supported = getTransport(mechanism).supported();
    if (supported !== true) return { ...row, skipped: supported };
    if (typeof spinPlacement === 'string') return { ...row, skipped: spinPlacement };
    if (spinPlacement) return { ...row, placement: `main thread on CPU ${spinPlacement.parent!.join(',')}, worker thread on CPU ${spinPlacement.peer!.join(',')}` };
    return row;
  });
  const python = withPython ? findPython() : { reason: 'not requested' };
  const pythonRates: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const row of rows) {
      if (row.skipped) continue;
      const pin = SPINNING.has(row.mechanism) && typeof spinPlacement === 'object' ? spinPlacement : config.pin;
      const raw = async (): Promise<void> => {
        const rate = await RAW_LOOPS[row.mechanism](config.roundTrips, config.warmup, pin?.peer ?? undefined);
        row.raw.push(rate);
        events.measured?.(`${row.mechanism} raw`, round, rate);
      };
      const harness = async (): Promise<void> => {
        const { roundTripsPerSec } = await runOnce(getTransport(row.mechanism), { config: { ...config, pin, repeats: 1 } });
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
  for (const row of rows) if (!row.skipped) row.ratio = median(row.harness) / median(row.raw);
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
