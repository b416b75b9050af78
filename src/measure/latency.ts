import type { Latency } from '../types';

// Loaded on first use (~45 ms of CPU with its inflate library): `ipcbench --help`, compare or a usage
// error measure nothing and should not pay for it.
type Hdr = typeof import('hdr-histogram-js');
let hdr: Hdr | undefined;

/** Accumulates per-round-trip samples (nanoseconds) in an HDR histogram; reports microseconds. */
export class LatencyRecorder {
  private readonly histogram = (hdr ??= require('hdr-histogram-js') as Hdr).build({
    bitBucketSize: 'packed',
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60e9, // one minute in ns: anything slower has already failed the step timeout
    numberOfSignificantValueDigits: 3,
  });

  record(nanos: ArrayLike<number>): void {
    for (let i = 0; i < nanos.length; i++) this.histogram.recordValue(Math.max(1, Math.round(nanos[i])));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): Latency {
    const micros = (q: number): number => this.histogram.getValueAtPercentile(q) / 1000;
    return {
      p50: micros(50),
      p90: micros(90),
      p99: micros(99),
      p999: micros(99.9),
      max: this.histogram.maxValue / 1000,
      samples: this.histogram.totalCount,
    };
  }
}
