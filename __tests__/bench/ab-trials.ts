import * as path from 'node:path';
import { measureAb, type AbOptions } from '../../src/commands/ab';
import { pairedLogRatio } from '../../src/measure/paired';
import type { GateSettings, Verdict } from '../../src/gate';
import type { RunConfig } from '../../src/types';

/** Trials of the `ab` gate: real arms (`node dist/cli.js ab-arm`), B optionally slowed by a known spin per reply. */

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
export const ARM_COMMAND = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`;

export interface AbTrial {
  verdict: Verdict;
  ratio: number | null;
  p: number | null;
  /** ln(B/A) per pair in time order: lets fewer pairs or other thresholds be judged afterwards. */
  logRatios: number[];
  seconds: number;
}

export async function abTrial(transport: string, config: RunConfig, pairs: number, armLife: number, settings: GateSettings, spinMicros = 0): Promise<AbTrial> {
  const options: AbOptions = {
    a: ARM_COMMAND,
    b: ARM_COMMAND,
    transport: [transport],
    repeats: pairs,
    armLife,
    roundTrips: config.roundTrips,
    warmup: config.warmup,
    readyTimeoutMs: config.readyTimeoutMs,
    stepTimeoutMs: config.stepTimeoutMs,
    sampleEvery: config.sampleEvery,
    ...settings,
    quiet: true,
    armEnv: spinMicros > 0 ? { B: { IPCBENCH_TEST_SPIN_MICROS: String(spinMicros) } } : undefined,
  };
  const started = Date.now();
  const report = await measureAb(options);
  const [c] = report.comparisons;
  return {
    verdict: c.verdict,
    ratio: c.ratio,
    p: c.pSlower,
    logRatios: c.pairs.map((p) => Number(Math.log(p.b / p.a).toFixed(5))),
    seconds: (Date.now() - started) / 1000,
  };
}

/** Would the ab rule flag these log ratios (first `pairs` of them) at `threshold`? */
export function abFlags(logRatios: readonly number[], pairs: number, threshold: number, alpha: number): boolean {
  const d = logRatios.slice(0, pairs);
  if (d.length < 2) return false;
  const a = d.map(() => 1);
  const b = d.map(Math.exp);
  const test = pairedLogRatio(a, b, 2 * alpha);
  return test.pLower < alpha && test.ratio < 1 - threshold;
}

/** False alarms and detections of the ab rule with fewer pairs / other thresholds, from the same trials. */
export function abRatesAt(aa: readonly AbTrial[], ab: readonly AbTrial[], pairs: number, threshold: number, alpha: number): AbRates {
  const rate = (trials: readonly AbTrial[]) => trials.filter((t) => abFlags(t.logRatios, pairs, threshold, alpha)).length / Math.max(1, trials.length);
  return { pairs, threshold, falseAlarmRate: rate(aa), detectionRate: rate(ab), trials: Math.min(aa.length, ab.length) };
}

export interface AbRates {
  pairs: number;
  threshold: number;
  falseAlarmRate: number;
  detectionRate: number;
  /** How many (pooled) trials the rates come from. */
  trials: number;
  /** Set when each judged trial joins this many consecutive measured trials (pairs beyond one trial's). */
  pooledTrials?: number;
}

/**
 * More pairs than one trial measured: consecutive trials are joined (their pairs are independent fresh
 * peers of the same arms' settings) and the first `pairs` log ratios of each join are judged. Fewer
 * judged trials result (trials ÷ joined), which the row states.
 */
export function abPooledRatesAt(aa: readonly AbTrial[], ab: readonly AbTrial[], pairs: number, threshold: number, alpha: number): AbRates {
  const perTrial = Math.max(1, aa[0]?.logRatios.length ?? 1);
  const joined = Math.ceil(pairs / perTrial);
  const join = (trials: readonly AbTrial[]): AbTrial[] => {
    const out: AbTrial[] = [];
    for (let i = 0; i + joined <= trials.length; i += joined) {
      const group = trials.slice(i, i + joined);
      out.push({ ...group[0], logRatios: group.flatMap((t) => t.logRatios) });
    }
    return out;
  };
  const rates = abRatesAt(join(aa), join(ab), pairs, threshold, alpha);
  return joined > 1 ? { ...rates, pooledTrials: joined } : rates;
}
