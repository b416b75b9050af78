// The module object itself (not an import-star copy), so spyOn patches what the transport calls.
import dgram = require('node:dgram');
import { udp, MAX_DATAGRAM_BYTES } from '../../src/transports/udp';
import { runOnce } from '../../src/runner';
import { quick } from '../helpers/contract';

/** Datagrams from anyone but the peer must not disturb a run: before the token and after it. */
describe('udp: per-run token and source filtering', () => {
  afterEach(() => jest.restoreAllMocks());

  it('ignores a wrong token and stray numbers from another socket, then completes every round trip', async () => {
    const rogue = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => rogue.bind(0, '127.0.0.1', resolve));
    const create = dgram.createSocket;
    let flood: NodeJS.Timeout | undefined;
    jest.spyOn(dgram, 'createSocket').mockImplementationOnce(((type: dgram.SocketType) => {
      const parent = create(type);
      parent.once('listening', () => {
        const { port } = parent.address();
        rogue.send('not-the-token', port, '127.0.0.1');
        rogue.send('2', port, '127.0.0.1');
        flood = setInterval(() => rogue.send('3', port, '127.0.0.1'), 1);
      });
      return parent;
    }) as typeof dgram.createSocket);
    try {
      const sample = await runOnce(udp, { config: quick });
      expect(sample.lastValue).toBe(2 + 2 * 220);
    } finally {
      clearInterval(flood);
      await new Promise<void>((resolve) => rogue.close(() => resolve()));
    }
  });

  it('says why payloads over one datagram are skipped', () => {
    expect(udp.payloadSupported?.(MAX_DATAGRAM_BYTES - 8)).toBe(true);
    expect(udp.payloadSupported?.(65_536)).toMatch(/UDP datagram limit \(65507 bytes/);
  });
});
