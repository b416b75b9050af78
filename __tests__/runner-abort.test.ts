import { runPlan, runOnce } from '../src/runner';
import { resolveConfig } from '../src/config';
import { getTransport } from '../src/transports';
import { tcp } from '../src/transports/tcp';
import { livePeerCount } from '../src/transports/peer-process';
import { liveWorkerCount } from '../src/transports/peer-worker';
import { lingeringChildren } from './helpers/processes';

/** Cancellation: an AbortSignal stops a run at once and kills its peers, wherever the run is. */
describe('runs take an AbortSignal', () => {
  afterEach(async () => {
    expect(livePeerCount()).toBe(0);
    expect(liveWorkerCount()).toBe(0);
    expect(await lingeringChildren()).toEqual([]);
  });

  // Long enough that only the abort can end it within the test's bounds.
  const endless = resolveConfig({ roundTrips: 50_000_000, warmup: 0, repeats: 3, stepTimeoutMs: 60_000, readyTimeoutMs: 60_000 });

  it.each(['tcp', 'ipc', 'worker', 'sab'])('%s: aborting mid-measurement rejects with the reason and kills the peer promptly', async (name) => {
    const controller = new AbortController();
    const reason = new Error('stopped by the test');
    const plan = runPlan([getTransport(name)], endless, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 500);
    const started = Date.now();
    await expect(plan).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('aborting while the peer is not ready yet ends the open at once', async () => {
    const controller = new AbortController();
    const run = runOnce(tcp, { config: endless, faults: { neverReady: true }, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an already aborted signal starts nothing', async () => {
    await expect(runOnce(tcp, { config: endless, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
