import * as path from 'node:path';
import { allTransports } from '../../src/transports';
import { runTransport } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { captureEnvironment } from '../../src/measure/environment';
import { formatBytes } from '../../src/measure/units';
import { buildReport } from '../../src/report/build';
import { writeJsonReport } from '../../src/report/json';
import { livePeerCount } from '../../src/transports/peer-process';
import type { BenchResult } from '../../src/types';

/**
 * The payload sweep as benchmark cases: one test per transport × payload size on the binary wire, so
 * JUnit views list each cell and a cell that errored fails by name. Full mode (npm run bench): every
 * transport at 0 B, 1 KiB and 64 KiB. Quick mode (npm test) proves the path on ipc-advanced and tcp at 1 KiB
 * (the contract suite already checks payloads on every transport). Results: reports/bench-payload.json.
 */
const full = process.env.IPCBENCH_BENCH === 'full';
const sizes = full ? [0, 1024, 65536] : [1024];
const transports = allTransports().filter((t) => full || ['ipc-advanced', 'tcp'].includes(t.name));
const base = full ? resolveConfig({}) : resolveConfig({ roundTrips: 200, warmup: 50, repeats: 2 });
const REPORT = path.join(__dirname, '..', '..', 'reports', 'bench-payload.json');
const env = captureEnvironment();
const results: BenchResult[] = [];

jest.setTimeout(full ? 600_000 : 30_000);

const cells = transports.flatMap((t) => sizes.map((size) => [`${t.name} · ${formatBytes(size)}`, t, size] as const));

describe(`payload sweep (${full ? 'full' : 'quick'}: ${base.roundTrips} round trips × ${base.repeats} repeats)`, () => {
  it.each(cells)('%s: completes on the binary wire (fails if the result errored), round trips/s > 0, MB/s > 0 with a payload', async (_name, transport, size) => {
    const result = await runTransport(transport, resolveConfig({ ...base, payloadBytes: [size] }));
    results.push(result);
    if (result.status === 'errored') throw new Error(result.error.message);
    if (result.status === 'skipped') {
      expect(result.reason).toMatch(/\S/); // this transport cannot carry the size: reported with its reason
      return;
    }
    expect(result.payloadBytes).toBe(size);
    expect(result.roundTripsPerSec.median).toBeGreaterThan(0);
    if (size > 0) expect(result.mbPerSec).toBeGreaterThan(0);
  });

  afterAll(() => {
    if (results.length > 0) writeJsonReport(REPORT, buildReport(env, base, transports.map((t) => t.name), results, sizes));
    expect(livePeerCount()).toBe(0);
  });
});
