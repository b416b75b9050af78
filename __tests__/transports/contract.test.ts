import { runOnce } from '../../src/runner';
import { exchange } from '../helpers/memory-channel';
import { describeEveryTransport, quick } from '../helpers/contract';

/**
 * The contract every registered transport must keep, part 1: the protocol works end to end, on the
 * classic and the binary wire (where garbage must still be caught), and killing the peer is clean. Faults are in contract-faults.test.ts
 * (a separate file so Jest can run the two in parallel: most of their time is waiting).
 */
describeEveryTransport((name, transport, context) => {
  it('handshake: sending 1 gets 2 back', async () => {
    const open = context.keep(await transport.open({ readyTimeoutMs: 5000 }));
    expect(await exchange(open.channel, 1)).toBe(2);
  });

  it('increments: every value x comes back as x+1', async () => {
    const open = context.keep(await transport.open({ readyTimeoutMs: 5000 }));
    expect(await exchange(open.channel, 1)).toBe(2);
    const values = Array.from({ length: 100 }, (_, i) => 3 + 2 * i);
    for (const x of values) expect(await exchange(open.channel, x)).toBe(x + 1);
  });

  it('termination: 0 ends the peer with exit status 0', async () => {
    const open = context.keep(await transport.open({ readyTimeoutMs: 5000 }));
    expect(await exchange(open.channel, 1)).toBe(2);
    open.channel.send(0);
    expect(await open.peer.exited).toEqual({ code: 0, signal: null });
  });

  it('a full run: handshake, warm-up, measured round trips, stop, exit 0, peer CPU reported', async () => {
    const sample = await runOnce(transport, { config: quick });
    expect(sample.roundTrips).toBe(200);
    expect(sample.lastValue).toBe(2 + 2 * 220);
    expect(sample.roundTripsPerSec).toBeGreaterThan(0);
    expect(sample.cpuPeer).toBeGreaterThan(0);
  });

  it.each([1024, 65_536])('payload sweep: binary wire with %i payload bytes, every reply checked, exit 0', async (bytes) => {
    const carried = transport.payloadSupported?.(bytes) ?? true;
    if (carried !== true) {
      expect(carried).toMatch(/\w/); // skipped with a reason, never silently
      return;
    }
    const sample = await runOnce(transport, { config: quick, payloadBytes: bytes });
    expect(sample.roundTrips).toBe(200);
    expect(sample.lastValue).toBe(2 + 2 * 220);
  });

  it('payload sweep: garbage on the binary wire (0-byte payload) fails the run with a clear error', async () => {
    await expect(runOnce(transport, { config: quick, faults: { garbageAt: 10 }, payloadBytes: 0 })).rejects.toThrow(new RegExp(`^${name}: warmup: `));
  });

  it('killing the peer mid-run gives a clear error and leaves nothing behind', async () => {
    const open = context.keep(await transport.open({ readyTimeoutMs: 5000 }));
    expect(await exchange(open.channel, 1)).toBe(2);
    open.peer.kill();
    await expect(exchange(open.channel, 3)).rejects.toThrow(/closed|exited|reset/);
  });
});
