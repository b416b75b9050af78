import * as net from 'node:net';
import { startServer, MAX_PENDING, type RunningServer } from '../../src/serve/server';
import { remoteTcp } from '../../src/serve/remote';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';

/**
 * serve cannot be locked out by clients without the token: unauthenticated connections have a bounded
 * time in all and a bounded number, a tokened client is served while others are held, refused sockets
 * are closed at once, and wrong tokens are logged rate-limited. Loopback only; every loop is bounded.
 */
const TOKEN = 'lockout-token';
const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 5000 });
const servers: RunningServer[] = [];
const sockets = new Set<net.Socket>();

async function serve(authTimeoutMs = 1000): Promise<RunningServer & { logs: string[] }> {
  const logs: string[] = [];
  const server = await startServer({ host: '127.0.0.1', port: 0, token: TOKEN, idleTimeoutMs: 5000, authTimeoutMs, log: (l) => logs.push(l) });
  servers.push(server);
  return Object.assign(server, { logs });
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A connection that never authenticates; `trickle` sends one byte (no newline) every 100 ms. */
function squatter(port: number, trickle: boolean, onClose: () => void): net.Socket {
  const socket = net.connect({ host: '127.0.0.1', port });
  sockets.add(socket);
  socket.on('error', () => undefined);
  socket.resume();
  const timer = trickle ? setInterval(() => socket.write('x'), 100) : undefined;
  socket.once('close', () => {
    clearInterval(timer);
    sockets.delete(socket);
    onClose();
  });
  return socket;
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

it('serves tokened runs while 32 silent and 16 trickling connections are held and reopened when dropped', async () => {
  const s = await serve(1000);
  let opened = 0;
  let holding = true;
  // Bounded: at most 600 connections in all, and only while the runs below go on.
  const hold = (trickle: boolean): void => {
    if (!holding || opened >= 600) return;
    opened++;
    squatter(s.address.port, trickle, () => hold(trickle));
  };
  for (let i = 0; i < 32; i++) hold(false);
  for (let i = 0; i < 16; i++) hold(true);
  await until('48 squatters connected', async () => (await s.connections()) >= 48, 5000);
  try {
    for (let run = 0; run < 3; run++) {
      expect((await runOnce(remoteTcp(s.address, TOKEN), { config: quick })).roundTrips).toBe(quick.roundTrips);
      // Between the first run and the others, the first squatters time out and reopen: waited for (about
      // the 1 s auth timeout), not slept for (it was 3 × 600 ms, and still a guess on a loaded machine).
      if (run === 0) await until('the first squatters dropped and reopened', () => opened > 48, 10_000);
    }
  } finally {
    holding = false;
  }
  expect(s.completed()).toBe(3);
  expect(opened).toBeGreaterThan(48); // squatters were dropped (no token in time) and came back
  expect(s.logs.filter((l) => /no token line within 1 s/.test(l)).length).toBeLessThanOrEqual(8); // rate-limited: about one a second
}, 30_000);

it('a connection trickling bytes without a newline is dropped after the auth timeout, not kept alive per byte', async () => {
  const s = await serve(500);
  const started = Date.now();
  let closedAfter = -1;
  squatter(s.address.port, true, () => (closedAfter = Date.now() - started));
  await until('the trickling client is dropped', () => closedAfter >= 0, 4000);
  expect(closedAfter).toBeGreaterThanOrEqual(400);
  expect(s.logs.join('\n')).toMatch(/dropped: no token line within 0\.5 s/);
});

it(`a new connection beyond ${MAX_PENDING} waiting ones pushes out the oldest; the newcomer with the token is served`, async () => {
  const s = await serve(10_000);
  const closed: number[] = [];
  for (let i = 0; i < MAX_PENDING; i++) squatter(s.address.port, false, () => closed.push(i));
  await until(`${MAX_PENDING} connected`, async () => (await s.connections()) >= MAX_PENDING, 5000);
  expect((await runOnce(remoteTcp(s.address, TOKEN), { config: quick })).roundTrips).toBe(quick.roundTrips);
  await until('the oldest is dropped', () => closed.length > 0, 3000);
  expect(closed[0]).toBe(0);
});

it('many wrong tokens: logged at most once a second, with a count of the rest', async () => {
  const s = await serve();
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(
      Array.from({ length: 30 }, () =>
        new Promise<void>((resolve) => {
          const socket = net.connect({ host: '127.0.0.1', port: s.address.port }, () => socket.write('guess\n'));
          socket.on('error', () => undefined);
          socket.resume();
          socket.once('close', () => resolve());
        }),
      ),
    );
  }
  const badTokenLines = (): string[] => s.logs.filter((l) => /bad token/.test(l));
  const counted = (): number => badTokenLines().reduce((sum, l) => sum + Number(/: ([\d,]+) more like this in the last 1 s$/.exec(l)?.[1].replace(/,/g, '') ?? 1), 0);
  await until('every refusal counted in the log', () => counted() === 300, 5000); // nothing hidden
  expect(badTokenLines().length).toBeLessThanOrEqual(8); // but not 300 lines
  expect(badTokenLines()).toContainEqual(expect.stringMatching(/^refused: bad token: [\d,]+ more like this in the last 1 s$/));
});

it('refused clients (busy, bad token) that keep their end open are closed by the server at once, not left to a timer', async () => {
  const s = await serve(10_000);
  const { channel, peer } = await remoteTcp(s.address, TOKEN).open({ readyTimeoutMs: 2000 });
  try {
    const refusals = await Promise.all(
      [`${TOKEN}\n`, 'guess\n'].map(
        (line) =>
          new Promise<string>((resolve) => {
            // allowHalfOpen: this client never closes its side; only the server can end the connection.
            const socket = net.connect({ host: '127.0.0.1', port: s.address.port, allowHalfOpen: true }, () => socket.write(line));
            sockets.add(socket);
            let text = '';
            socket.on('data', (chunk) => (text += chunk));
            socket.on('error', () => undefined);
            socket.once('end', () => resolve(text));
          }),
      ),
    );
    expect(refusals).toEqual(['error: busy\n', 'error: bad token\n']);
    await until('only the running client is left', async () => (await s.connections()) === 1, 2000);
  } finally {
    channel.send(0);
    await peer.exited;
    await channel.close();
  }
});
