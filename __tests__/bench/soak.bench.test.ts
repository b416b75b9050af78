import * as fs from 'node:fs';
import * as path from 'node:path';
import { getTransport } from '../../src/transports';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { livePeerCount } from '../../src/transports/peer-process';

/**
 * Soak: one long run per transport (1,000,000 round trips with IPCBENCH_BENCH=full, 10,000 in quick
 * mode) while RSS of both processes is sampled. After warm-up the resident set must stay within a
 * bound: a leak per message (a listener, a buffer, a Promise) would grow it linearly. The growth is
 * written to reports/soak.json.
 */
const full = process.env.IPCBENCH_BENCH === 'full';
const ROUND_TRIPS = full ? 1_000_000 : 10_000;
/** Allowed RSS growth after warm-up, per process. Generous: GC timing alone moves RSS by a few MiB. */
const BOUND_MIB = full ? 48 : 64;
const SAMPLE_MS = 50;
const REPORT = path.join(__dirname, '..', '..', 'reports', 'soak.json');

jest.setTimeout(full ? 900_000 : 60_000);

function peerRssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kib ? Number(kib[1]) * 1024 : undefined;
  } catch {
    return undefined; // not Linux, or the peer has just exited
  }
}

const MIB = 1024 * 1024;
const findings: Record<string, unknown> = {};

afterAll(() => {
  expect(livePeerCount()).toBe(0);
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, `${JSON.stringify({ mode: full ? 'full' : 'quick', roundTrips: ROUND_TRIPS, boundMiB: BOUND_MIB, results: findings }, null, 2)}\n`);
});

describe(`soak (${full ? 'full' : 'quick'}: ${ROUND_TRIPS.toLocaleString('en-US')} round trips per transport)`, () => {
  it.each(['tcp', 'ipc'])('%s: RSS of parent and peer stays within the bound after warm-up', async (name) => {
    const transport = getTransport(name);
    // Sample latency rarely: the samples array is sized by roundTrips / sampleEvery and is not a leak.
    const config = resolveConfig({ roundTrips: ROUND_TRIPS, warmup: Math.round(ROUND_TRIPS / 10), repeats: 1, sampleEvery: 1000, stepTimeoutMs: 10_000 });
    const parent: number[] = [];
    const peer: number[] = [];
    let peerPid: number | undefined;
    const spy = jest.spyOn(transport, 'open');
    spy.mockImplementation(async (options) => {
      spy.mockRestore();
      const connection = await transport.open(options);
      peerPid = connection.peer.pid;
      return connection;
    });
    globalThis.gc?.();
    const sampler = setInterval(() => {
      parent.push(process.memoryUsage.rss());
      const rss = peerRssBytes(peerPid);
      if (rss !== undefined) peer.push(rss);
    }, SAMPLE_MS);
    const started = Date.now();
    const sample = await runOnce(transport, { config }).finally(() => clearInterval(sampler));
    const seconds = (Date.now() - started) / 1000;
    expect(sample.roundTrips).toBe(ROUND_TRIPS);
    // Baseline: the highest RSS in the first fifth of the run (warm-up is the first tenth of the round trips).
    const growth = (series: number[]): number | null => {
      if (series.length < 5) return null;
      const head = series.slice(0, Math.max(1, Math.floor(series.length / 5)));
      return (Math.max(...series.slice(head.length)) - Math.max(...head)) / MIB;
    };
    const result = {
      seconds,
      roundTripsPerSec: Math.round(sample.roundTripsPerSec),
      samples: parent.length,
      parentRssMiB: { start: parent[0] / MIB, end: parent.at(-1)! / MIB, growthAfterWarmup: growth(parent) },
      peerRssMiB: peer.length ? { start: peer[0] / MIB, end: peer.at(-1)! / MIB, growthAfterWarmup: growth(peer) } : null,
    };
    findings[name] = result;
    console.log(`soak ${name}: ${JSON.stringify(result)}`);
    if (result.parentRssMiB.growthAfterWarmup !== null) expect(result.parentRssMiB.growthAfterWarmup).toBeLessThan(BOUND_MIB);
    if (result.peerRssMiB?.growthAfterWarmup != null) expect(result.peerRssMiB.growthAfterWarmup).toBeLessThan(BOUND_MIB);
  });
});
