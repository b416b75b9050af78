import { delay } from '../process/delay';
import { channelFor } from './channel';
import { startPeerProcess, type StartedPeerInternals } from '../transports/peer-process';
import { peerExitedWords } from '../process/exit-words';
import { startPeerWorker } from '../transports/peer-worker';
import { PeerError, PeerFailureError, PeerTimeoutError } from '../protocol/messages';
import type { DefinedTransport } from './define';
import type { End, ParentContext, StartedPeer } from './types';
import type { Connection, OpenOptions, PeerExit, PeerHandle } from '../runtime-types';
import type { PeerFaults } from '../faults';

/**
 * Opens a defined transport: runs the user's parent end (which starts the peer), then waits until the
 * parent end is connected *and* the peer said ready — within the ready timeout, failing clearly if the
 * peer exits first or the run is cancelled. On any failure the peer is killed and the End closed before
 * the error propagates, so a failed open leaves nothing behind.
 */
export function openParent<P>(transport: DefinedTransport<P>, options: OpenOptions, faults?: PeerFaults): Promise<Connection> {
  const { definition, name } = transport;
  const channel = channelFor(definition, options, false);
  const abort = new AbortController();
  let started: StartedPeerInternals | undefined;
  let settled = false;
  let onStarted: (peer: StartedPeerInternals) => void = () => undefined;

  const context: ParentContext<P> = {
    deliver: channel.deliver,
    fail: channel.fail,
    signal: abort.signal,
    payloadBytes: options.payloadBytes,
    startPeer: (peerOptions, spawn) => {
      if (started) throw new Error(`${name}: startPeer() was called twice; a run has one peer`);
      if (settled) throw new Error(`${name}: startPeer() was called after the open was given up (${String(abort.signal.reason)})`);
      const spec = { module: transport.module, name, options: peerOptions, payloadBytes: options.payloadBytes, message: options.message, faults };
      let api: StartedPeer;
      if (definition.peerRuns === 'worker') {
        const peer = startPeerWorker(spec);
        started = peer;
        api = { worker: peer.worker };
      } else {
        const peer = startPeerProcess(spec, spawn);
        started = peer;
        api = { process: peer.child };
      }
      onStarted(started);
      return api;
    },
  };

  return new Promise<Connection>((resolve, reject) => {
    let end: End | undefined;
    let ready = false;
    const timeoutMs = options.readyTimeoutMs;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
      if (error) {
        abort.abort(error);
        void giveUp(error);
      } else resolve({ channel, peer: connectedHandle(started!) });
    };
    // Whatever the user's End does while being stopped (throw, never settle), the open rejects with the
    // error that came first, within a bounded time.
    const giveUp = async (error: Error): Promise<void> => {
      try {
        channel.peerKilled();
        started?.handle.kill();
        await Promise.race([started?.handle.exited, delay(timeoutMs)]);
        await Promise.race([channel.close().catch(() => undefined), delay(timeoutMs)]);
      } catch {
        // the End failed while being stopped: the first error is the one to report
      } finally {
        reject(error);
      }
    };
    const check = (): void => {
      if (end && ready) settle();
    };
    const timer = setTimeout(() => {
      const what = !started ? 'the parent end did not start the peer' : !ready ? 'no ready signal from the peer' : 'the parent end did not connect';
      settle(new PeerTimeoutError(name, 'ready', what, timeoutMs));
    }, timeoutMs);
    const onCancel = (): void => settle(cancelled(name, options.signal?.reason));
    if (options.signal?.aborted) return onCancel();
    options.signal?.addEventListener('abort', onCancel, { once: true });

    onStarted = (peer) => {
      void peer.ready.then(() => {
        ready = true;
        check();
      });
      void peer.handle.exited.then((exit) => settle(new PeerFailureError(name, 'ready', peerExited(exit, peer, ' before it was ready'))));
    };

    const closeLate = (late: End): void => void Promise.resolve(late.close()).catch(() => undefined);
    let opening: Promise<End>;
    try {
      opening = Promise.resolve(definition.parent(context));
    } catch (error) {
      opening = Promise.reject(error);
    }
    opening.then(
      (opened) => {
        if (settled) return closeLate(opened);
        end = opened;
        channel.attach(opened);
        if (!started) settle(new PeerFailureError(name, 'ready', 'parent() resolved without calling context.startPeer()'));
        else check();
      },
      (error: unknown) => settle(error instanceof PeerError ? error : new PeerFailureError(name, 'ready', error instanceof Error ? error.message : String(error), error)),
    );
  });

  /** The peer handle of an open connection: killing it first tells the channel (late values must not count). */
  function connectedHandle(peer: StartedPeerInternals): PeerHandle {
    void peer.handle.exited.then((exit) => channel.fail(peerExited(exit, peer)));
    return {
      exited: peer.handle.exited,
      pid: peer.handle.pid,
      threadId: peer.handle.threadId,
      cpuSeconds: () => peer.handle.cpuSeconds(),
      kill: () => {
        channel.peerKilled();
        peer.handle.kill();
      },
    };
  }
}

/** The error of a cancelled open: the signal's reason (an AbortError unless the caller gave one), as fetch and timers/promises do. */
function cancelled(transport: string, reason: unknown): Error {
  // Duck-typed: an AbortError is a DOMException, from another realm under test runners.
  const isError = typeof reason === 'object' && reason !== null && 'name' in reason && 'message' in reason;
  return isError ? (reason as Error) : new PeerFailureError(transport, 'ready', `the run was cancelled (${String(reason)})`);
}

/** "peer exited (exit status 1)<when>; its stderr: …": what a peer that went away last said is usually why. */
function peerExited(exit: PeerExit, peer: StartedPeerInternals, when = ''): string {
  const tail = peer.stderrTail();
  return `${peerExitedWords(exit)}${when}${tail ? `; its stderr: ${tail}` : ''}`;
}
