import { allTransports } from '../../src/transports';
import { livePeerCount } from '../../src/transports/peer-process';
import { liveWorkerCount } from '../../src/transports/peer-worker';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { ProtocolError, PeerTimeoutError, PeerFailureError } from '../../src/protocol/messages';
import { exchange } from '../helpers/memory-channel';
import { lingeringChildren } from '../helpers/processes';
import { activeResources, leakedResources, leftoverSocketDirs } from '../helpers/resources';
import type { Connection, Transport } from '../../src/types';

/**
 * The contract every registered transport must keep. A new transport gets all of these checks by
 * being registered.
 */
const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 2000 });

describe.each(allTransports().map((t) => [t.name, t] as const))('transport %s', (name, transport: Transport) => {
  let open: Connection | undefined;
  let baseline = new Map<string, number>();

  beforeEach(() => {
    baseline = activeResources();
  });

  afterEach(async () => {
    if (open) {
      open.peer.kill();
      await open.peer.exited;
      await open.channel.close();
      open = undefined;
    }
    expect(livePeerCount()).toBe(0);
    expect(liveWorkerCount()).toBe(0);
    expect(await lingeringChildren()).toEqual([]);
    expect(await leakedResources(baseline)).toEqual([]);
    expect(leftoverSocketDirs()).toEqual([]);
  });

  it('handshake: sending 1 gets 2 back', async () => {
    open = await transport.open({ readyTimeoutMs: 5000 });
    expect(await exchange(open.channel, 1)).toBe(2);
  });

  it('increments: every value x comes back as x+1', async () => {
    open = await transport.open({ readyTimeoutMs: 5000 });
    expect(await exchange(open.channel, 1)).toBe(2);
    const values = Array.from({ length: 100 }, (_, i) => 3 + 2 * i);
    for (const x of values) expect(await exchange(open.channel, x)).toBe(x + 1);
  });

  it('termination: 0 ends the peer with exit status 0', async () => {
    open = await transport.open({ readyTimeoutMs: 5000 });
    expect(await exchange(open.channel, 1)).toBe(2);
    open.channel.send(0);
    expect(await open.peer.exited).toEqual({ code: 0, signal: null });
  });

  it('a full run: handshake, warm-up, measured round trips, stop, exit 0, peer CPU reported', async () => {
    const sample = await runOnce(transport, quick);
    expect(sample.roundTrips).toBe(200);
    expect(sample.lastValue).toBe(2 + 2 * 220);
    expect(sample.roundTripsPerSec).toBeGreaterThan(0);
    expect(sample.cpuPeer).toBeGreaterThan(0);
  });

  it('a peer that never gets ready fails within the timeout with a clear message', async () => {
    const started = Date.now();
    const failure = runOnce(transport, { ...quick, readyTimeoutMs: 300 }, { neverReady: true });
    await expect(failure).rejects.toBeInstanceOf(PeerTimeoutError);
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: ready: .* within 300 ms$`));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a peer that answers 3 to the handshake fails with a ProtocolError', async () => {
    const failure = runOnce(transport, quick, { handshakeReply: 3 });
    await expect(failure).rejects.toBeInstanceOf(ProtocolError);
    await expect(failure).rejects.toThrow(`${name}: handshake: expected 2, got 3`);
  });

  it('a peer that answers wrong mid-run fails with a ProtocolError naming the round trip', async () => {
    await expect(runOnce(transport, quick, { wrongReplyAt: 50 })).rejects.toThrow(
      `${name}: round trip: expected 102, got 103 at round trip 30`,
    );
  });

  it('a peer that crashes mid-run gives a clear error naming the step', async () => {
    const failure = runOnce(transport, quick, { crashAt: 10 });
    await expect(failure).rejects.toBeInstanceOf(PeerFailureError);
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: .*(closed|exited|reset)`));
  });

  it('a peer that hangs mid-run times out naming the step', async () => {
    const failure = runOnce(transport, { ...quick, stepTimeoutMs: 300 }, { hangAt: 100 });
    await expect(failure).rejects.toBeInstanceOf(PeerTimeoutError);
    await expect(failure).rejects.toThrow(`${name}: round trip: no reply 202 within 300 ms`);
  });

  it('a peer that sends garbage fails the run with a clear error', async () => {
    await expect(runOnce(transport, quick, { garbageAt: 10 })).rejects.toThrow(new RegExp(`^${name}: warmup: `));
  });

  it('a peer that exits non-zero after stop fails the exit check', async () => {
    await expect(runOnce(transport, quick, { exitStatus: 3 })).rejects.toThrow(
      `${name}: exit: expected exit status 0 after stop, got exit status 3`,
    );
  });

  it.each([0, 4096, 65_536])('payload sweep: binary wire with %i payload bytes, every reply checked, exit 0', async (bytes) => {
    const carried = transport.payloadSupported?.(bytes) ?? true;
    if (carried !== true) {
      expect(carried).toMatch(/\w/); // skipped with a reason, never silently
      return;
    }
    const sample = await runOnce(transport, quick, undefined, bytes);
    expect(sample.roundTrips).toBe(200);
    expect(sample.lastValue).toBe(2 + 2 * 220);
  });

  it('payload sweep: garbage on the binary wire fails the run with a clear error', async () => {
    await expect(runOnce(transport, quick, { garbageAt: 10 }, 0)).rejects.toThrow(new RegExp(`^${name}: warmup: `));
  });

  it('killing the peer mid-run gives a clear error and leaves nothing behind', async () => {
    open = await transport.open({ readyTimeoutMs: 5000 });
    expect(await exchange(open.channel, 1)).toBe(2);
    open.peer.kill();
    await expect(exchange(open.channel, 3)).rejects.toThrow(/closed|exited|reset/);
  });
});
