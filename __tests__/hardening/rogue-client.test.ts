import { allTransports } from '../../src/transports';
import { livePeerCount } from '../../src/transports/peer-process';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { exchange } from '../helpers/memory-channel';
import { lingeringChildren } from '../helpers/processes';
import { onAnyListen, rogueConnect } from '../helpers/listen-spy';
import type { Transport } from '../../src/types';

/**
 * Hardening matrix, rogue local clients: for every registered transport whose peer connects to a port
 * the parent listens on, a local client that connects first or mid-run is refused and the run completes.
 * Sequential on purpose: the spy sees every socket this process starts listening on.
 */
const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 2000 });
/** Transports that listen on a TCP port (unix sockets have file permissions instead). */
const LISTENING = new Set(['tcp']);
const listening = allTransports().filter((t) => LISTENING.has(t.name));

afterEach(async () => {
  expect(livePeerCount()).toBe(0);
  expect(await lingeringChildren()).toEqual([]);
});

describe.each(listening.map((t) => [t.name, t] as const))('rogue clients: %s', (_name, transport: Transport) => {
  it('a rogue local client that connects to the run port first is dropped; the run completes', async () => {
    const rogues: Array<ReturnType<typeof rogueConnect>> = [];
    const restore = onAnyListen((port) => {
      rogues.push(rogueConnect(port, 'not-the-token\n'), rogueConnect(port)); // a wrong token, and silence
    });
    try {
      const sample = await runOnce(transport, { config: quick });
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
});
