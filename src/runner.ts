import { drive } from './protocol/driver';
import { PeerFailureError, PeerTimeoutError, IpcBenchError } from './protocol/messages';
import { describeExit } from './transports/peer-process';
import { summarize, median, NOISY_CV } from './measure/stats';
import { LatencyRecorder } from './measure/latency';
import { cpuSecondsSince } from './measure/clock';
import type { BenchResult, DriveResult, PeerFaults, PeerHandle, RunConfig, Transport } from './types';

/** One repeat with a fresh peer. */
export interface RepeatSample extends DriveResult {
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
  const { channel, peer } = await transport.open({ readyTimeoutMs: config.readyTimeoutMs, faults });
  try {
    const cpuStart = process.cpuUsage();
    const result = await drive(channel, config, transport.name);
    const cpuParent = cpuSecondsSince(cpuStart);
    await expectCleanExit(peer, transport.name, config.stepTimeoutMs);
    return {
      ...result,
      cpuParent,
      cpuPeer: peer.cpuSeconds(),
      roundTripsPerSec: result.roundTrips / (result.measuredNanos / 1e9),
    };
  } catch (error) {
    peer.kill();
    await peer.exited;
    throw error;
  } finally {
    await channel.close();
  }
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

/** All repeats of one transport: a completed, errored or skipped result, never a throw. */
export async function runTransport(
  transport: Transport,
  config: RunConfig,
  events: RunnerEvents = {},
  faults?: PeerFaults,
): Promise<BenchResult> {
  const base = { transport: transport.name, payloadBytes: 0 };
  const supported = transport.supported();
  if (supported !== true) return emit(events, { ...base, status: 'skipped', reason: supported });
  const samples: RepeatSample[] = [];
  const latency = new LatencyRecorder();
  try {
    for (let repeat = 1; repeat <= config.repeats; repeat++) {
      globalThis.gc?.(); // collect between repeats, not during one, when --expose-gc is on
      const sample = await runOnce(transport, config, faults);
      latency.record(sample.latencyNanos);
      samples.push(sample);
      events.repeatDone?.(transport.name, repeat, config.repeats, sample);
    }
  } catch (error) {
    const err = error as Error;
    const step = error instanceof IpcBenchError ? error.step : undefined;
    return emit(events, { ...base, status: 'errored', error: { name: err.name, message: err.message, step } });
  }
  const rate = summarize(samples.map((s) => s.roundTripsPerSec));
  const peerCpu = samples.map((s) => s.cpuPeer).filter((c): c is number => c !== undefined);
  return emit(events, {
    ...base,
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
  });
}

function emit(events: RunnerEvents, result: BenchResult): BenchResult {
  events.result?.(result);
  return result;
}
