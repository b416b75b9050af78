import { allTransports } from '../../src/transports';
import { livePeerCount } from '../../src/transports/peer-process';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { ProtocolError, PeerFailureError } from '../../src/protocol/messages';
import { exchange } from '../helpers/memory-channel';
import { lingeringChildren } from '../helpers/processes';
import type { Transport } from '../../src/types';

/**
 * Hardening matrix, per registered transport: the cases the transport contract does not already
 * cover (never ready, wrong handshake, wrong reply, crash, hang and garbage live in
 * transports/contract.test.ts). Every case: a clear error naming transport and step, within the
 * timeout, no process left (process table), no unhandled rejection (helpers/no-unhandled-rejection.ts).
 * Rogue local clients: hardening/rogue-client.test.ts (kept apart: it watches every listening socket).
 */
const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 2000 });

// The fault cases run concurrently (they wait on processes); the process table is checked once, at the end.
afterAll(async () => {
  expect(livePeerCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
});

describe.each(allTransports().map((t) => [t.name, t] as const))('hardening: %s', (name, transport: Transport) => {
  it.concurrent('a peer that sends the longest message its wire can announce fails cleanly, without allocating it', async () => {
    const failure = runOnce(transport, quick, { overlongAt: 10 });
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: .*(longer than|not a number|length|limit)`));
  });

  it.concurrent('a peer that floods without waiting fails the run with a ProtocolError, not a hang or a crash', async () => {
    const failure = runOnce(transport, quick, { floodAt: 10 });
    await expect(failure).rejects.toBeInstanceOf(ProtocolError);
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: expected \\d+, got \\d+ at round trip 11$`));
  });

  it.concurrent('a peer killed by a signal mid-run is reported with the signal', async () => {
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

  it.concurrent('errors of the matrix are IpcBenchErrors naming the transport and the step', async () => {
    const failure = runOnce(transport, quick, { crashAt: 30 });
    await expect(failure).rejects.toBeInstanceOf(PeerFailureError);
    await expect(failure).rejects.toMatchObject({ transport: name, step: 'round trip' });
  });
});
