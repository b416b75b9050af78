import { judge, FAILING, type Comparison, type GateSettings, type Side } from '../gate';
import { pairedLogRatio } from '../measure/paired';
import { MIN_REPEATS_FOR_INTERVAL } from '../measure/stats';
import { benchName } from '../report/labels';
import { cellFields } from '../runner';
import type { CellOutcome, MeasuredPair } from './interleave';
import type { BenchResult } from '../types';

/** A gate verdict for one cell of `ab`, with the pairs it came from (time order, for drift). */
export interface AbComparison extends Comparison {
  pairs: MeasuredPair[];
}

export interface AbVerdicts {
  settings: GateSettings;
  comparisons: AbComparison[];
  passed: boolean;
}

export const AB_TEST = 'paired t-test on ln(B/A) of round trips/s per pair (A B B A interleaved); estimate = geometric-mean ratio B/A; regression = significant at alpha and ratio < 1 - threshold';

export function judgeAb(outcomes: readonly CellOutcome[], settings: GateSettings): AbVerdicts {
  const comparisons = outcomes.map((o) => judgeCell(o, settings));
  return { settings, comparisons, passed: !comparisons.some((c) => FAILING.includes(c.verdict)) };
}

function side(result: BenchResult, runs: number[]): Side | null {
  if (result.status !== 'completed') return null;
  return { median: result.roundTripsPerSec.median, mean: result.roundTripsPerSec.mean, repeats: runs.length };
}

function judgeCell(o: CellOutcome, settings: GateSettings): AbComparison {
  const fields = cellFields(o.transport, o.payloadBytes);
  const a = o.pairs.map((p) => p.a);
  const b = o.pairs.map((p) => p.b);
  // `baseline`/`current` keep the compare shape: A is the reference, B the candidate.
  const base = { name: benchName(fields), transport: o.transport, payloadBytes: fields.payloadBytes, baseline: side(o.a, a), current: side(o.b, b), pairs: o.pairs };
  const none = { ratio: null, ci: null, pSlower: null, df: null };
  for (const r of [o.a, o.b]) {
    if (r.status === 'errored') return { ...base, ...none, verdict: 'errored', reason: r.error.message };
  }
  for (const r of [o.a, o.b]) {
    if (r.status === 'skipped') return { ...base, ...none, verdict: 'skipped', reason: r.reason };
  }
  if (o.pairs.length < MIN_REPEATS_FOR_INTERVAL) {
    const ratio = o.pairs.length > 0 ? Math.exp(o.pairs.reduce((s, p) => s + Math.log(p.b / p.a), 0) / o.pairs.length) : null;
    return { ...base, ...none, ratio, verdict: 'inconclusive', reason: `too few repeats: ${o.pairs.length} pair(s), an interval needs at least ${MIN_REPEATS_FOR_INTERVAL}` };
  }
  return { ...base, ...judge(pairedLogRatio(a, b, 2 * settings.alpha), settings) };
}
