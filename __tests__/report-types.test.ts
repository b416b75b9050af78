import { reportProblems } from '../src/report/schema';
import { FIXTURE_ENV } from './helpers/report-fixture';
import { DEFAULT_CONFIG } from '../src/config';
import type { Report } from '../src/report-types';

/**
 * The report types (src/report-types.ts) against schema/report.schema.json: a report that uses every
 * optional field, typed as Report (so tsc checks the type side), must pass the schema, and breaking any
 * of the fields this contract added must fail it.
 */
const summary = { median: 10, mean: 10, sd: 0, ci95: [10, 10] as [number, number], cv: 0, runs: [10], outliers: [] };

const everyField: Report = {
  schemaVersion: 1,
  tool: { name: 'ipcbench', version: '0.1.0' },
  env: FIXTURE_ENV,
  config: { ...DEFAULT_CONFIG, payloadBytes: [1024], message: 'object', transports: ['ipc', 'json-lines', 'tcp'], pin: { mode: 'none', parent: null, peer: null } },
  results: [
    {
      transport: 'ipc',
      payloadBytes: 1024,
      framing: 'binary',
      message: 'object',
      status: 'completed',
      roundTripsPerSec: summary,
      messagesPerSec: 20,
      mbPerSec: 0.01,
      latencyMicros: { p50: 1, p90: 1, p99: 1, p999: 1, max: 1, samples: 1 },
      handshakeMicros: summary,
      cpuSeconds: { parent: 0.1, peer: null },
      labFigure: 1,
      noisy: false,
      affinity: { parent: [0], peer: null },
    },
    { transport: 'json-lines', payloadBytes: 1024, framing: 'binary', message: 'string', status: 'errored', error: { name: 'PeerFailureError', message: 'x', step: 'ready' } },
    { transport: 'tcp', payloadBytes: 1024, framing: 'binary', message: 'object', status: 'skipped', reason: 'a byte stream carries bytes, not objects' },
  ],
  plugins: [
    { transport: 'json-lines', path: '/home/me/json-lines.js', package: { name: 'mine', version: '1.0.0' } },
    { transport: 'other', path: '/tmp/other.mjs', package: null },
  ],
};

describe('report types ↔ schema/report.schema.json', () => {
  it('a report using every field of the types passes the schema', () => {
    expect(reportProblems(everyField)).toEqual([]);
  });

  it.each([
    ['an unknown message shape', (r: Record<string, any>) => (r.results[0].message = 'xml')],
    ['a plug-in without its path', (r: Record<string, any>) => delete r.plugins[0].path],
    ['a plug-in package without a version', (r: Record<string, any>) => delete r.plugins[0].package.version],
    ['an unknown --message', (r: Record<string, any>) => (r.config.message = 'json')],
  ])('%s fails the schema', (_what, breakIt) => {
    const report = JSON.parse(JSON.stringify(everyField)) as Record<string, any>;
    breakIt(report);
    expect(reportProblems(report).length).toBeGreaterThan(0);
  });
});
