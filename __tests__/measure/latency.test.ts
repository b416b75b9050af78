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
});
