import { runOnce } from '../runner';
import { resolveConfig } from '../config';
import { livePeerCount } from '../transports/peer-process';
import { liveWorkerCount } from '../transports/peer-worker';
import { isDefinedTransport } from '../contract/define';
import { isTransport } from '../contract/registry';
import { UsageError } from '../errors';
import { ProtocolError, PeerTimeoutError, PeerFailureError } from '../protocol/messages';
import { exchange } from './exchange';
import { lingeringChildren } from './processes';
import { activeResources, leakedResources, leftoverSocketDirs } from './resources';
import { jestGlobals, type JestGlobals } from './jest-globals';
import type { Connection, Transport } from '../runtime-types';
import type { FaultableTransport } from '../faults';

/** Options of {@link describeTransportContract}. */
export interface ContractOptions {
  /**
   * Which checks: 'protocol' (handshake, increments, stop, a full run, payloads, kill) and 'faults'
   * (never ready, wrong replies, crash, hang, garbage, bad exit status). Default both; split them over
   * two test files to let Jest run them in parallel.
   */
  parts?: ReadonlyArray<'protocol' | 'faults'>;
  /** Payload sizes checked on the binary wire (default 1 KiB and 64 KiB); sizes the transport refuses are checked for a reason. */
  payloadBytes?: readonly number[];
  /** Timeout of each check in ms (default 30,000: peers start slowly on a loaded machine). */
  testTimeoutMs?: number;
  /** Milliseconds to wait for the peer's ready signal (default 15,000: generous, so a loaded CI machine does not fail a healthy transport). */
  readyTimeoutMs?: number;
}

/** Small runs: the checks prove behaviour, they measure nothing. */
function quickConfig(readyTimeoutMs: number) {
  return resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs, stepTimeoutMs: 5000 });
}

/**
 * The contract ipcbench checks on its own transports, as a Jest `describe` block for yours: handshake
 * 1→2, every increment, stop 0 → exit 0, a full measured run, payloads, and — for transports made by
 * `defineTransport` — a peer that never gets ready, answers wrong, crashes, hangs, sends garbage or exits
 * non-zero must each end the run with a clear error naming the transport and the step. After every check
 * nothing may be left: no peer process or worker, no child process, no extra socket, pipe or server
 * handle, no unix socket folder of this process.
 *
 * Call it at the top level of a test file: `describeTransportContract(require('./my-transport'))`.
 *
 * @param transportOrModule - a transport, or a module (what `require()` or `import * as` gives) that
 *   exports exactly one: as `module.exports`, its default export or a named export.
 * @throws UsageError when the module exports no transport or several.
 */
export function describeTransportContract(transportOrModule: Transport | object, options: ContractOptions = {}): void {
  const transport = contractTransport(transportOrModule);
  const jest = jestGlobals('describeTransportContract');
  const parts = options.parts ?? ['protocol', 'faults'];
  const timeout = options.testTimeoutMs ?? 30_000;
  const config = quickConfig(options.readyTimeoutMs ?? 15_000);
  const { describe, it, expect } = jest;
  describe(`transport ${transport.name}: the ipcbench contract`, () => {
    const opened = leakChecks(jest);
    const open = async (): Promise<Connection> => opened.keep(await transport.open({ readyTimeoutMs: config.readyTimeoutMs }));
    const name = transport.name;

    if (parts.includes('protocol')) {
      it('handshake: sending 1 gets 2 back', async () => {
        expect(await exchange((await open()).channel, 1)).toBe(2);
      }, timeout);

      it('increments: every value x comes back as x+1', async () => {
        const { channel } = await open();
        expect(await exchange(channel, 1)).toBe(2);
        for (let x = 3; x < 203; x += 2) expect(await exchange(channel, x)).toBe(x + 1);
      }, timeout);

      it('termination: 0 ends the peer with exit status 0', async () => {
        const { channel, peer } = await open();
        expect(await exchange(channel, 1)).toBe(2);
        channel.send(0);
        expect(await peer.exited).toEqual({ code: 0, signal: null });
      }, timeout);

      it('a full run: handshake, warm-up, measured round trips, stop, exit 0, peer CPU reported', async () => {
        const sample = await runOnce(transport, { config });
        expect(sample.roundTrips).toBe(200);
        expect(sample.lastValue).toBe(2 + 2 * 220);
        expect(sample.roundTripsPerSec).toBeGreaterThan(0);
        expect(sample.cpuPeer).toBeGreaterThan(0);
      }, timeout);

      for (const bytes of options.payloadBytes ?? [1024, 65_536]) {
        it(`payload sweep: ${bytes} payload bytes, every reply checked, exit 0`, async () => {
          const carried = transport.payloadSupported?.(bytes) ?? true;
          if (carried !== true) return expect(carried).toMatch(/\w/); // skipped with a reason, never silently
          const sample = await runOnce(transport, { config, payloadBytes: bytes });
          expect(sample.lastValue).toBe(2 + 2 * 220);
        }, timeout);
      }

      if (transport.messageSupported?.('object') === true) {
        it('object messages: records of about 1 KiB, every reply checked, exit 0', async () => {
          const sample = await runOnce(transport, { config: { ...config, message: 'object' }, payloadBytes: 1024 });
          expect(sample.lastValue).toBe(2 + 2 * 220);
        }, timeout);
      }

      it('killing the peer mid-run gives a clear error and leaves nothing behind', async () => {
        const { channel, peer } = await open();
        expect(await exchange(channel, 1)).toBe(2);
        peer.kill();
        await expect(exchange(channel, 3)).rejects.toThrow(/closed|exited|reset/);
      }, timeout);
    }

    if (parts.includes('faults')) {
      if (!isDefinedTransport(transport)) {
        it.skip('faults: only transports made by defineTransport can be told to commit faults', () => undefined);
        return;
      }
      const faulty: FaultableTransport = transport;
      it('a peer that never gets ready fails within the timeout with a clear message', async () => {
        const failure = runOnce(faulty, { config: { ...config, readyTimeoutMs: 300 }, faults: { neverReady: true } });
        await expect(failure).rejects.toBeInstanceOf(PeerTimeoutError);
        await expect(failure).rejects.toThrow(new RegExp(`^${escape(name)}: ready: .* within 300 ms$`));
      }, timeout);

      it('a peer that answers 3 to the handshake fails with a ProtocolError', async () => {
        const failure = runOnce(faulty, { config, faults: { handshakeReply: 3 } });
        await expect(failure).rejects.toBeInstanceOf(ProtocolError);
        await expect(failure).rejects.toThrow(`${name}: handshake: expected 2, got 3`);
      }, timeout);

      it('a peer that answers wrong mid-run fails with a ProtocolError naming the round trip', async () => {
        await expect(runOnce(faulty, { config, faults: { wrongReplyAt: 50 } })).rejects.toThrow(`${name}: round trip: expected 102, got 103 at round trip 30`);
      }, timeout);

      it('a peer that crashes mid-run gives a clear error naming the step', async () => {
        const failure = runOnce(faulty, { config, faults: { crashAt: 10 } });
        await expect(failure).rejects.toBeInstanceOf(PeerFailureError);
        await expect(failure).rejects.toThrow(new RegExp(`^${escape(name)}: warmup: .*(closed|exited|reset)`));
      }, timeout);

      it('a peer that hangs mid-run times out naming the step', async () => {
        const failure = runOnce(faulty, { config: { ...config, stepTimeoutMs: 300 }, faults: { hangAt: 100 } });
        await expect(failure).rejects.toBeInstanceOf(PeerTimeoutError);
        await expect(failure).rejects.toThrow(`${name}: round trip: no reply 202 within 300 ms`);
      }, timeout);

      it('a peer that sends garbage fails the run with a clear error', async () => {
        await expect(runOnce(faulty, { config, faults: { garbageAt: 10 } })).rejects.toThrow(new RegExp(`^${escape(name)}: warmup: `));
      }, timeout);

      it('payload sweep: garbage on the binary wire (0-byte payload) fails the run with a clear error', async () => {
        await expect(runOnce(faulty, { config, faults: { garbageAt: 10 }, payloadBytes: 0 })).rejects.toThrow(new RegExp(`^${escape(name)}: warmup: `));
      }, timeout);

      it('a peer that exits non-zero after stop fails the exit check', async () => {
        await expect(runOnce(faulty, { config, faults: { exitStatus: 3 } })).rejects.toThrow(`${name}: exit: expected exit status 0 after stop, got exit status 3`);
      }, timeout);
    }
  });
}

/** The transport `value` is or exports (recognised by shape and brand, never instanceof). */
export function contractTransport(value: unknown): Transport {
  if (isTransport(value)) return value;
  const exported = (object: unknown, prefix = ''): [string, unknown][] =>
    typeof object === 'object' && object !== null ? Object.entries(object).map(([key, v]) => [prefix + key, v]) : [];
  const candidates = exported(value).flatMap(([key, v]) => (key === 'default' && !isTransport(v) ? exported(v, 'default.') : [[key, v] as [string, unknown]]));
  const found = candidates.filter((entry): entry is [string, Transport] => isTransport(entry[1]));
  const unique = found.filter(([, t], i) => found.findIndex(([, u]) => u.name === t.name) === i);
  if (unique.length === 1) return unique[0][1];
  if (unique.length === 0) {
    throw new UsageError('describeTransportContract: the module exports no transport (export what defineTransport() returns: module.exports, a named or the default export)');
  }
  const names = unique.map(([, t]) => `"${t.name}"`).join(', ');
  throw new UsageError(`describeTransportContract: the module exports ${unique.length} transports (${names}); pass one, e.g. describeTransportContract(require('./x').${unique[0][0]})`);
}

/**
 * After each check: the connection a check kept is killed and closed, then nothing may be left — no
 * peer process or worker (ipcbench's bookkeeping and the process table), no extra handle, no socket folder.
 */
function leakChecks(jest: JestGlobals): { keep(connection: Connection): Connection } {
  let open: Connection | undefined;
  let baseline = new Map<string, number>();
  jest.beforeEach(() => {
    baseline = activeResources();
  });
  jest.afterEach(async () => {
    if (open) {
      open.peer.kill();
      await open.peer.exited;
      await open.channel.close();
      open = undefined;
    }
    jest.expect(livePeerCount()).toBe(0);
    jest.expect(liveWorkerCount()).toBe(0);
    jest.expect(await lingeringChildren()).toEqual([]);
    jest.expect(await leakedResources(baseline)).toEqual([]);
    jest.expect(leftoverSocketDirs()).toEqual([]);
  }, 10_000);
  return {
    keep: (connection) => {
      open = connection;
      return connection;
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
