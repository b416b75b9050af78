import { buildReport } from '../../src/report/build';
import { resolveConfig } from '../../src/config';
import { captureEnvironment } from '../../src/measure/environment';
import { summarize } from '../../src/measure/stats';
import type { CompletedResult, Report } from '../../src/types';

/** A valid report with one result of each status, for report writers' tests. */
export function sampleReport(): Report {
  const completed: CompletedResult = {
    transport: 'tcp',
    payloadBytes: 0,
    status: 'completed',
    roundTripsPerSec: summarize([10_000, 11_000, 12_000]),
    messagesPerSec: 22_000,
    mbPerSec: null,
    latencyMicros: { p50: 70, p90: 80, p99: 120, p999: 900, max: 4000, samples: 30_000 },
    handshakeMicros: summarize([400, 500, 600]),
    cpuSeconds: { parent: 0.4, peer: 0.41 },
    labFigure: 27_000,
    noisy: false,
  };
  return buildReport(captureEnvironment(), resolveConfig(), ['tcp', 'ipc', 'udp'], [
    completed,
    { transport: 'ipc', payloadBytes: 0, status: 'errored', error: { name: 'ProtocolError', message: 'ipc: handshake: expected 2, got 3', step: 'handshake' } },
    { transport: 'udp', payloadBytes: 0, status: 'skipped', reason: 'not on this platform' },
  ]);
}
