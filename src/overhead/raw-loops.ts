import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { peerEntry } from '../transports/peer-process';
import { setAffinity, setThreadAffinity } from '../measure/pinning';
import { median } from '../measure/stats';

/**
 * Hand-written reference ping-pongs, one per mechanism, written without the harness so the harness's
 * own overhead can be measured against them. Each checks every reply (a loop that does not is not the
 * same work) and times only the measured round trips with the wall clock. `peerCpus` (overhead --pin
 * split) pins the peer — a process, or a worker's own thread — as the harness's runner does.
 */
export type RawLoop = (roundTrips: number, warmup: number, peerCpus?: number[]) => Promise<number>;

/** A reference loop must end; past this it fails instead of hanging the benchmark. */
const RAW_TIMEOUT_MS = 120_000;

interface Lockstep {
  reply(x: number): void;
  /** True once the loop has a result or an error: nothing more to wait for. */
  readonly settled: boolean;
  done: Promise<number>;
  fail(error: Error): void;
}

/** A child process or a worker: how it ends, and how to end it. */
interface RawPeer {
  exit: Promise<number | null>;
  stop(): void;
}

function asRawPeer(peer: ChildProcess | Worker): RawPeer {
  const exit = new Promise<number | null>((resolve) => peer.once('exit', resolve));
  return { exit, stop: () => void ('terminate' in peer ? peer.terminate() : peer.kill('SIGKILL')) };
}

/** Lockstep driver over `send`; `done` resolves with measured round trips per second once the peer exits. */
function lockstep(child: () => RawPeer | undefined, send: (x: number) => void, roundTrips: number, warmup: number): Lockstep {
  let settle!: (error: Error | null, rate?: number) => void;
  let settled = false;
  const done = new Promise<number>((resolve, reject) => {
    settle = (error, rate) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child()?.stop();
        reject(error);
      } else resolve(rate!);
    };
  });
  const timer = setTimeout(() => settle(new Error(`raw loop: no result within ${RAW_TIMEOUT_MS} ms`)), RAW_TIMEOUT_MS);
  let count = 0;
  let expected = 2;
  let start = 0n;
  return {
    done,
    get settled() {
      return settled;
    },
    fail: (error) => settle(error),
    reply(x: number): void {
      if (x !== expected) return settle(new Error(`raw loop: expected ${expected}, got ${x}`));
      // Every warm-up reply stamps the start (the last one counts): code first run once timing has
      // begun makes the JIT deoptimize, and recompile, a tight loop while it is timed.
      if (count <= warmup) start = process.hrtime.bigint();
      if (count++ === warmup + roundTrips) {
        const rate = roundTrips / (Number(process.hrtime.bigint() - start) / 1e9);
        send(0);
        const peer = child();
        if (!peer) return settle(null, rate);
        void peer.exit.then((code) => settle(code === 0 ? null : new Error(`raw peer exited with ${code}`), rate));
        return;
      }
      expected = x + 2;
      send(x + 1);
    },
  };
}

function forkRawPeer(args: string[], loop: () => Lockstep, peerCpus: number[] | undefined): ChildProcess {
  const child = fork(peerEntry('overhead/raw-peer.js'), args, { stdio: 'ignore' });
  child.once('error', (error) => loop().fail(error));
  if (peerCpus && child.pid) pinRawPeer(() => setAffinity(child.pid!, peerCpus), loop);
  return child;
}

/** Applies a placement; a failure fails the loop (its peer is then stopped) instead of skewing it. */
function pinRawPeer(pin: () => void, loop: () => Lockstep): boolean {
  try {
    pin();
    return true;
  } catch (error) {
    loop().fail(error as Error);
    return false;
  }
}

/** A raw worker's ready message carries its Linux thread id (see raw-worker.ts). */
function isReady(message: unknown): message is { ready: true; tid?: number } {
  return typeof message === 'object' && message !== null && 'ready' in message;
}

/** Pins a raw worker's own thread once it said ready; false when that failed (the loop has failed). */
function placeRawWorker(ready: { tid?: number }, peerCpus: number[] | undefined, loop: () => Lockstep): boolean {
  if (!peerCpus || !ready.tid) return true;
  return pinRawPeer(() => setThreadAffinity(ready.tid!, peerCpus), loop);
}

export const rawIpc: RawLoop = (roundTrips, warmup, peerCpus) => {
  const child = forkRawPeer(['ipc'], () => loop, peerCpus);
  const peer = asRawPeer(child);
  const loop = lockstep(() => peer, (x) => child.send(x), roundTrips, warmup);
  child.on('message', (m) => (m === 'ready' ? child.send(1) : loop.reply(m as number)));
  return loop.done;
};

function rawStream(listen: (server: net.Server) => Promise<string[]>): RawLoop {
  return (roundTrips, warmup, peerCpus) => {
    let child: RawPeer | undefined;
    let socket: net.Socket | undefined;
    const loop = lockstep(() => child, (x) => socket!.write(`${x}\n`), roundTrips, warmup);
    const server = net.createServer((accepted) => {
      server.close();
      socket = accepted;
      socket.setNoDelay(true);
      socket.setEncoding('latin1');
      let pending = '';
      socket.on('data', (text: string) => {
        pending += text;
        let newline: number;
        while ((newline = pending.indexOf('\n')) !== -1) {
          loop.reply(Number(pending.slice(0, newline)));
          pending = pending.slice(newline + 1);
        }
      });
      socket.on('error', () => undefined);
      socket.write('1\n');
    });
    listen(server).then((args) => (child = asRawPeer(forkRawPeer(args, () => loop, peerCpus))), (error: Error) => loop.fail(error));
    return loop.done.finally(() => server.close());
  };
}

export const rawTcp = rawStream(
  (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(['tcp', String((server.address() as net.AddressInfo).port)]))),
);

export const rawUnix = rawStream((server) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-raw-'));
  const socketPath = path.join(dir, 's');
  server.once('close', () => fs.rmSync(dir, { recursive: true, force: true }));
  return new Promise((resolve) => server.listen(socketPath, () => resolve(['unix', socketPath])));
});

function startRawWorker(mode: 'post' | 'sab' | 'spin', loop: () => Lockstep, shared?: SharedArrayBuffer): Worker {
  const worker = new Worker(peerEntry('overhead/raw-worker.js'), { workerData: { mode, shared } });
  worker.once('error', (error) => loop().fail(error));
  return worker;
}

export const rawWorker: RawLoop = (roundTrips, warmup, peerCpus) => {
  const worker = startRawWorker('post', () => loop);
  const peer = asRawPeer(worker);
  const loop = lockstep(() => peer, (x) => worker.postMessage(x), roundTrips, warmup);
  worker.on('message', (m) => {
    if (!isReady(m)) loop.reply(m as number);
    else if (placeRawWorker(m, peerCpus, () => loop)) worker.postMessage(1);
  });
  return loop.done;
};

/**
 * SharedArrayBuffer + Atomics, the main thread blocking in Atomics.wait for each reply (the harness's
 * sab transport waits the same way, in slices). One synchronous loop per run after the ready message.
 */
export const rawSab: RawLoop = (roundTrips, warmup, peerCpus) => {
  const shared = new SharedArrayBuffer(12);
  const ctrl = new Int32Array(shared);
  let sequence = 0;
  const send = (x: number): void => {
    Atomics.store(ctrl, 2, x);
    Atomics.store(ctrl, 0, ++sequence);
    Atomics.notify(ctrl, 0);
  };
  const worker = startRawWorker('sab', () => loop, shared);
  const peer = asRawPeer(worker);
  const loop = lockstep(() => peer, send, roundTrips, warmup);
  worker.once('message', (ready: { tid?: number }) => {
    if (!placeRawWorker(ready, peerCpus, () => loop)) return send(0);
    send(1);
    for (let i = 0; i <= warmup + roundTrips && !loop.settled; i++) {
      // Wait for this request's reply, re-checking the sequence: a wake-up is not a reply.
      while (Atomics.load(ctrl, 1) !== sequence) {
        if (Atomics.wait(ctrl, 1, sequence - 1, 5000) === 'timed-out') return loop.fail(new Error('raw sab: no reply within 5000 ms'));
      }
      loop.reply(Atomics.load(ctrl, 2));
    }
  });
  return loop.done;
};

/** Spins a busy-wait this many times between two looks at the clock (a reply takes ~100 spins). */
const SPINS_PER_CHECK = 1 << 20;
/** A spinning wait this long is a dead or stuck worker, not a slow reply. */
const RAW_STALL_MS = 5000;

/**
 * Both sides busy-wait on one shared cache line (the physical limit of a round trip between two
 * threads): main stores x in slot 0 and spins until slot 1 holds x+1; the worker spins on slot 0 and
 * stores x+1. `peerCpus` pins the worker's own thread (Linux), as --pin split does for sab-spin.
 */
export const rawSpin: RawLoop = (roundTrips, warmup, peerCpus) => rawSpinMeasured(roundTrips, warmup, peerCpus).then((measured) => measured.rate);

/** Every k-th measured round trip is timed, as the harness samples latency by default. */
const SAMPLE_EVERY = 8;

/**
 * rawSpin with its median round trip beside the rate. On a shared machine a spinning pair only makes
 * progress while both threads hold a CPU, so its *rate* depends on the other load; its median round
 * trip is the steady state while both run, which is what the harness adds to. Timed like the harness:
 * one round trip in SAMPLE_EVERY, stamped just after the next request is stored.
 */
export function rawSpinMeasured(roundTrips: number, warmup: number, peerCpus?: number[]): Promise<{ rate: number; p50Nanos: number }> {
  const samples = new Float64Array(Math.floor(roundTrips / SAMPLE_EVERY));
  let sampled = 0;
  let sampleStart = 0n;
  const ctrl = new Int32Array(new SharedArrayBuffer(64));
  const worker = startRawWorker('spin', () => loop, ctrl.buffer as SharedArrayBuffer);
  const peer = asRawPeer(worker);
  const loop = lockstep(() => peer, (x) => Atomics.store(ctrl, 0, x), roundTrips, warmup);
  worker.once('message', (ready: { tid?: number }) => {
    if (!placeRawWorker(ready, peerCpus, () => loop)) return Atomics.store(ctrl, 0, -1);
    Atomics.store(ctrl, 0, 1);
    for (let i = 0; i <= warmup + roundTrips && !loop.settled; i++) {
      const sent = Atomics.load(ctrl, 0);
      let reply: number;
      let spins = 0;
      let waitingSince = 0;
      while ((reply = Atomics.load(ctrl, 1)) <= sent) {
        if (++spins % SPINS_PER_CHECK !== 0) continue;
        const now = Date.now();
        if (waitingSince === 0) waitingSince = now;
        else if (now - waitingSince > RAW_STALL_MS) {
          Atomics.store(ctrl, 0, -1);
          return loop.fail(new Error(`raw spin: no reply within ${RAW_STALL_MS} ms`));
        }
      }
      loop.reply(reply);
      // The warm-up (m < 0) stamps alike, each overwritten by the next, as the harness's driver does:
      // no code is first run once timing has begun (see lockstep).
      const m = i - warmup;
      if (m % SAMPLE_EVERY === 0) {
        const now = process.hrtime.bigint();
        samples[sampled] = Number(now - sampleStart);
        sampled += m > 0 ? 1 : 0;
        sampleStart = now;
      } else if ((m + 1) % SAMPLE_EVERY === 0) sampleStart = process.hrtime.bigint();
    }
  });
  return loop.done.then((rate) => ({ rate, p50Nanos: median(Array.from(samples.subarray(0, sampled))) }));
}
