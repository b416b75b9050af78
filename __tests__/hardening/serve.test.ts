import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { MAX_UNREAD_BYTES, startServer, type RunningServer } from '../../src/serve/server';
import { remoteTcp } from '../../src/serve/remote';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { ProtocolError, PeerTimeoutError, PeerFailureError } from '../../src/protocol/messages';
import { lingeringChildren } from '../helpers/processes';
import { rogueConnect } from '../helpers/listen-spy';
import { startServe } from '../helpers/cli';
import { startTogether } from '../helpers/together';
import { python } from '../helpers/python';
import type { PeerFaults } from '../../src/types';

/**
 * Hardening matrix for serve mode, both ways round: a broken `ipcbench serve` must give the client a
 * clear error naming tcp and the step, within the timeout; a hostile client must never stop the
 * server from serving the next run. Servers run in this process (fast) except where the fault exits
 * the process (crash), which runs the real CLI.
 */
const TOKEN = 'hardening-token';
// Generous bounds (a loaded machine stalls for seconds): the cases about timeouts set their own.
const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 10_000, stepTimeoutMs: 10_000 });
const servers: RunningServer[] = [];

/** A server of this test's own (tests run concurrently), with its log lines. */
async function serve(faults?: PeerFaults, idleTimeoutMs = 20_000): Promise<RunningServer & { logs: string[] }> {
  const logs: string[] = [];
  const server = await startServer({ host: '127.0.0.1', port: 0, token: TOKEN, idleTimeoutMs, faults, log: (l) => logs.push(l) });
  servers.push(server);
  return Object.assign(server, { logs });
}

const client = (s: RunningServer, token = TOKEN) => remoteTcp(s.address, token);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  expect(await lingeringChildren()).toEqual([]);
});

describe('hardening: a broken serve', () => {
  it.concurrent.each<[string, PeerFaults, Partial<typeof quick>, RegExp, Function]>([
    ['never ready', { neverReady: true }, { readyTimeoutMs: 300 }, /^tcp: ready: no ready line from ipcbench serve at 127\.0\.0\.1:\d+ within 300 ms$/, PeerTimeoutError],
    ['wrong handshake', { handshakeReply: 3 }, {}, /^tcp: handshake: expected 2, got 3$/, ProtocolError],
    ['wrong reply mid-run', { wrongReplyAt: 50 }, {}, /^tcp: round trip: expected 102, got 103 at round trip 30$/, ProtocolError],
    ['hang mid-run', { hangAt: 100 }, { stepTimeoutMs: 600 }, /^tcp: round trip: no reply 202 within 600 ms$/, PeerTimeoutError],
    ['garbage bytes', { garbageAt: 10 }, {}, /^tcp: warmup: bad line framing: byte 0x67/, PeerFailureError],
    ['an over-long line', { overlongAt: 10 }, {}, /^tcp: warmup: bad line framing: a line longer than 16 digits/, PeerFailureError],
    ['flood without waiting', { floodAt: 10 }, {}, /^tcp: warmup: expected \d+, got \d+ at round trip 11$/, ProtocolError],
  ])('%s: a clear error naming tcp and the step, within the timeout', async (_case, faults, config, message, type) => {
    const s = await serve(faults);
    const failure = runOnce(client(s), { config: { ...quick, ...config } });
    await expect(failure).rejects.toBeInstanceOf(type);
    await expect(failure).rejects.toThrow(message);
  });

  it.concurrent('crash mid-run (the serve process exits 13): a clear error naming the step', async () => {
    const crashing = await startServe(['--token', TOKEN, '--faults', JSON.stringify({ crashAt: 10 })]);
    try {
      const failure = runOnce(remoteTcp({ host: '127.0.0.1', port: crashing.port }, TOKEN), { config: quick });
      await expect(failure).rejects.toThrow(/^tcp: warmup: tcp connection to 127\.0\.0\.1:\d+ (closed|reset)/);
      expect((await crashing.done).code).toBe(13);
    } finally {
      crashing.child.kill('SIGKILL');
    }
  });

  it.concurrent('nothing listening: a clear error, not a hang', async () => {
    const s = await serve();
    const { port } = s.address;
    await s.close();
    await expect(runOnce(remoteTcp({ host: '127.0.0.1', port }, TOKEN), { config: quick })).rejects.toThrow(`tcp: ready: cannot reach ipcbench serve at 127.0.0.1:${port}: ECONNREFUSED`);
  });
});

describe('hardening: hostile clients never stop serve from serving the next run', () => {
  it.concurrent('rogue clients connecting first (silent, wrong token) are refused; the run completes', async () => {
    const s = await serve();
    const silent = await rogueConnect(s.address.port);
    const wrong = await rogueConnect(s.address.port, 'guess\n');
    expect((await runOnce(client(s), { config: quick })).roundTrips).toBe(quick.roundTrips);
    await wrong.closedByServer;
    expect(s.logs.some((l) => /refused: bad token/.test(l))).toBe(true);
    silent.socket?.destroy();
  });

  it.concurrent('rogue clients connecting mid-run are refused (busy, bad token); the run completes unaffected', async () => {
    const s = await serve();
    const transport = client(s);
    const { channel, peer } = await transport.open({ readyTimeoutMs: 10_000 });
    try {
      const replies = await answersFor(s.address.port, [`${TOKEN}\n`, 'guess\n']);
      expect(replies).toEqual(['error: busy\n', 'error: bad token\n']);
      channel.send(0);
      expect((await peer.exited).code).toBe(0);
    } finally {
      peer.kill();
      await channel.close();
    }
    expect((await runOnce(transport, { config: quick })).roundTrips).toBe(quick.roundTrips);
  });

  it.concurrent.each([
    ['garbage bytes', 'garb\u0000\u00ff\n', /dropped: bad line framing/],
    ['an over-long line', '9'.repeat(1 << 20), /dropped: bad line framing: a line longer than 16 digits/],
  ])('a client sending %s is dropped; the next run completes', async (_case, bytes, logged) => {
    const s = await serve();
    const rogue = await authenticated(s.address.port);
    rogue.write(bytes);
    await new Promise((resolve) => rogue.once('close', resolve));
    expect(s.logs.join('\n')).toMatch(logged);
    expect((await runOnce(client(s), { config: quick })).roundTrips).toBe(quick.roundTrips);
  });

  it.each(['floods without reading', 'hangs mid-run'] as const)('a client that %s is dropped within the idle timeout; the next run completes', async (what) => {
    const { busy, roundTrips } = await idle[what]();
    expect(busy).toEqual(['error: busy\n']);
    expect(roundTrips).toBe(quick.roundTrips);
  });
});

/**
 * A client that sends and never reads, with a receive buffer of 4 KiB (Python: Node cannot set SO_RCVBUF
 * on TCP). Loopback still holds up to the kernel's largest send buffer (tcp_wmem's maximum, 4 MiB on the
 * reference machine) of the server's replies before Node buffers them, so it sends enough 15-digit values
 * (17-byte replies) for that, plus MAX_UNREAD_BYTES, plus 1 MiB; the server then has ~0.5 s of work. Then
 * it holds the socket, bounded.
 */
const FLOODER = `
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(('127.0.0.1', int(sys.argv[1])))
s.sendall(sys.argv[2].encode() + b'\\n')
assert s.recv(6) == b'ready\\n'
try:
    s.sendall(b'1\\n' + b'999999999999999\\n' * int(sys.argv[3]))
except OSError:
    pass
time.sleep(20)
`;
const kernelSendMax = (() => {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/tcp_wmem', 'utf8').trim().split(/\s+/)[2]) || 4 << 20;
  } catch {
    return 4 << 20;
  }
})();

// Bounded: a kernel that buffers more than 32 MiB per socket would make the flood too big for a unit test.
const floodSkip = !python.ok ? python.reason : kernelSendMax > 32 << 20 ? `the kernel buffers up to ${kernelSendMax} bytes per socket` : undefined;
(floodSkip ? it.skip : it)(`a client that floods without reading is dropped once ${MAX_UNREAD_BYTES} bytes of replies wait, before any idle timeout; the next run completes${floodSkip ? ` (skipped: ${floodSkip})` : ''}`, async () => {
  const s = await serve(); // a 20 s idle timeout: a drop within the wait below is the flood guard's
  const values = Math.ceil((kernelSendMax + MAX_UNREAD_BYTES + (1 << 20)) / '1000000000000000\n'.length);
  const flooder = spawn('python3', ['-c', FLOODER, String(s.address.port), TOKEN, String(values)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  flooder.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => flooder.once('close', resolve));
  try {
    await waitForLog(s.logs, /^run 1 from \S+: dropped: .*the client does not read its replies \(flooding\)/, 10_000).catch((error: Error) => {
      throw new Error(`${error.message}${stderr ? `; the flooding client said: ${stderr.trim()}` : ''}`);
    });
    expect((await runOnce(client(s), { config: quick })).roundTrips).toBe(quick.roundTrips);
  } finally {
    flooder.kill();
    await exited;
  }
});

/**
 * The two idle-timeout cases wait 1.5 s or more each: they start with the file (beforeAll), so that the
 * other tests run meanwhile, and their tests check what they saw.
 */
const idle = startTogether({
  'floods without reading': () => idleCase((socket) => socket.write('5\n'.repeat(300_000))),
  'hangs mid-run': () => idleCase((socket) => socket.write('1\n')),
});

async function idleCase(misbehave: (socket: net.Socket) => void): Promise<{ busy: string[]; roundTrips: number }> {
  const s = await serve(undefined, 1500); // the busy check below must come within the idle timeout, even under load
  const rogue = await authenticated(s.address.port);
  try {
    rogue.pause(); // never reads
    misbehave(rogue);
    const busy = await answersFor(s.address.port, [`${TOKEN}\n`]);
    await waitForLog(s.logs, /^run 1 from \S+: dropped: /); // the rogue's run, not the refused client
    const { roundTrips } = await runOnce(client(s), { config: quick });
    return { busy, roundTrips };
  } finally {
    rogue.destroy();
  }
}

async function waitForLog(logs: string[], pattern: RegExp, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!logs.some((l) => pattern.test(l))) {
    if (Date.now() > deadline) throw new Error(`no log line ${pattern} within ${ms} ms; logs: ${logs.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Connects with the token and waits for "ready". */
function authenticated(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(`${TOKEN}\n`));
    socket.on('error', () => undefined);
    socket.once('data', (chunk) => (chunk.toString() === 'ready\n' ? resolve(socket) : reject(new Error(`not ready: ${chunk}`))));
  });
}

/** For each first line, connects, sends it and collects what the server says before closing. */
function answersFor(port: number, lines: string[]): Promise<string[]> {
  return Promise.all(
    lines.map(
      (line) =>
        new Promise<string>((resolve) => {
          let said = '';
          const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(line));
          socket.on('data', (chunk) => (said += chunk));
          socket.on('error', () => undefined);
          socket.once('close', () => resolve(said));
        }),
    ),
  );
}
