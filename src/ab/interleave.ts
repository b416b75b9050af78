import { cellFields, aggregate, erroredResult, type RepeatSample } from '../runner';
import { formatBytes } from '../measure/units';
import type { ArmSlot, ArmLabel } from './arm-client';
import type { ArmSample, RepeatRequest } from './protocol';
import type { BenchResult, RunConfig } from '../types';

/** One transport × payload measured on both arms. */
export interface AbCell {
  transport: string;
  /** undefined: the classic wire. */
  payloadBytes: number | undefined;
}

/** Pair i: one repeat on each arm, back to back; `order` alternates A B, B A, A B, … */
export interface MeasuredPair {
  index: number;
  order: 'AB' | 'BA';
  /** Round trips/s measured inside each arm. */
  a: number;
  b: number;
  /** Milliseconds since the first pair started, when this pair finished. */
  atMs: number;
}

export interface CellOutcome extends AbCell {
  pairs: MeasuredPair[];
  /** Per-arm results (completed, skipped or errored), aggregated like `run` does. */
  a: BenchResult;
  b: BenchResult;
}

export interface AbEvents {
  pairDone?(cell: AbCell, pair: MeasuredPair, of: number): void;
}

export type AbConfig = Pick<RunConfig, 'roundTrips' | 'warmup' | 'readyTimeoutMs' | 'stepTimeoutMs' | 'sampleEvery'> & Pick<RepeatRequest, 'timeoutWords'> & { pairs: number };

/**
 * Runs `config.pairs` pairs of every cell, interleaved A B B A … so drift of the machine hits both arms
 * alike and cancels in each pair's ratio. Cells run in turn within a pair round, like `run` interleaves
 * repeats. A cell that one arm skips or errors on is not run again; the others go on.
 */
export async function interleave(arms: Record<ArmLabel, ArmSlot>, cells: readonly AbCell[], config: AbConfig, events: AbEvents = {}): Promise<CellOutcome[]> {
  const state = cells.map((cell) => ({ cell, pairs: [] as MeasuredPair[], samples: { A: [] as RepeatSample[], B: [] as RepeatSample[] }, ended: undefined as undefined | Record<ArmLabel, BenchResult | undefined> }));
  const slowest = { A: 0, B: 0 };
  const started = Date.now();
  for (let index = 1; index <= config.pairs; index++) {
    const order: MeasuredPair['order'] = index % 2 === 1 ? 'AB' : 'BA';
    for (const s of state) {
      if (s.ended) continue;
      const request: Omit<RepeatRequest, 'id'> = { ...s.cell, payloadBytes: s.cell.payloadBytes ?? null, ...pick(config) };
      const got: Partial<Record<ArmLabel, RepeatSample>> = {};
      for (const label of [order[0], order[1]] as ArmLabel[]) {
        const begin = Date.now();
        const response = await arms[label].repeat(request, deadline(config, slowest[label]));
        slowest[label] = Math.max(slowest[label], Date.now() - begin);
        if (response.status === 'completed') {
          got[label] = toRepeatSample(response.sample);
          continue;
        }
        const { transport, payloadBytes } = s.cell;
        const ended: BenchResult =
          response.status === 'skipped'
            ? { ...cellFields(transport, payloadBytes), status: 'skipped', reason: `arm ${label}: ${response.reason}` }
            : erroredResult(transport, Object.assign(new Error(`arm ${label}: ${response.error.message}`), { name: response.error.name }), payloadBytes);
        s.ended = { A: label === 'A' ? ended : undefined, B: label === 'B' ? ended : undefined };
        break;
      }
      if (s.ended) continue;
      s.samples.A.push(got.A!);
      s.samples.B.push(got.B!);
      const pair: MeasuredPair = { index, order, a: got.A!.roundTripsPerSec, b: got.B!.roundTripsPerSec, atMs: Date.now() - started };
      s.pairs.push(pair);
      events.pairDone?.(s.cell, pair, config.pairs);
    }
  }
  return state.map(({ cell, pairs, samples, ended }) => {
    const result = (label: ArmLabel): BenchResult => {
      const own = ended?.[label];
      if (own) return own;
      if (ended) {
        const other = (ended.A ?? ended.B)!;
        return { ...cellFields(cell.transport, cell.payloadBytes), status: 'skipped', reason: `not compared: ${other.status === 'errored' ? other.error.message : other.status === 'skipped' ? other.reason : ''}` };
      }
      return aggregate(cell.transport, samples[label], cell.payloadBytes);
    };
    return { ...cell, pairs, a: result('A'), b: result('B') };
  });
}

function pick(config: AbConfig): Omit<RepeatRequest, 'id' | 'transport' | 'payloadBytes'> {
  const { roundTrips, warmup, readyTimeoutMs, stepTimeoutMs, timeoutWords, sampleEvery } = config;
  return { roundTrips, warmup, readyTimeoutMs, stepTimeoutMs, sampleEvery, ...(timeoutWords === undefined ? {} : { timeoutWords }) };
}

/**
 * How long one repeat may take before the arm counts as hung. The arm's own watchdog fails a step
 * after stepTimeoutMs without progress, so this only catches an arm that stopped answering at all:
 * its start and stop allowances plus 20× its slowest repeat so far (30 step timeouts, 150 s by
 * default, before it has done any).
 */
function deadline(config: AbConfig, slowestMs: number): number {
  return config.readyTimeoutMs + 3 * config.stepTimeoutMs + (slowestMs > 0 ? 20 * slowestMs : 30 * config.stepTimeoutMs);
}

function toRepeatSample(s: ArmSample): RepeatSample {
  return { ...s, cpuPeer: s.cpuPeer ?? undefined, latencyNanos: Float64Array.from(s.latencyNanos), measuredFrom: 0n, measuredTo: 0n };
}

export function cellName(cell: AbCell): string {
  return cell.payloadBytes === undefined ? cell.transport : `${cell.transport} ${formatBytes(cell.payloadBytes)}`;
}
