/** Shared shapes only: no logic lives here. */

/**
 * One end of a message stream, callback-driven so the hot path allocates no Promise per message
 * (PERF-NOTES: an awaited Promise per round trip costs ~10 % on this machine).
 */
export interface Channel {
  /** Sends one protocol value (a non-negative integer). */
  send(value: number): void;
  /** Installs the single consumer of incoming values; replaces any previous one. */
  onMessage(handler: (value: number) => void): void;
  /** Installs the consumer of fatal errors: peer gone, undecodable bytes, oversize frame. */
  onFailure(handler: (error: Error) => void): void;
  /** Test hook: writes bytes that are not a valid message (fault injection); optional per transport. */
  sendGarbage?(): void;
  /**
   * Test hook: announces the longest message the wire can (an over-long line on the line wire; a length
   * prefix of 2^32-1 on a binary wire; a 1 MiB non-number on IPC). Optional per transport.
   */
  sendOverlong?(): void;
  /** Releases the underlying handles. Idempotent. */
  close(): Promise<void>;
}

export interface PeerExit {
  /** Exit status of a process, or exit code of a worker; null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The parent's handle on the other side (a process or a worker). */
export interface PeerHandle {
  /** Settles once the peer is gone, however it went. */
  readonly exited: Promise<PeerExit>;
  /** CPU seconds the peer reported for itself before exiting (undefined if it never did). */
  cpuSeconds(): number | undefined;
  /** Forcibly ends the peer. Safe to call more than once and after exit. */
  kill(): void;
  /** OS process id, if the peer is a process. */
  readonly pid?: number;
  /**
   * OS thread id (Linux tid, from /proc/thread-self in the worker), if the peer is a thread of this
   * process; resolves undefined where it cannot be known or the worker ended first.
   */
  readonly threadId?: Promise<number | undefined>;
}

/**
 * How the two sides of a transport wait for a message, when it is not the default (blocking in the
 * kernel or the event loop): busy-spin burns one CPU per side; hybrid spins up to a budget, then sleeps.
 */
export interface WaitStrategy {
  kind: 'busy-spin' | 'hybrid';
  /** µs a side spins before it sleeps; null = for as long as messages flow (busy-spin). */
  spinBudgetMicros: number | null;
}

/** Faults a peer can be told to commit; used by tests and the hardening matrix, never by default. */
export interface PeerFaults {
  neverReady?: boolean;
  /** Value to answer the handshake with instead of 2. */
  handshakeReply?: number;
  /** At the k-th message after the handshake (1-based), answer x+2 instead of x+1. */
  wrongReplyAt?: number;
  /** At the k-th message after the handshake, exit the process abruptly with status 13. */
  crashAt?: number;
  /** At the k-th message after the handshake, stop answering (stay alive). */
  hangAt?: number;
  /** At the k-th message after the handshake, send undecodable bytes instead of a reply. */
  garbageAt?: number;
  /** At the k-th message after the handshake, send the longest message the wire can announce (see sendOverlong). */
  overlongAt?: number;
  /** At the k-th message after the handshake, send FLOOD_COUNT increasing values without waiting. */
  floodAt?: number;
  /** After the stop message, exit with this status instead of 0. */
  exitStatus?: number;
  /** Busy-spin this many microseconds before every reply after the handshake: a known slowdown for gate tests. */
  spinMicros?: number;
}

export interface OpenOptions {
  /** Milliseconds to wait for the peer's ready signal. */
  readyTimeoutMs: number;
  faults?: PeerFaults;
  /**
   * Payload sweep: when set (0 included), messages use the binary wire (u64 counter + this many payload
   * bytes; length-prefixed frames on byte streams, Buffers on message transports). Unset: the classic
   * wire (a bare counter: newline-delimited decimal on streams, a number message on message transports).
   */
  payloadBytes?: number;
}

/** Which wire a result was measured on: the lab's bare counter, or the payload sweep's binary frames. */
export type Framing = 'classic' | 'binary';

export interface Connection {
  channel: Channel;
  peer: PeerHandle;
}

export interface Transport {
  /** Registry name: 'ipc', 'ipc-advanced', 'tcp', ... */
  readonly name: string;
  /** One line for help text and reports. */
  readonly description: string;
  /** true, or the reason this platform cannot run it. */
  supported(): true | string;
  /** The peer is a thread of this process (--pin split then pins that thread on its own). */
  readonly threadPeer?: boolean;
  /** Set when the sides wait other than by blocking; busy-spin needs two CPUs. */
  readonly waitStrategy?: WaitStrategy;
  /** Starts a fresh peer and resolves once it has signalled ready. */
  open(options: OpenOptions): Promise<Connection>;
  /** true, or why this transport cannot carry `payloadBytes` per message (the result is then skipped). Absent: any size up to the frame limit. */
  payloadSupported?(payloadBytes: number): true | string;
}

export type Step = 'ready' | 'handshake' | 'warmup' | 'round trip' | 'stop' | 'exit';

export interface DrivePlan {
  warmup: number;
  roundTrips: number;
  /** Milliseconds without progress after which a step fails. */
  stepTimeoutMs: number;
  /** Record a latency sample every k-th measured round trip (0 = none). */
  sampleEvery: number;
}

export interface DriveResult {
  handshakeNanos: number;
  /** Wall-clock nanoseconds of the measured round trips only. */
  measuredNanos: number;
  /** hrtime of the first and last measured instant (lets concurrent pairs share one window). */
  measuredFrom: bigint;
  measuredTo: bigint;
  roundTrips: number;
  /** Last value received: the lab's figure divides it by 2. */
  lastValue: number;
  /** Per-round-trip latency samples in nanoseconds. */
  latencyNanos: Float64Array;
}

export interface RunConfig {
  roundTrips: number;
  warmup: number;
  repeats: number;
  readyTimeoutMs: number;
  stepTimeoutMs: number;
  sampleEvery: number;
  /** Payload sweep sizes in bytes (binary wire); absent: the classic wire only. */
  payloadBytes?: number[];
  /** CPU placement asked for (--pin); absent = none. */
  pin?: { mode: 'none' | 'same' | 'split'; parent: number[] | null; peer: number[] | null };
}

export interface Summary {
  median: number;
  mean: number;
  sd: number;
  /** 95 % confidence interval of the mean (Student t). */
  ci95: [number, number];
  /** Coefficient of variation, sd / mean. */
  cv: number;
  runs: number[];
  /** Indices of runs outside Tukey's fences (1.5 IQR); flagged, never dropped. */
  outliers: number[];
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  samples: number;
}

export interface CompletedResult {
  transport: string;
  payloadBytes: number;
  /** Absent in reports written before the payload sweep existed: classic. */
  framing?: Framing;
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

export interface PairsFigure {
  count: number;
  /** N × round trips over one shared wall-clock window, per repeat. */
  aggregateRoundTripsPerSec: Summary;
  /** Median round trips/s of each pair. */
  perPairRoundTripsPerSec: number[];
}

export interface ErroredResult {
  transport: string;
  payloadBytes: number;
  /** Absent in reports written before the payload sweep existed: classic. */
  framing?: Framing;
  status: 'errored';
  error: { name: string; message: string; step?: Step };
}

export interface SkippedResult {
  transport: string;
  payloadBytes: number;
  /** Absent in reports written before the payload sweep existed: classic. */
  framing?: Framing;
  status: 'skipped';
  reason: string;
}

export type BenchResult = CompletedResult | ErroredResult | SkippedResult;

export interface Environment {
  os: string;
  platform: string;
  kernel: string;
  arch: string;
  cpuModel: string;
  cores: number;
  node: string;
  v8: string;
  affinity: number[] | null;
  loadAverage: number[];
  exposeGc: boolean;
  startedAt: string;
  timerCostNanos: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  env: Environment;
  config: RunConfig & { payloadBytes: number[]; transports: string[] };
  results: BenchResult[];
}
