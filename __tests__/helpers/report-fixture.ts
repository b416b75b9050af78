import { summarize } from '../../src/measure/stats';
import { buildReport } from '../../src/report/build';
import { DEFAULT_CONFIG } from '../../src/config';
import type { BenchResult, CompletedResult, Environment, Report } from '../../src/types';

/** A fixed, valid environment so fixture reports pass the schema. */
export const FIXTURE_ENV: Environment = {
  os: 'Linux test',
  platform: 'linux',
  kernel: '6.1.0',
  arch: 'x64',
  cpuModel: 'Test CPU @ 2.0GHz',
  cores: 2,
  node: 'v20.20.0',
  v8: '11.3',
  affinity: [0, 1],
  loadAverage: [0.5, 0.4, 0.3],
  exposeGc: false,
  startedAt: '2026-11-25T12:00:00.000Z',
  timerCostNanos: 40,
  runtime: { name: 'node', version: '20.20.0', executable: '/usr/bin/node' },
};

/** A completed result whose figures are computed from `runs` exactly as the runner would. */
export function completed(transport: string, runs: number[], payloadBytes = 0): CompletedResult {
  const rate = summarize(runs);
  return {
    transport,
    payloadBytes,
    status: 'completed',
    roundTripsPerSec: rate,
    messagesPerSec: rate.median * 2,
    mbPerSec: payloadBytes > 0 ? (rate.median * payloadBytes) / 1e6 : null,
    latencyMicros: { p50: 1e6 / rate.median, p90: 1.2e6 / rate.median, p99: 2e6 / rate.median, p999: 4e6 / rate.median, max: 9e6 / rate.median, samples: 1000 * runs.length },
    handshakeMicros: summarize(runs.map(() => 150)),
    cpuSeconds: { parent: 0.5, peer: 0.4 },
    labFigure: rate.median * 1.3,
    noisy: rate.cv > 0.1,
  };
}

export function errored(transport: string, message: string, payloadBytes = 0): BenchResult {
  return { transport, payloadBytes, status: 'errored', error: { name: 'PeerFailureError', message, step: 'round trip' } };
}

export function skipped(transport: string, reason: string, payloadBytes = 0): BenchResult {
  return { transport, payloadBytes, status: 'skipped', reason };
}

export function fixtureReport(results: BenchResult[]): Report {
  const transports = [...new Set(results.map((r) => r.transport))];
  const payloads = [...new Set(results.map((r) => r.payloadBytes))];
  return buildReport(FIXTURE_ENV, DEFAULT_CONFIG, transports, results, payloads);
}

/** Runs scaled by `factor`: a doctored current report. */
export function scaled(result: CompletedResult, factor: number): CompletedResult {
  return completed(result.transport, result.roundTripsPerSec.runs.map((v) => v * factor), result.payloadBytes);
}
