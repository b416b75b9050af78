import { measureConnection } from '../src/runner';
import { resolveConfig } from '../src/config';
import { PeerFailureError } from '../src/protocol/messages';
import type { Channel, PeerExit, PeerHandle } from '../src/types';

/**
 * A failed run names how its peer ended when the peer ended by itself, and ends a peer that is still
 * running at once instead of waiting for it. In-process fakes: the order of events is what is tested.
 */
const config = resolveConfig({ roundTrips: 10, warmup: 0, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 5000 });

/** A channel whose first send fails it with `reason` (on the next microtask, like real I/O). */
function failingChannel(reason: string): Channel {
  let fail: (error: Error) => void = () => undefined;
  return {
    send: () => queueMicrotask(() => fail(new Error(reason))),
    onMessage: () => undefined,
    onFailure: (handler) => {
      fail = handler;
    },
    close: async () => undefined,
  };
}

/** A peer whose kill() ends it with `onKill` (a live peer) or does nothing (one already exiting: `end` ends it). */
function fakePeer(kind: 'process' | 'thread', onKill?: PeerExit) {
  let end: (exit: PeerExit) => void = () => undefined;
  const exited = new Promise<PeerExit>((resolve) => (end = resolve));
  const peer: PeerHandle & { killed: boolean } = {
    exited,
    pid: kind === 'process' ? process.pid : undefined, // only read (CPU affinity), never signalled
    cpuSeconds: () => undefined,
    killed: false,
    kill: () => {
      peer.killed = true;
      if (onKill) end(onKill);
    },
  };
  return { peer, end };
}

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

it('a live process peer (garbage) is killed at once; its SIGKILL is ours and is not added', async () => {
  const { peer } = fakePeer('process', { code: null, signal: 'SIGKILL' });
  const run = measureConnection('tcp', { channel: failingChannel('bad line framing'), peer }, config);
  run.catch(() => undefined);
  await turns(5); // a few event-loop turns, far less than any grace period: killed already
  expect(peer.killed).toBe(true);
  await expect(run).rejects.toThrow(/^tcp: handshake: bad line framing \(while waiting for 2\)$/);
});

it('a process peer whose stream closed before its exit was seen keeps its own status', async () => {
  const { peer, end } = fakePeer('process'); // exiting: the kill changes nothing
  const run = measureConnection('tcp', { channel: failingChannel('tcp connection closed by the peer'), peer }, config);
  run.catch(() => undefined);
  await turns(2);
  expect(peer.killed).toBe(true);
  end({ code: 13, signal: null });
  await expect(run).rejects.toBeInstanceOf(PeerFailureError);
  await expect(run).rejects.toThrow(/closed by the peer \(while waiting for 2\); the peer ended with exit status 13$/);
});

it('a process peer killed by a signal that is not ours says so', async () => {
  const { peer, end } = fakePeer('process');
  const run = measureConnection('unix', { channel: failingChannel('unix socket reset by the peer'), peer }, config);
  run.catch(() => undefined);
  await turns(2);
  end({ code: null, signal: 'SIGSEGV' });
  await expect(run).rejects.toThrow(/; the peer ended with killed by SIGSEGV$/);
});

it('a peer already gone when the run failed (a worker: its exit fails the channel) has its status said once', async () => {
  const { peer, end } = fakePeer('thread');
  end({ code: 13, signal: null });
  await peer.exited;
  const run = measureConnection('worker', { channel: failingChannel('peer exited (exit status 13)'), peer }, config);
  await expect(run).rejects.toThrow(/^worker: handshake: peer exited \(exit status 13\) \(while waiting for 2\)$/);
});

it('a peer gone with another status than the one its channel reported has both', async () => {
  const { peer, end } = fakePeer('thread');
  end({ code: 13, signal: null });
  await peer.exited;
  const run = measureConnection('worker', { channel: failingChannel('peer exited (exit status 1)'), peer }, config);
  await expect(run).rejects.toThrow(/^worker: handshake: peer exited \(exit status 1\) \(while waiting for 2\); the peer ended with exit status 13$/);
});

it('a live thread peer is terminated at once; its exit code is ours and is not added', async () => {
  const { peer } = fakePeer('thread', { code: 1, signal: null });
  const run = measureConnection('sab', { channel: failingChannel('a message that is not a protocol value: null'), peer }, config);
  run.catch(() => undefined);
  await turns(5);
  expect(peer.killed).toBe(true);
  await expect(run).rejects.toThrow(/^sab: handshake: a message that is not a protocol value: null \(while waiting for 2\)$/);
});
