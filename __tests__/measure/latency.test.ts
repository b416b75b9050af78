import { LatencyRecorder } from '../../src/measure/latency';

describe('LatencyRecorder', () => {
  it('reports percentiles in microseconds from raw nanosecond samples', () => {
    const recorder = new LatencyRecorder();
    // 1..1000 µs, one sample each
    recorder.record(Float64Array.from({ length: 1000 }, (_, i) => (i + 1) * 1000));
    const s = recorder.summary();
    expect(s.samples).toBe(1000);
    expect(s.p50).toBeCloseTo(500, -1);
    expect(s.p90).toBeCloseTo(900, -1);
    expect(s.p99).toBeCloseTo(990, -1);
    expect(s.max).toBeCloseTo(1000, -1);
    expect(s.p50).toBeLessThanOrEqual(s.p90);
    expect(s.p99).toBeLessThanOrEqual(s.p999);
  });

  it('accumulates across repeats', () => {
    const recorder = new LatencyRecorder();
    recorder.record([1000, 2000]);
    recorder.record([3000]);
    expect(recorder.count).toBe(3);
  });

  it('gives the same figures as the package entry\'s build() of a packed histogram (the storage differs, not the buckets)', () => {
    const { build } = require('hdr-histogram-js') as typeof import('hdr-histogram-js');
    let seed = 3;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const sets = [[1, 59e9, 61e9, 1e12], [0.2, 0.7, 1.4], Array.from({ length: 5000 }, () => Math.exp(random() * 30)), Array.from({ length: 3000 }, () => 20_000 + random() * 1e5)];
    for (const nanos of sets) {
      const reference = build({ bitBucketSize: 'packed', lowestDiscernibleValue: 1, highestTrackableValue: 60e9, numberOfSignificantValueDigits: 3 });
      for (const x of nanos) reference.recordValue(Math.max(1, Math.round(x)));
      const recorder = new LatencyRecorder();
      recorder.record(nanos);
      const at = (q: number): number => reference.getValueAtPercentile(q) / 1000;
      expect(recorder.summary()).toEqual({ p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: reference.maxValue / 1000, samples: reference.totalCount });
    }
  });
});
