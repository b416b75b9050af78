import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PeerFailureError, PeerTimeoutError } from '../protocol/messages';
import type { PeerExit, PeerHandle } from '../types';

/** Control messages a peer process sends on its IPC channel (data messages are bare numbers). */
export type ControlMessage = { ipcbench: 'ready' } | { ipcbench: 'cpu'; seconds: number } | { ipcbench: 'thread'; tid: number | undefined };

export function isControl(message: unknown): message is ControlMessage {
  return typeof message === 'object' && message !== null && 'ipcbench' in message;
}

/** Every peer process still alive; killed when this process exits so none is ever orphaned. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Number of peer processes this process started that have not exited yet (used by tests). */
export function livePeerCount(): number {
  return live.size;
}

/**
 * A compiled entry script, given its path relative to src/ (e.g. 'peer.js'). Under ts-jest this module
 * runs from src/, where no .js exists and node runs no TypeScript, so it falls back to dist/ —
 * `npm test` builds first.
 */
export function peerEntry(file = 'peer.js'): string {
  const sibling = path.join(__dirname, '..', file);
  if (fs.existsSync(sibling)) return sibling;
  const built = path.join(__dirname, '..', '..', 'dist', file);
  if (fs.existsSync(built)) return built;
  throw new Error(`ipcbench: cannot find the compiled ${file} (looked for ${sibling} and ${built}); run "npm run build"`);
}

const STDERR_TAIL_BYTES = 4096;

export interface PeerProcess {
  child: ChildProcess;
  handle: PeerHandle;
  /** Resolves on the peer's 'ready' control message; rejects on timeout or early exit. */
  ready(timeoutMs: number): Promise<void>;
  /** The last bytes the peer wrote to stderr, for error messages. */
  stderrTail(): string;
}

/**
 * Forks the peer entry for `transport` with an IPC control channel. The peer learns what to do from
 * one JSON argument, so no shared state or fixed port is involved.
 */
export function startPeerProcess(
  transport: string,
  peerOptions: object,
  forkOptions: Pick<ForkOptions, 'serialization' | 'stdio'> = {},
): PeerProcess {
  const child = fork(peerEntry(), [transport, JSON.stringify(peerOptions)], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    ...forkOptions,
  });
  live.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_BYTES);
  });
  let cpu: number | undefined;
  child.on('message', (message) => {
    if (isControl(message) && message.ipcbench === 'cpu') cpu = message.seconds;
  });
  // 'close' comes after the exit *and* after the IPC and stdio pipes are drained, so a CPU report sent
  // just before exiting has been seen by then.
  const exited = new Promise<PeerExit>((resolve) => {
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => undefined); // a failed spawn also emits 'close'
  });
  const handle: PeerHandle = {
    exited,
    pid: child.pid,
    cpuSeconds: () => cpu,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  const stderrTail = (): string => stderr.trim();

  const ready = (timeoutMs: number): Promise<void> =>
    waitFor(transport, handle, timeoutMs, 'no ready signal from the peer', stderrTail, (signal) => {
      const onMessage = (message: unknown): void => {
        if (isControl(message) && message.ipcbench === 'ready') signal();
      };
      child.on('message', onMessage);
      return () => child.off('message', onMessage);
    });

  return { child, handle, ready, stderrTail };
}

/**
 * Waits for `subscribe` to call its signal, failing clearly on timeout or when the peer exits first.
 * The peer is killed on failure: a peer that never got ready must not linger.
 */
export function waitFor(
  transport: string,
  peer: PeerHandle,
  timeoutMs: number,
  what: string,
  stderrTail: () => string,
  subscribe: (signal: () => void) => () => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    // Assigned before subscribing: a subscriber may signal synchronously, from inside subscribe().
    let unsubscribe: () => void = () => undefined;
    let unsubscribed = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribed = true;
      unsubscribe();
      if (error) {
        // Reject only once the peer is gone, so a failed open() leaves no process behind.
        peer.kill();
        void peer.exited.then(() => reject(error));
      } else resolve();
    };
    const timer = setTimeout(() => settle(new PeerTimeoutError(transport, 'ready', what, timeoutMs)), timeoutMs);
    const release = subscribe(() => settle());
    if (unsubscribed) release(); // signalled already: clean up what subscribe() set up
    else unsubscribe = release;
    void peer.exited.then((exit) => {
      const tail = stderrTail();
      settle(new PeerFailureError(transport, 'ready', `peer exited (${describeExit(exit)}) before it was ready${tail ? `; its stderr: ${tail}` : ''}`));
    });
  });
}

export function describeExit(exit: PeerExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`;
}
