import type { Latency } from '../types';

// One HDR histogram module alone (~5 ms of CPU to load): the package's main entry also loads its
// WebAssembly build (base64) and an inflate library, ~40 ms, for nothing ipcbench uses. Loaded on first
// use: `ipcbench --help`, compare or a usage error measure nothing.
// Float64 counts, not 'packed': the same buckets and so the same percentiles, but reading percentiles from
// a packed array took ~10 ms of CPU per result (200 samples); the flat array (~220 KB for the one-minute
// range, counts exact to 2^53) takes under 1 ms.
type Float64 = typeof import('hdr-histogram-js/dist/Float64Histogram');
let float64: Float64 | undefined;

/** What hdr-histogram-js's build({ bitBucketSize: 64, ... }) makes, without its main entry. */
function histogram(): InstanceType<Float64['default']> {
  const { default: Float64Histogram } = (float64 ??= require('hdr-histogram-js/dist/Float64Histogram') as Float64);
  // lowest 1 ns; highest one minute in ns: anything slower has already failed the step timeout; 3 digits.
  const made = new Float64Histogram(1, 60e9, 3);
  made.autoResize = true; // as build() sets it
  return made;
}

/** Accumulates per-round-trip samples (nanoseconds) in an HDR histogram; reports microseconds. */
export class LatencyRecorder {
  private readonly histogram = histogram();

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
