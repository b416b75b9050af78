import { sabTransport } from '../../src/transports/sab-wait';
import { storeValue, loadValue } from '../../src/transports/spin-memory';
import { runOnce } from '../../src/runner';
import { PeerTimeoutError } from '../../src/protocol/messages';
import { liveWorkerCount } from '../../src/transports/peer-worker';
import { quick } from '../helpers/contract';

describe('sab shared memory', () => {
  it('stores and loads every protocol value through the Int32 slot pair, and marks garbage', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(32));
    for (const value of [0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER]) {
      storeValue(ctrl, 2, value);
      expect(loadValue(ctrl, 2)).toBe(value);
    }
    storeValue(ctrl, 2, Number.NaN);
    expect(loadValue(ctrl, 2)).toBeNaN();
  });
});

/** The registered sab blocks in Atomics.wait; the waitAsync mode is kept for comparison and must keep working. */
describe('sab with Atomics.waitAsync on the main thread', () => {
  const transport = sabTransport('async');

  afterEach(() => expect(liveWorkerCount()).toBe(0));

  it('labels its mode and completes a run, with payload too', async () => {
    expect(transport.description).toMatch(/waitAsync/);
    expect((await runOnce(transport, { config: quick })).lastValue).toBe(2 + 2 * 220);
    expect((await runOnce(transport, { config: quick, payloadBytes: 65_536 })).lastValue).toBe(2 + 2 * 220);
  });

  it('times out on a hung worker instead of waiting forever', async () => {
    await expect(runOnce(transport, { config: { ...quick, stepTimeoutMs: 300 }, faults: { hangAt: 100 } })).rejects.toBeInstanceOf(PeerTimeoutError);
  });
});
