import { runPlan, runOnce } from '../src/runner';
import { resolveConfig } from '../src/config';
import { getTransport } from '../src/transports';
import { tcp } from '../src/transports/tcp';
import { livePeerCount } from '../src/transports/peer-process';
import { liveWorkerCount } from '../src/transports/peer-worker';
import { lingeringChildren } from './helpers/processes';
import type { Channel, Transport } from '../src/types';
import type { FaultableTransport } from '../src/faults';

/**
 * `transport` whose channel calls `then` (on a later turn, as a timer would, never inside the run's own
 * send) once `sends` values have been sent: an event that says the run is mid-measurement, not a delay.
 */
function abortAfterSends(transport: Transport, sends: number, then: () => void): FaultableTransport {
  const opened: FaultableTransport['open'] = async (options, faults) => {
    const connection = await (transport as FaultableTransport).open(options, faults);
    const inner = connection.channel;
    let sent = 0;
    const channel: Channel = {
      send: (value) => {
        inner.send(value);
        if (++sent === sends) setImmediate(then);
      },
      onMessage: (handler) => inner.onMessage(handler),
      onFailure: (handler) => inner.onFailure(handler),
      close: () => inner.close(),
      ...(inner.syncReplies && { syncReplies: () => inner.syncReplies!() }),
      ...(inner.serveSync && { serveSync: (answer: (value: number) => number | undefined) => inner.serveSync!(answer) }),
    };
    return { ...connection, channel };
  };
  // Everything else (name, support, wait strategy) as the transport says: only its open is wrapped.
  return Object.create(transport, { open: { value: opened } }) as FaultableTransport;
}

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
    let started = 0;
    // Aborted once the run is surely measuring (warm-up 0: the 1000th value sent follows 999 right replies).
    const transport = abortAfterSends(getTransport(name), 1000, () => {
      started = Date.now();
      controller.abort(reason);
    });
    const plan = runPlan([transport], endless, { signal: controller.signal });
    await expect(plan).rejects.toBe(reason);
    expect(started).toBeGreaterThan(0);
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
