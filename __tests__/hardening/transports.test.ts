import { allTransports } from '../../src/transports';
import { livePeerCount } from '../../src/transports/peer-process';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { ProtocolError, PeerFailureError } from '../../src/protocol/messages';
import { exchange } from '../helpers/memory-channel';
import { lingeringChildren } from '../helpers/processes';
import { onAnyListen, rogueConnect } from '../helpers/listen-spy';
import type { Transport } from '../../src/types';

/**
 * Hardening matrix, per registered transport: the cases the transport contract does not already
 * cover (never ready, wrong handshake, wrong reply, crash, hang and garbage live in
 * transports/contract.test.ts). Every case: a clear error naming transport and step, within the
 * timeout, no process left (process table), no unhandled rejection (helpers/no-unhandled-rejection.ts).
 */
const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 2000 });
/** Transports whose peer connects to a port the parent listens on: a rogue local client could try it. */
const LISTENING = new Set(['tcp']);

afterEach(async () => {
  expect(livePeerCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
});

describe.each(allTransports().map((t) => [t.name, t] as const))('hardening: %s', (name, transport: Transport) => {
  it('a peer that sends the longest message its wire can announce fails cleanly, without allocating it', async () => {
    const started = Date.now();
    const failure = runOnce(transport, quick, { overlongAt: 10 });
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: .*(longer than|not a number|length|limit)`));
    expect(Date.now() - started).toBeLessThan(quick.stepTimeoutMs + 3000);
  });

  it('a peer that floods without waiting fails the run with a ProtocolError, not a hang or a crash', async () => {
    const started = Date.now();
    const failure = runOnce(transport, quick, { floodAt: 10 });
    await expect(failure).rejects.toBeInstanceOf(ProtocolError);
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: expected \\d+, got \\d+ at round trip 11$`));
    expect(Date.now() - started).toBeLessThan(quick.stepTimeoutMs + 3000);
  });

  if (LISTENING.has(name)) {
    it('a rogue local client that connects to the run port first is dropped; the run completes', async () => {
      const rogues: Array<ReturnType<typeof rogueConnect>> = [];
      const restore = onAnyListen((port) => {
        rogues.push(rogueConnect(port, 'not-the-token\n'), rogueConnect(port)); // a wrong token, and silence
      });
      try {
        const sample = await runOnce(transport, quick);
        expect(sample.roundTrips).toBe(quick.roundTrips);
      } finally {
        restore();
      }
      expect(rogues).toHaveLength(2);
      for (const rogue of await Promise.all(rogues)) {
        expect(rogue.refused).toBe(false); // it got in before the peer, and was then dropped
        await rogue.closedByServer;
      }
    });

    it('a rogue local client that connects mid-run is refused; the run completes', async () => {
      let port = 0;
      const restore = onAnyListen((p) => (port = p));
      const { channel, peer } = await transport.open({ readyTimeoutMs: 5000 });
      restore();
      try {
        expect(await exchange(channel, 1)).toBe(2);
        expect((await rogueConnect(port, 'x\n')).refused).toBe(true);
        for (let x = 3; x < 100; x += 2) expect(await exchange(channel, x)).toBe(x + 1);
        channel.send(0);
        expect(await peer.exited).toEqual({ code: 0, signal: null });
      } finally {
        peer.kill();
        await channel.close();
      }
    });
  }

  it('a peer killed by a signal mid-run is reported with the signal', async () => {
    const { channel, peer } = await transport.open({ readyTimeoutMs: 5000 });
    try {
      expect(await exchange(channel, 1)).toBe(2);
      if (peer.pid === undefined) return; // a thread: no process to signal
      process.kill(peer.pid, 'SIGTERM');
      await expect(exchange(channel, 3)).rejects.toThrow(/closed|exited|reset|SIGTERM/);
      expect((await peer.exited).signal).toBe('SIGTERM');
    } finally {
      peer.kill();
      await channel.close();
    }
  });

  it('errors of the matrix are IpcBenchErrors naming the transport and the step', async () => {
    const failure = runOnce(transport, { ...quick, stepTimeoutMs: 300 }, { crashAt: 30 });
    await expect(failure).rejects.toBeInstanceOf(PeerFailureError);
    await expect(failure).rejects.toMatchObject({ transport: name, step: 'round trip' });
  });
});
