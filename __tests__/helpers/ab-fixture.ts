import { judgeAb } from '../../src/ab/analysis';
import { buildAbReport, type AbReport } from '../../src/report/ab-json';
import { DEFAULT_GATE } from '../../src/gate';
import { completed, fixtureReport } from './report-fixture';
import type { CellOutcome, MeasuredPair } from '../../src/ab/interleave';

/** An A/B report from per-cell (a, b) rate pairs, built as `ab` builds it (the figures are the fixture's). */
export function abFixture(cells: Array<{ transport: string; payloadBytes?: number; pairs: Array<[number, number]> }>): AbReport {
  const outcomes: CellOutcome[] = cells.map(({ transport, payloadBytes, pairs }) => {
    const measured: MeasuredPair[] = pairs.map(([a, b], i) => ({ index: i + 1, order: i % 2 === 0 ? 'AB' : 'BA', a, b, atMs: 500 * (i + 1) }));
    return {
      transport,
      payloadBytes,
      pairs: measured,
      a: completed(transport, pairs.map((p) => p[0]), payloadBytes ?? 0),
      b: completed(transport, pairs.map((p) => p[1]), payloadBytes ?? 0),
    };
  });
  const verdicts = judgeAb(outcomes, DEFAULT_GATE);
  const arm = (side: 'a' | 'b') => fixtureReport(outcomes.map((o) => o[side]));
  const plan = { transports: [...new Set(cells.map((c) => c.transport))], payloadBytes: null, pairs: Math.max(...cells.map((c) => c.pairs.length)), roundTrips: 10_000, warmup: 1_000, sampleEvery: 8 };
  return buildAbReport(verdicts, plan, { a: { command: 'node ../base/dist/cli.js', report: arm('a') }, b: { command: 'node dist/cli.js', report: arm('b') } }, []);
}
