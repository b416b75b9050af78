/** Shapes of a report (checked against schema/report.schema.json by __tests__/report-types.test.ts). */
import type { Framing, MessageShape, PayloadMessage, Step, WaitStrategy } from './runtime-types';
import type { Runtime } from './measure/runtime';

/** How a plan is measured (the report records it under `config`). */
export interface RunConfig {
  roundTrips: number;
  warmup: number;
  repeats: number;
  readyTimeoutMs: number;
  stepTimeoutMs: number;
  sampleEvery: number;
  /** Payload sweep sizes in bytes (binary wire); absent: the classic wire only. */
  payloadBytes?: number[];
  /** What a payload message is (--message); absent: bytes. */
  message?: MessageShape;
  /** Spin budgets of the sab-hybrid sweep (--spin-budget), µs; absent: sab-hybrid at its default. */
  spinBudgetMicros?: number[];
  /** CPU placement asked for (--pin); absent = none. */
  pin?: { mode: 'none' | 'same' | 'split'; parent: number[] | null; peer: number[] | null };
}

/** A figure over the repeats: median, mean, sd, 95 % CI, CV, every run, flagged outliers. */
export interface Summary {
  median: number;
  mean: number;
  sd: number;
  /**
   * 95 % confidence interval on the log scale (Student t on ln x, mapped back: the interval of the
   * geometric mean, never below zero); null with too few repeats, and ci95Reason says why.
   */
  ci95: [number, number] | null;
  /** Why ci95 is null ("too few repeats: 2, an interval needs at least 3"). */
  ci95Reason?: string;
  /** Coefficient of variation, sd / mean. */
  cv: number;
  runs: number[];
  /** Indices of runs outside Tukey's fences (1.5 IQR); flagged, never dropped. */
  outliers: number[];
}

/** Latency percentiles of single round trips in µs, and how many samples they come from. */
export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  samples: number;
}

/** A transport × payload that ran every repeat: its figures. */
export interface CompletedResult {
  transport: string;
  payloadBytes: number;
  /** Absent in reports written before the payload sweep existed: classic. */
  framing?: Framing;
  /** What one payload message was (payload runs only). */
  message?: PayloadMessage;
  status: 'completed';
  roundTripsPerSec: Summary;
  /** Two messages per round trip. */
  messagesPerSec: number;
  /** Payload bytes carried one way per second / 1e6 (decimal MB); null when there is no payload. */
  mbPerSec: number | null;
  latencyMicros: Latency;
  handshakeMicros: Summary;
  /** CPU seconds from the handshake to the stop message: the parent's main thread, the peer process or peer thread. */
  cpuSeconds: { parent: number; peer: number | null };
  /** The same per round trip (handshake + warm-up + measured), in µs: what each side burns to go this fast. */
  cpuMicrosPerRoundTrip?: { parent: number; peer: number | null };
  /** Present for transports that spin (sab-spin, sab-hybrid): how the sides waited. */
  waitStrategy?: WaitStrategy;
  /** The lab's own figure (last value / 2 / CPU seconds of the parent), labelled, never instead of the above. */
  labFigure: number;
  noisy: boolean;
  /** CPUs each side was allowed to run on, read from /proc during the first repeat (null: not knowable). */
  affinity?: Placement;
  /** Present when N pairs ran at once (--pairs); roundTripsPerSec is then per pair. */
  pairs?: PairsFigure;
}

/**
 * What the kernel reports (Cpus_allowed_list) for the parent's main thread and for the peer: its
 * process, or — for a thread peer — its own thread (/proc/<pid>/task/<tid>/status).
 */
export interface Placement {
  parent: number[] | null;
  peer: number[] | null;
  /** The peer's OS thread id when the peer is a thread of this process. */
  peerThreadId?: number;
}

/** The figures of N concurrent pairs (`--pairs`). */
export interface PairsFigure {
  count: number;
  /** N × round trips over one shared wall-clock window, per repeat. */
  aggregateRoundTripsPerSec: Summary;
  /** Median round trips/s of each pair. */
  perPairRoundTripsPerSec: number[];
}

/** A transport × payload that failed: what went wrong, and in which step. */
export interface ErroredResult {
  transport: string;
  payloadBytes: number;
  /** Absent in reports written before the payload sweep existed: classic. */
  framing?: Framing;
  /** What one payload message was (payload runs only). */
  message?: PayloadMessage;
  status: 'errored';
  error: { name: string; message: string; step?: Step };
}

/** A transport × payload that was not run here, and why. */
export interface SkippedResult {
  transport: string;
  payloadBytes: number;
  /** Absent in reports written before the payload sweep existed: classic. */
  framing?: Framing;
  /** What one payload message was (payload runs only). */
  message?: PayloadMessage;
  status: 'skipped';
  reason: string;
}

/** One result per transport × payload, tagged by `status`. */
export type BenchResult = CompletedResult | ErroredResult | SkippedResult;

/** The machine and runtime a report was measured on. */
export interface Environment {
  os: string;
  platform: string;
  kernel: string;
  arch: string;
  cpuModel: string;
  /** The machine's logical CPUs (online), whatever the run may use: that is `affinity`. */
  cores: number;
  node: string;
  v8: string;
  /** The CPUs the measuring process may run on (Linux; after --pin), null where the platform does not tell. */
  affinity: number[] | null;
  loadAverage: number[];
  exposeGc: boolean;
  startedAt: string;
  timerCostNanos: number;
  /** The JavaScript runtime (node, bun, deno) of the parent side; absent in reports written before it was recorded. */
  runtime?: Runtime;
}

/** How a run was set up beyond RunConfig, recorded in the report when it applies. */
export interface RunSetup {
  /** Independent ping-pong pairs measured at once (--pairs), when more than 1. */
  pairs?: number;
  /** host:port of the `ipcbench serve` that answered (--connect). Never the token. */
  remote?: string;
}

/** One run: what `run()` resolves with and `ipcbench run --json` writes (schemaVersion 1, schema/report.schema.json). */
export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  env: Environment;
  config: RunConfig & { payloadBytes: number[]; transports: string[] } & RunSetup;
  results: BenchResult[];
  /** Plug-in transports measured (-t ./module.js): which module each came from. */
  plugins?: PluginSource[];
}

/** Which module a plug-in transport came from. */
export interface PluginSource {
  transport: string;
  /** Absolute path of the module file. */
  path: string;
  /** name and version from the nearest package.json above the module; null when there is none. */
  package: { name: string; version: string } | null;
}
