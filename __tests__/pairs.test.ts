import { runPairs } from '../src/pairs';
import { getTransport } from '../src/transports';
import { tcp } from '../src/transports/tcp';
import { resolveConfig } from '../src/config';
import { lingeringChildren } from './helpers/processes';
import type { FaultableTransport } from '../src/faults';
import type { Transport } from '../src/types';

describe('runPairs', () => {
  afterEach(async () => expect(await lingeringChildren()).toEqual([]));

  it('runs N pairs at once and reports aggregate and per-pair round trips/s', async () => {
    const result = await runPairs(getTransport('tcp'), resolveConfig({ roundTrips: 300, warmup: 30, repeats: 2 }), 3);
    expect(result.status).toBe('completed');
    if (result.status !== 'completed') return;
    expect(result.pairs?.count).toBe(3);
    expect(result.pairs?.perPairRoundTripsPerSec).toHaveLength(3);
    expect(result.pairs?.aggregateRoundTripsPerSec.runs).toHaveLength(2);
    expect(result.pairs!.aggregateRoundTripsPerSec.median).toBeGreaterThan(0);
    expect(result.roundTripsPerSec.runs).toHaveLength(6); // every pair of every repeat
  }, 30_000); // six peer starts: slow on a loaded 2-core machine

  it('reports an errored result, and leaves no peer, when one pair cannot open', async () => {
    let opens = 0;
    const flaky: Transport = {
      ...tcp,
      open: (options) => (++opens === 2 ? (tcp as FaultableTransport).open({ ...options, readyTimeoutMs: 200 }, { neverReady: true }) : tcp.open(options)),
    };
    const result = await runPairs(flaky, resolveConfig({ roundTrips: 100, warmup: 10, repeats: 1 }), 3);
    expect(result).toMatchObject({ status: 'errored', error: { name: 'PeerTimeoutError', step: 'ready' } });
  });
});
