// The module object itself (not an import-star copy), so spyOn patches what the transport calls.
import net = require('node:net');
import { tcp } from '../../src/transports/tcp';
import { unix } from '../../src/transports/unix';
import { runOnce } from '../../src/runner';
import { quick } from '../helpers/contract';
import type { Transport } from '../../src/types';

/**
 * Clients without the run token are dropped without disturbing the run (tcp and unix share the token
 * server). A rogue client connects as soon as the parent listens, before the real peer can.
 */
describe.each([['tcp', tcp] as const, ['unix', unix] as const])('%s: per-run token', (_name, transport: Transport) => {
  afterEach(() => jest.restoreAllMocks());

  it('drops a client with the wrong token and one that never ends its line, then runs normally', async () => {
    const rogues: net.Socket[] = [];
    const closed: Promise<void>[] = [];
    const create = net.createServer;
    jest.spyOn(net, 'createServer').mockImplementationOnce(((...args: Parameters<typeof net.createServer>) => {
      const server = create(...args);
      server.once('listening', () => {
        const address = server.address();
        const target = typeof address === 'string' ? { path: address } : { host: '127.0.0.1', port: address!.port };
        for (const first of ['wrong-token\n3\n', 'x'.repeat(200)]) {
          const rogue = net.connect(target, () => rogue.write(first));
          rogue.on('error', () => undefined);
          closed.push(new Promise((resolve) => rogue.once('close', () => resolve())));
          rogues.push(rogue);
        }
      });
      return server;
    }) as typeof net.createServer);
    const sample = await runOnce(transport, { config: quick });
    expect(sample.lastValue).toBe(2 + 2 * 220);
    await Promise.all(closed); // the server dropped both
    expect(rogues.every((r) => r.destroyed)).toBe(true);
  });
});
