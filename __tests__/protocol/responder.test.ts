import { respond } from '../../src/protocol/responder';
import { memoryPair, exchange } from '../helpers/memory-channel';

describe('respond()', () => {
  it('answers 1 with 2, every x with x+1, and resolves on 0', async () => {
    const [parent, child] = memoryPair();
    let stopped = false;
    const responding = respond(child).then(() => (stopped = true));
    expect(await exchange(parent, 1)).toBe(2);
    for (const x of [3, 5, 41, 1_000_001]) expect(await exchange(parent, x)).toBe(x + 1);
    expect(stopped).toBe(false);
    parent.send(0);
    await responding;
    expect(stopped).toBe(true);
  });

  it('commits the faults it is told to (test peers)', async () => {
    const [parent, child] = memoryPair();
    void respond(child, { handshakeReply: 3, wrongReplyAt: 2 });
    expect(await exchange(parent, 1)).toBe(3);
    expect(await exchange(parent, 3)).toBe(4);
    expect(await exchange(parent, 5)).toBe(7);
  });

  it('spins the given microseconds before each reply after the handshake (spinMicros)', async () => {
    const [parent, child] = memoryPair();
    void respond(child, { spinMicros: 20_000 });
    expect(await exchange(parent, 1)).toBe(2);
    const start = process.hrtime.bigint();
    expect(await exchange(parent, 3)).toBe(4);
    // A lower bound only: the spin is a floor on the reply time, never a timing benchmark.
    expect(Number(process.hrtime.bigint() - start)).toBeGreaterThanOrEqual(20_000_000);
    parent.send(0);
  });
});
