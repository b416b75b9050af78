/**
 * The runtime contract between the runner and an opened transport: a value channel, the peer handle,
 * how a transport is opened. Shapes only; no logic lives here. Report shapes are in report-types.ts.
 */

/**
 * One end of the increment protocol's value stream, callback-driven so the hot path allocates no
 * Promise per message (PERF-NOTES: an awaited Promise per round trip costs ~10 % on this machine).
 */
export interface Channel {
  /** Sends one protocol value (a non-negative integer). */
  send(value: number): void;
  /** Installs the single consumer of incoming values; replaces any previous one. */
  onMessage(handler: (value: number) => void): void;
  /** Installs the consumer of the channel's failure (peer gone, undecodable bytes, oversize frame); called at most once. */
  onFailure(handler: (error: Error) => void): void;
  /** Releases the underlying handles. Idempotent. */
  close(): Promise<void>;
  /**
   * Optional: where replies can be waited for synchronously (an End with receiveSync), the function that
   * waits up to `timeoutMs` ms for the next value (undefined: none yet, or the channel failed); from then
   * on every value goes only to it. Undefined where replies arrive by callback only.
   */
  syncReplies?(): ((timeoutMs: number) => number | undefined) | undefined;
  /**
   * Optional, with syncReplies: where the End can run plain round trips itself (End.exchangeSync),
   * `(sent, count, timeoutMs)` → replies checked (each exactly request + 1) and answered, up to
   * `count`; a reply it did not take is left for syncReplies. Undefined where it cannot.
   */
  syncExchange?(): ((sent: number, count: number, timeoutMs: number) => number) | undefined;
  /**
   * Optional, the answering side: where the End can answer synchronously (an End with serveSync), has it
   * answer each value v with `answer(v)` itself from now on (undefined: hand v to onMessage as usual).
   * Returns false, and changes nothing, where it cannot.
   */
  serveSync?(answer: (value: number) => number | undefined): boolean;
}

/** How a peer ended. */
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

/**
 * What one message carries in a payload run: `bytes` (a u64 counter + payload bytes; a string of that
 * size where the transport carries no bytes) or `object` (a JSON-able object of records of about that
 * size, for message transports that carry objects).
 */
export type MessageShape = 'bytes' | 'object';

/** What one payload message actually was, as reports record it. */
export type PayloadMessage = 'bytes' | 'string' | 'object';

/** Options for opening a transport once (one fresh peer). */
export interface OpenOptions {
  /** Milliseconds to wait for the peer's ready signal. */
  readyTimeoutMs: number;
  /**
   * Payload sweep: when set (0 included), messages carry a counter and this many payload bytes.
   * Unset: the classic wire (a bare counter: newline-delimited decimal on streams, a number message).
   */
  payloadBytes?: number;
  /** What a payload message is (default 'bytes'); only with `payloadBytes`. */
  message?: MessageShape;
  /** Aborting it gives up the open and kills the peer. */
  signal?: AbortSignal;
}

/** Which wire a result was measured on: the lab's bare counter, or the payload sweep's binary frames. */
export type Framing = 'classic' | 'binary';

/** An opened transport: the parent's value channel and the peer. */
export interface Connection {
  channel: Channel;
  peer: PeerHandle;
}

/** A transport the runner can measure: made by `defineTransport`, or by hand (e.g. a remote server). */
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
  /** true, or why this transport cannot carry messages of `shape` (then skipped). Absent: 'bytes' only. */
  messageSupported?(shape: MessageShape): true | string;
  /** What one payload message of `shape` is on this transport (e.g. a string where no bytes are carried). Absent: 'bytes'. */
  payloadMessage?(shape: MessageShape): PayloadMessage;
}

/** The phase of a run an error happened in. */
export type Step = 'ready' | 'handshake' | 'warmup' | 'round trip' | 'stop' | 'exit';

export interface DrivePlan {
  warmup: number;
  roundTrips: number;
  /** Milliseconds without progress after which a step fails. */
  stepTimeoutMs: number;
  /** Record a latency sample every k-th measured round trip (0 = none). */
  sampleEvery: number;
}

/** What driving one peer measured: the handshake apart, the measured round trips, their latency samples. */
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
