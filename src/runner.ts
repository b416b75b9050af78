import { drive } from './protocol/driver';
import { PeerFailureError, PeerTimeoutError, IpcBenchError } from './protocol/messages';
import { describeExit } from './transports/peer-process';
import { summarize, median, NOISY_CV } from './measure/stats';
import { LatencyRecorder } from './measure/latency';
import { cpuSecondsSince } from './measure/clock';
import { cpuAffinity } from './measure/environment';
import { setAffinity } from './measure/pinning';
import type { BenchResult, CompletedResult, Connection, ErroredResult, DriveResult, PeerFaults, PeerHandle, RunConfig, Transport } from './types';

/** One repeat with a fresh peer. */
export interface RepeatSample extends DriveResult {
  affinity: { parent: number[] | null; peer: number[] | null };
  cpuParent: number;
  cpuPeer: number | undefined;
  roundTripsPerSec: number;
}

/** What the runner tells listeners (console, progress bar); they never compute figures themselves. */
export interface RunnerEvents {
  repeatDone?(transport: string, repeat: number, of: number, sample: RepeatSample): void;
  result?(result: BenchResult): void;
}

/**
 * Opens a fresh peer, drives one run, then requires the peer to exit with status 0 within the step
 * timeout. On any failure the peer is killed before the error propagates: nothing is left running.
 */
export async function runOnce(transport: Transport, config: RunConfig, faults?: PeerFaults): Promise<RepeatSample> {
  const connection = await transport.open({ readyTimeoutMs: config.readyTimeoutMs, faults });
  return measureConnection(transport.name, connection, config);
}

/** Drives an open connection to the end (stop, clean exit); kills the peer on any failure. */
export async function measureConnection(transport: string, { channel, peer }: Connection, config: RunConfig): Promise<RepeatSample> {
  try {
    // Pin after the peer is ready and before the handshake is timed; record what the kernel says.
    if (config.pin?.peer && peer.pid) setAffinity(peer.pid, config.pin.peer);
    const affinity = { parent: cpuAffinity(), peer: peer.pid ? cpuAffinity(peer.pid) : null };
    const cpuStart = process.cpuUsage();
    const result = await drive(channel, config, transport);
    const cpuParent = cpuSecondsSince(cpuStart);
    await expectCleanExit(peer, transport, config.stepTimeoutMs);
    return {
      ...result,
      affinity,
      cpuParent,
      cpuPeer: peer.cpuSeconds(),
      roundTripsPerSec: result.roundTrips / (result.measuredNanos / 1e9),
    };
  } catch (error) {
    throw await withExitStatus(error, peer);
  } finally {
    await channel.close();
  }
}

/** A peer that vanished mid-run usually says why in its exit status: add it, then make sure it is gone. */
async function withExitStatus(error: unknown, peer: PeerHandle): Promise<unknown> {
  const exit = await Promise.race([peer.exited, delay(300)]);
  peer.kill();
  await peer.exited;
  if (!(error instanceof PeerFailureError) || !exit) return error;
  return new PeerFailureError(error.transport, error.step, `${error.detail}; the peer ended with ${describeExit(exit)}`);
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
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

/**
 * Runs every transport `repeats` times, interleaved (repeat 1 of each, then repeat 2 of each, ...) so
 * slow drift of the machine spreads over all transports instead of biasing the last one. A transport
 * that fails once is reported as errored and not run again; the others go on.
 */
export async function runPlan(
  transports: readonly Transport[],
  config: RunConfig,
  events: RunnerEvents = {},
  faults?: PeerFaults,
): Promise<BenchResult[]> {
  const results = new Map<string, BenchResult>();
  const samples = new Map<string, RepeatSample[]>();
  for (const transport of transports) {
    const supported = transport.supported();
    if (supported !== true) results.set(transport.name, { transport: transport.name, payloadBytes: 0, status: 'skipped', reason: supported });
    else samples.set(transport.name, []);
  }
  for (let repeat = 1; repeat <= config.repeats; repeat++) {
    for (const transport of transports) {
      if (results.has(transport.name)) continue;
      globalThis.gc?.(); // collect between repeats, never during one, when --expose-gc is on
      try {
        const sample = await runOnce(transport, config, faults);
        samples.get(transport.name)!.push(sample);
        events.repeatDone?.(transport.name, repeat, config.repeats, sample);
      } catch (error) {
        results.set(transport.name, erroredResult(transport.name, error));
      }
    }
  }
  return transports.map((transport) => {
    const result = results.get(transport.name) ?? aggregate(transport.name, samples.get(transport.name)!);
    events.result?.(result);
    return result;
  });
}

/** All repeats of one transport: a completed, errored or skipped result, never a throw. */
export async function runTransport(
  transport: Transport,
  config: RunConfig,
  events: RunnerEvents = {},
  faults?: PeerFaults,
): Promise<BenchResult> {
  const [result] = await runPlan([transport], config, events, faults);
  return result;
}

function erroredResult(transport: string, error: unknown): ErroredResult {
  const err = error instanceof Error ? error : new Error(String(error));
  const step = error instanceof IpcBenchError ? error.step : undefined;
  return { transport, payloadBytes: 0, status: 'errored', error: { name: err.name, message: err.message, step } };
}

/** Figures across repeats: medians and CIs from the per-repeat values, percentiles from all raw samples. */
export function aggregate(transport: string, samples: readonly RepeatSample[]): CompletedResult {
  const latency = new LatencyRecorder();
  for (const sample of samples) latency.record(sample.latencyNanos);
  const rate = summarize(samples.map((s) => s.roundTripsPerSec));
  const peerCpu = samples.map((s) => s.cpuPeer).filter((c): c is number => c !== undefined);
  return {
    transport,
    payloadBytes: 0,
    status: 'completed',
    roundTripsPerSec: rate,
    messagesPerSec: rate.median * 2,
    mbPerSec: null,
    latencyMicros: latency.summary(),
    handshakeMicros: summarize(samples.map((s) => s.handshakeNanos / 1000)),
    cpuSeconds: {
      parent: median(samples.map((s) => s.cpuParent)),
      peer: peerCpu.length === samples.length ? median(peerCpu) : null,
    },
    labFigure: median(samples.map((s) => s.lastValue / 2 / s.cpuParent)),
    noisy: rate.cv > NOISY_CV,
    affinity: samples[0].affinity,
  };
}
