import * as net from 'node:net';
import { remoteTcp } from '../../src/serve/remote';
import { PeerFailureError } from '../../src/protocol/messages';

/** What `run --connect` says when the other end is not a well-behaved `ipcbench serve`: its own words. */
async function fakeServe(first: string | Buffer): Promise<{ port: number; close(): void }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.write(first));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

it.each([
  ['garbage in the same packet as "ready"', 'ready\ngarbage!', /^tcp: ready: ipcbench serve at 127\.0\.0\.1:\d+ sent garbage after "ready": "garbage!"$/],
  ['an over-long first line', '9'.repeat(300), /^tcp: ready: ipcbench serve at 127\.0\.0\.1:\d+ sent an over-long first line \(more than 128 bytes without a newline\)/],
  ['a refusal', 'error: bad token\n', /^tcp: ready: ipcbench serve at 127\.0\.0\.1:\d+ refused the run: bad token$/],
])('%s: says so', async (_case, first, message) => {
  const fake = await fakeServe(first);
  try {
    const failure = remoteTcp({ host: '127.0.0.1', port: fake.port }, 'T').open({ readyTimeoutMs: 3000 });
    await expect(failure).rejects.toBeInstanceOf(PeerFailureError);
    await expect(failure).rejects.toThrow(message);
  } finally {
    fake.close();
  }
});
