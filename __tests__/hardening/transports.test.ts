import { allTransports } from '../../src/transports';
import { livePeerCount } from '../../src/transports/peer-process';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { ProtocolError, PeerFailureError, IpcBenchError } from '../../src/protocol/messages';
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
/** Exact wording checked where it is known; transports added later get the generic checks. */
const OVERLONG_WORDING: Record<string, RegExp> = {
  tcp: /a line longer than 16 digits/,
  ipc: /a message that is not a protocol value: "9{79}… \(1048578 characters\)/,
  'ipc-advanced': /a message that is not a protocol value/,
  udp: /udp: a message of 1048576 bytes is over the datagram limit \(65507 bytes over IPv4\)/,
};
const LOCKSTEP_STREAMS = new Set(['tcp', 'ipc', 'ipc-advanced']);
// Peers start slowly on a loaded machine: a generous ready bound (no case here is about readiness).
const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 20_000, stepTimeoutMs: 2000 });

// The fault cases run concurrently (they wait on processes); the process table is checked once, at the end.
afterAll(async () => {
  expect(livePeerCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
});

describe.each(allTransports().map((t) => [t.name, t] as const))('hardening: %s', (name, transport: Transport) => {
  it.concurrent('a peer that sends the longest message its wire can announce fails cleanly, without allocating it', async () => {
    const failure = runOnce(transport, { config: quick, faults: { overlongAt: 10 } });
    await expect(failure).rejects.toBeInstanceOf(IpcBenchError);
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: `));
    // The wording per wire: line framing, IPC (non-number), binary framing (the length limit).
    if (OVERLONG_WORDING[name]) await expect(failure).rejects.toThrow(OVERLONG_WORDING[name]);
  });

  it.concurrent('a peer that floods without waiting fails the run with a clear error, not a hang or a crash', async () => {
    const failure = runOnce(transport, { config: quick, faults: { floodAt: 10 } });
    await expect(failure).rejects.toBeInstanceOf(IpcBenchError);
    // Round trip 10 is answered correctly; the unasked-for values then arrive as the reply to round trip 11.
    if (LOCKSTEP_STREAMS.has(name)) {
      await expect(failure).rejects.toBeInstanceOf(ProtocolError);
      await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: expected \\d+, got \\d+ at round trip 11$`));
    } else await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: `));
  });

  it.concurrent('a peer killed by a signal mid-run is reported with the signal', async () => {
    const { channel, peer } = await transport.open({ readyTimeoutMs: 20_000 });
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
    const failure = runOnce(transport, { config: quick, faults: { crashAt: 30 } });
    await expect(failure).rejects.toBeInstanceOf(PeerFailureError);
    await expect(failure).rejects.toMatchObject({ transport: name, step: 'round trip' });
  });
});
