import * as path from 'node:path';
import { allTransports } from '../../src/transports';
import { runTransport } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { captureEnvironment } from '../../src/measure/environment';
import { buildReport } from '../../src/report/build';
import { writeJsonReport, readJsonReport } from '../../src/report/json';
import { livePeerCount } from '../../src/transports/peer-process';
import { benchmarkJs, type BenchmarkJsFigure } from './benchmark-js';
import type { BenchResult } from '../../src/types';

/**
 * The benchmark path, end to end: the harness's own runner plus benchmark.js as a cross-check, for
 * every registered transport; results go to reports/bench.json (validated, written atomically).
 * `npm test` runs it quick (tiny counts: it proves the path works); `npm run bench` runs it full.
 */
const full = process.env.IPCBENCH_BENCH === 'full';
const config = full
  ? resolveConfig({})
  : resolveConfig({ roundTrips: 500, warmup: 100, repeats: 2 });
const benchJs = full ? { batch: 1000, maxTime: 3, minSamples: 10 } : { batch: 50, maxTime: 0.05, minSamples: 2 };
const REPORT = path.join(__dirname, '..', '..', 'reports', 'bench.json');

const env = captureEnvironment();
const results: Array<BenchResult & { benchmarkJs?: BenchmarkJsFigure }> = [];
const transports = allTransports();

jest.setTimeout(full ? 600_000 : 30_000);

describe(`benchmark (${full ? 'full' : 'quick'}: ${config.roundTrips} round trips × ${config.repeats} repeats)`, () => {
  describe.each(transports.map((t) => [t.name, t] as const))('%s', (name, transport) => {
    it(`${name} · 0 B: harness run completes (fails if the result errored), every reply checked, round trips/s > 0`, async () => {
      const result = await runTransport(transport, config);
      results.push(result);
      if (result.status === 'errored') throw new Error(result.error.message);
      if (result.status === 'skipped') return; // reported with its reason, nothing to assert
      expect(result.roundTripsPerSec.median).toBeGreaterThan(0);
      expect(result.roundTripsPerSec.runs).toHaveLength(config.repeats);
      expect(result.latencyMicros.samples).toBe(Math.floor(config.roundTrips / config.sampleEvery) * config.repeats);
      expect(result.latencyMicros.p50).toBeGreaterThan(0);
      expect(result.latencyMicros.p99).toBeGreaterThanOrEqual(result.latencyMicros.p50);
      expect(result.cpuSeconds.parent).toBeGreaterThan(0);
    });

    it(`${name} · 0 B: benchmark.js cross-check measures a positive rate`, async () => {
      const figure = await benchmarkJs(transport, benchJs.batch, benchJs.maxTime, benchJs.minSamples);
      expect(figure.roundTripsPerSec).toBeGreaterThan(0);
      expect(figure.samples).toBeGreaterThanOrEqual(benchJs.minSamples);
      const result = results.find((r) => r.transport === name);
      if (result) result.benchmarkJs = figure;
    });
  });

  it('writes reports/bench.json: valid schemaVersion 1 report with the environment and every transport', () => {
    const report = buildReport(env, config, transports.map((t) => t.name), results);
    writeJsonReport(REPORT, report);
    const written = readJsonReport(REPORT);
    expect(written.env.cores).toBeGreaterThan(0);
    expect(written.results.map((r) => r.transport)).toEqual(transports.map((t) => t.name));
    for (const r of written.results) if (r.status === 'completed') expect(r.roundTripsPerSec.median).toBeGreaterThan(0);
  });

  afterAll(() => {
    expect(livePeerCount()).toBe(0);
  });
});
