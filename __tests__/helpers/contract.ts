import { allTransports } from '../../src/transports';
import { livePeerCount } from '../../src/transports/peer-process';
import { liveWorkerCount } from '../../src/transports/peer-worker';
import { resolveConfig } from '../../src/config';
import { lingeringChildren } from './processes';
import { activeResources, leakedResources, leftoverSocketDirs } from './resources';
import type { Connection, Transport } from '../../src/types';

/** Small runs for contract checks: they prove behaviour, they measure nothing. */
export const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 2000 });

/** Lets a test hand over a connection it opened; the harness kills and closes it afterwards. */
export interface ContractContext {
  keep(connection: Connection): Connection;
}

/**
 * describe.each over the whole registry, so a new transport gets every check by being registered.
 * After each test nothing may be left: no peer process (by our bookkeeping and in the process table),
 * no worker, no extra socket/pipe/server/worker handle, no unix socket folder.
 */
export function describeEveryTransport(body: (name: string, transport: Transport, context: ContractContext) => void): void {
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

    body(name, transport, {
      keep: (connection) => {
        open = connection;
        return connection;
      },
    });
  });
}
