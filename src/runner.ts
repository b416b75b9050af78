import * as fs from 'node:fs';
import { drive } from './protocol/driver';
import { PeerFailureError, PeerTimeoutError, PeerError } from './protocol/messages';
import { describeExit, peerExitedWords } from './process/exit-words';
import { summarize, median, NOISY_CV } from './measure/stats';
import { LatencyRecorder } from './measure/latency';
import { threadOrProcessCpuSeconds } from './measure/clock';
import { placePeer, twoCpusAvailable } from './measure/pinning';
import { formatBytes } from './measure/units';
import type { BenchResult, CompletedResult, Connection, ErroredResult, DriveResult, Framing, MessageShape, PeerHandle, Placement, RunConfig, Transport } from './types';
import type { FaultableTransport, PeerFaults } from './faults';

/** One repeat with a fresh peer. */
export interface RepeatSample extends DriveResult {
  affinity: Placement;
  /** Round trips from the handshake to the stop: what the CPU figures are divided by (absent: not known, e.g. an older A/B arm). */
  exchanges?: number;
  cpuParent: number;
  cpuPeer: number | undefined;
  roundTripsPerSec: number;
}

/** What the runner tells listeners (console, progress bar); they never compute figures themselves. */
export interface RunnerEvents {
  /** `payloadBytes` is undefined on the classic wire. */
  repeatDone?(transport: string, repeat: number, of: number, sample: RepeatSample, payloadBytes?: number): void;
  result?(result: BenchResult): void;
}

/** What one run (one fresh peer) needs besides the transport. */
export interface RunOnceOptions {
  config: RunConfig;
  /** Payload bytes per message; undefined: the classic wire. */
  payloadBytes?: number;
  /** Test hooks: faults the peer commits. */
  faults?: PeerFaults;
  /** Aborting it ends the run at once and kills its peer; the run then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Opens a fresh peer, drives one run, then requires the peer to exit with status 0 within the step
 * timeout. On any failure the peer is killed before the error propagates: nothing is left running.
 */
export async function runOnce(transport: FaultableTransport, options: RunOnceOptions): Promise<RepeatSample> {
  const { config, payloadBytes, faults, signal } = options;
  signal?.throwIfAborted();
  const message = payloadBytes === undefined ? undefined : config.message;
  const connection = await transport.open({ readyTimeoutMs: config.readyTimeoutMs, payloadBytes, message, signal }, faults);
  return measureConnection(transport.name, connection, config, signal);
}

/** Drives an open connection to the end (stop, clean exit); kills the peer on any failure. */
export async function measureConnection(transport: string, { channel, peer }: Connection, config: RunConfig, signal?: AbortSignal): Promise<RepeatSample> {
  // Cancelled: the peer is killed, so the drive fails at once; the rejection is then the signal's reason.
  const cancel = (): void => peer.kill();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    signal?.throwIfAborted();
    // Pin after the peer is ready and before the handshake is timed; record what the kernel says.
    const affinity = await placePeer(peer, config.pin, config.readyTimeoutMs);
    // The main thread's own CPU: process.cpuUsage() would count a worker peer's thread too.
    const cpuStart = threadOrProcessCpuSeconds();
    const result = await drive(channel, config, transport);
    const cpuParent = threadOrProcessCpuSeconds() - cpuStart;
    await expectCleanExit(peer, transport, config.stepTimeoutMs);
    return {
      ...result,
      affinity,
      exchanges: 1 + config.warmup + result.roundTrips,
      cpuParent,
      cpuPeer: peer.cpuSeconds(),
      roundTripsPerSec: result.roundTrips / (result.measuredNanos / 1e9),
    };
  } catch (error) {
    const explained = await withExitStatus(error, peer);
    signal?.throwIfAborted();
    throw explained;
  } finally {
    signal?.removeEventListener('abort', cancel);
    await channel.close();
  }
}

/**
 * A peer that vanished mid-run usually says why in its exit status: add it, then make sure it is gone.
 * The peer is ended at once, never waited for: a peer whose run failed has nothing left to do. Killing
 * it loses no status — one that had already exited keeps its own (a worker, or a process whose exit was
 * seen first), and the kernel ignores a signal to a process that is already exiting (a stream closes
 * before its process has fully exited) — while a peer still running when the run failed (it sent
 * garbage, answered wrong, timed out) ends by our kill, which explains nothing and is not added.
 */
async function withExitStatus(error: unknown, peer: PeerHandle): Promise<unknown> {
  const endedFirst = await Promise.race([peer.exited, Promise.resolve(undefined)]); // already settled: its value wins the race
  peer.kill();
  const exit = await peer.exited;
  if (!(error instanceof PeerFailureError)) return error;
  // Not ended before the kill: a thread or a remote peer fails its run only after its exit is seen, so
  // its exit now is our kill; a process killed by us ends with SIGKILL, any other status is its own.
  if (!endedFirst && (peer.pid === undefined || exit.signal === 'SIGKILL')) return error;
  // A peer whose exit failed the run (ipc, worker: "peer exited (exit status 13) …") is named already.
  if (error.detail.startsWith(peerExitedWords(exit))) return error;
  return new PeerFailureError(error.transport, error.step, `${error.detail}; the peer ended with ${describeExit(exit)}`);
}

async function expectCleanExit(peer: PeerHandle, transport: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const exit = await Promise.race([peer.exited, timeout]);
  clearTimeout(timer);
  if (exit === 'timeout') throw new PeerTimeoutError(transport, 'exit', 'peer did not exit after the stop message 0', timeoutMs);
  if (exit.code !== 0) throw new PeerFailureError(transport, 'exit', `expected exit status 0 after stop, got ${describeExit(exit)}`);
}

/** What a plan needs besides the transports and the configuration. */
export interface PlanOptions {
  events?: RunnerEvents;
  /** Aborting it stops the plan at once and kills its peers; the plan then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Test hooks: faults every peer commits. */
  faults?: PeerFaults;
  /** How the user set readyTimeoutMs and stepTimeoutMs, for timeout messages (see erroredResult), e.g. "2 s (--timeout)". */
  timeoutWords?: string;
}

/**
 * Runs every transport (× payload size, in the sweep) `repeats` times, interleaved (repeat 1 of each,
 * then repeat 2 of each, ...) so slow drift of the machine spreads over all of them instead of biasing
 * the last one. A transport × size that fails once is reported as errored and not run again; the
 * others go on. Without `config.payloadBytes` the classic wire is measured, once per transport.
 */
export async function runPlan(transports: readonly FaultableTransport[], config: RunConfig, options: PlanOptions = {}): Promise<BenchResult[]> {
  const { events = {}, signal, faults } = options;
  const payloads: Array<number | undefined> = config.payloadBytes ?? [undefined];
  const cells = transports.flatMap((transport) => payloads.map((payloadBytes) => ({ transport, payloadBytes, key: cellKey(transport.name, payloadBytes) })));
  const results = new Map<string, BenchResult>();
  const samples = new Map<string, RepeatSample[]>();
  for (const { transport, payloadBytes, key } of cells) {
    const supported = placeable(transport, config);
    const carried = payloadBytes === undefined ? true : carries(transport, payloadBytes, config.message);
    const reason = supported !== true ? supported : carried !== true ? `${formatBytes(payloadBytes!)} payload: ${carried}` : undefined;
    if (reason !== undefined) results.set(key, { ...cellFields(transport.name, payloadBytes), status: 'skipped', reason });
    else samples.set(key, []);
  }
  for (let repeat = 1; repeat <= config.repeats; repeat++) {
    for (const { transport, payloadBytes, key } of cells) {
      if (results.has(key)) continue;
      globalThis.gc?.(); // collect between repeats, never during one, when --expose-gc is on
      try {
        const sample = await runOnce(transport, { config, payloadBytes, faults, signal });
        samples.get(key)!.push(sample);
        events.repeatDone?.(transport.name, repeat, config.repeats, sample, payloadBytes);
      } catch (error) {
        signal?.throwIfAborted(); // a cancelled plan has no results
        results.set(key, erroredResult(transport.name, error, payloadBytes, options.timeoutWords));
      }
    }
  }
  return cells.map(({ transport, payloadBytes, key }) => {
    const measured = results.get(key) ?? { ...aggregate(transport.name, samples.get(key)!, payloadBytes), ...waitStrategyOf(transport) };
    // In a payload run the report says what one message was (bytes, a string, an object).
    const result = payloadBytes === undefined ? measured : { ...measured, message: transport.payloadMessage?.(config.message ?? 'bytes') ?? 'bytes' };
    events.result?.(result);
    return result;
  });
}

/** transport.supported(), and whether the asked CPU placement can be applied to its peer. */
export function placeable(transport: Transport, config: RunConfig): true | string {
  const supported = transport.supported();
  if (supported !== true) return supported;
  if (transport.waitStrategy?.kind === 'busy-spin') {
    // Both sides must run at once: never on one CPU. --pin split gives each side its own CPU (this
    // process is then pinned to one, which is why the CPU count is not checked there).
    if (config.pin?.mode === 'same') return '--pin same: busy-spinning needs two CPUs (one per side); on one CPU one side would spin while the other cannot run';
    if (config.pin?.mode !== 'split') {
      const two = twoCpusAvailable();
      if (two !== true) return two;
    }
  }
  if (config.pin?.mode === 'split' && transport.threadPeer && !fs.existsSync('/proc/thread-self')) {
    return '--pin split: the peer is a thread of this process and its own thread id is not knowable here (no /proc/thread-self)';
  }
  return true;
}

/** The wait strategy a spinning transport's results record (none for the others). */
export function waitStrategyOf(transport: Transport): Pick<CompletedResult, 'waitStrategy'> {
  return transport.waitStrategy ? { waitStrategy: transport.waitStrategy } : {};
}

/** Whether `transport` can carry payload messages of this size and shape; why not otherwise. */
function carries(transport: Transport, payloadBytes: number, shape: MessageShape = 'bytes'): true | string {
  const size = transport.payloadSupported?.(payloadBytes) ?? true;
  if (size !== true) return size;
  return transport.messageSupported?.(shape) ?? (shape === 'bytes' ? true : `cannot carry --message ${shape}`);
}

function cellKey(transport: string, payloadBytes: number | undefined): string {
  return payloadBytes === undefined ? transport : `${transport}@${payloadBytes}`;
}

/** payloadBytes and framing of a result: the classic wire is recorded as 0 bytes, framing classic. */
export function cellFields(transport: string, payloadBytes: number | undefined): { transport: string; payloadBytes: number; framing: Framing } {
  return { transport, payloadBytes: payloadBytes ?? 0, framing: payloadBytes === undefined ? 'classic' : 'binary' };
}

/** All repeats of one transport (classic wire): a completed, errored or skipped result, never a throw. */
export async function runTransport(transport: FaultableTransport, config: RunConfig, options: PlanOptions = {}): Promise<BenchResult> {
  const [result] = await runPlan([transport], config, options);
  return result;
}

/**
 * A failure as a result. `timeoutWords` is how the user set the ready and step timeouts (e.g. "2 s
 * (--timeout)"): a timeout's message then says that instead of the milliseconds the config counts in.
 */
export function erroredResult(transport: string, error: unknown, payloadBytes?: number, timeoutWords?: string): ErroredResult {
  const err = error instanceof PeerTimeoutError && timeoutWords ? error.inWords(timeoutWords) : error instanceof Error ? error : new Error(String(error));
  const step = error instanceof PeerError ? error.step : undefined;
  return { ...cellFields(transport, payloadBytes), status: 'errored', error: { name: err.name, message: err.message, step } };
}

/** CPU µs per round trip of each side (median over the repeats), where every repeat knows its round trips. */
function cpuPerRoundTrip(samples: readonly RepeatSample[]): Pick<CompletedResult, 'cpuMicrosPerRoundTrip'> {
  if (!samples.every((s) => s.exchanges)) return {};
  const perRoundTrip = (seconds: number, s: RepeatSample): number => (seconds / s.exchanges!) * 1e6;
  const peerKnown = samples.every((s) => s.cpuPeer !== undefined);
  return {
    cpuMicrosPerRoundTrip: {
      parent: median(samples.map((s) => perRoundTrip(s.cpuParent, s))),
      peer: peerKnown ? median(samples.map((s) => perRoundTrip(s.cpuPeer!, s))) : null,
    },
  };
}

/** Figures across repeats: medians and CIs from the per-repeat values, percentiles from all raw samples. */
export function aggregate(transport: string, samples: readonly RepeatSample[], payloadBytes?: number): CompletedResult {
  const latency = new LatencyRecorder();
  for (const sample of samples) latency.record(sample.latencyNanos);
  const rate = summarize(samples.map((s) => s.roundTripsPerSec));
  const peerCpu = samples.map((s) => s.cpuPeer).filter((c): c is number => c !== undefined);
  return {
    ...cellFields(transport, payloadBytes),
    status: 'completed',
    roundTripsPerSec: rate,
    messagesPerSec: rate.median * 2,
    // Payload bytes one way (the replies carry none) per second, in decimal MB.
    mbPerSec: payloadBytes ? (rate.median * payloadBytes) / 1e6 : null,
    latencyMicros: latency.summary(),
    handshakeMicros: summarize(samples.map((s) => s.handshakeNanos / 1000)),
    cpuSeconds: {
      parent: median(samples.map((s) => s.cpuParent)),
      peer: peerCpu.length === samples.length ? median(peerCpu) : null,
    },
    ...cpuPerRoundTrip(samples),
    labFigure: median(samples.map((s) => s.lastValue / 2 / s.cpuParent)),
    noisy: rate.cv > NOISY_CV,
    affinity: samples[0].affinity,
  };
}
