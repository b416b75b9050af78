import type { Latency } from '../types';

// The packed histogram alone (~5 ms of CPU to load): the package's main entry also loads its WebAssembly
// build (base64) and an inflate library, ~40 ms, for nothing ipcbench uses. Loaded on first use:
// `ipcbench --help`, compare or a usage error measure nothing.
type Packed = typeof import('hdr-histogram-js/dist/PackedHistogram');
let packed: Packed | undefined;

/** What hdr-histogram-js's build({ bitBucketSize: 'packed', ... }) makes, without its main entry. */
function packedHistogram(): InstanceType<Packed['default']> {
  const { default: PackedHistogram } = (packed ??= require('hdr-histogram-js/dist/PackedHistogram') as Packed);
  // lowest 1 ns; highest one minute in ns: anything slower has already failed the step timeout; 3 digits.
  const histogram = new PackedHistogram(1, 60e9, 3);
  histogram.autoResize = true; // as build() sets it
  return histogram;
}

/** Accumulates per-round-trip samples (nanoseconds) in an HDR histogram; reports microseconds. */
export class LatencyRecorder {
  private readonly histogram = packedHistogram();

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
