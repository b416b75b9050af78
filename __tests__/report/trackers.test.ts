import { githubActionBenchmark, bencherMetricFormat, trackerExport } from '../../src/report/trackers';
import { completed, errored, skipped, fixtureReport } from '../helpers/report-fixture';

const ipc = completed('ipc', [14000, 14300, 13900, 14100, 14200]);
const tcp64k = completed('tcp', [900, 950, 920], 65536);
const report = fixtureReport([ipc, tcp64k, errored('udp', 'udp: handshake: expected 2, got 3'), skipped('sab', 'no SharedArrayBuffer')]);

describe('github-action-benchmark customBiggerIsBetter', () => {
  it('is an array of {name, unit, value, range, extra}: round trips/s per result, MB/s when a payload was sent', () => {
    const entries = githubActionBenchmark(report);
    expect(entries.map((e) => [e.name, e.unit, e.value])).toEqual([
      ['ipc · 0 B round trips/s', 'round trips/s', 14100],
      ['tcp · 64 KiB round trips/s', 'round trips/s', 920],
      ['tcp · 64 KiB MB/s', 'MB/s', Number(((920 * 65536) / 1e6).toFixed(3))],
    ]);
    for (const e of entries) {
      expect(Object.keys(e).every((k) => ['name', 'unit', 'value', 'range', 'extra'].includes(k))).toBe(true);
      expect(typeof e.value).toBe('number');
    }
    const half = (ipc.roundTripsPerSec.ci95![1] - ipc.roundTripsPerSec.ci95![0]) / 2;
    expect(entries[0].range).toBe(`± ${Math.round(half)}`);
    expect(entries[0].extra).toMatch(/^median of 5 repeats × 10000 round trips \(1000 warm-up\); 95% CI \d+–\d+; p50 [\d.]+ µs, p99 [\d.]+ µs$/);
  });

  it('leaves out errored and skipped results (no figure to track)', () => {
    expect(githubActionBenchmark(report).some((e) => /udp|sab/.test(e.name))).toBe(false);
  });
});

describe('Bencher Metric Format', () => {
  it('is {"<transport>/<payload>B": {"throughput": {value, lower_value, upper_value}}}', () => {
    const bmf = bencherMetricFormat(report);
    expect(Object.keys(bmf)).toEqual(['ipc/0B', 'tcp/65536B']);
    expect(bmf['ipc/0B']).toEqual({
      throughput: { value: 14100, lower_value: ipc.roundTripsPerSec.ci95![0], upper_value: ipc.roundTripsPerSec.ci95![1] },
    });
    for (const entry of Object.values(bmf)) {
      expect(Object.keys(entry)).toEqual(['throughput']);
      expect(entry.throughput.lower_value!).toBeLessThanOrEqual(entry.throughput.value);
      expect(entry.throughput.upper_value!).toBeGreaterThanOrEqual(entry.throughput.value);
    }
  });

  it('keeps 0 ≤ lower ≤ value ≤ upper for a wild spread, and gives no bounds with too few repeats', () => {
    const wild = bencherMetricFormat(fixtureReport([completed('ipc', [100, 10000, 5000])]))['ipc/0B'].throughput;
    expect(wild.lower_value!).toBeGreaterThan(0);
    expect(wild.lower_value!).toBeLessThanOrEqual(wild.value);
    expect(wild.upper_value!).toBeGreaterThanOrEqual(wild.value);
    const two = bencherMetricFormat(fixtureReport([completed('ipc', [100, 10000])]))['ipc/0B'].throughput;
    expect(two).toEqual({ value: 5050 });
    const [entry] = githubActionBenchmark(fixtureReport([completed('ipc', [100, 10000])]));
    expect(entry.range).toBeUndefined();
    expect(entry.extra).toContain('95% CI none (too few repeats: 2, an interval needs at least 3)');
  });
});

it('trackerExport() serialises either format as JSON text', () => {
  expect(JSON.parse(trackerExport('bencher', report))).toEqual(bencherMetricFormat(report));
  expect(JSON.parse(trackerExport('github-action-benchmark', report))).toEqual(githubActionBenchmark(report));
});
