import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PeerExit, PeerHandle } from '../types';
import type { SpawnOptions } from '../contract/types';
import type { PeerSpec } from '../contract/peer-spec';
import { onExitDrained } from '../process/exit-drained';

/** Control messages a peer sends on its IPC channel or parentPort (data messages are never these). */
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

/** A started peer (process or worker), as the opening code sees it. */
export interface StartedPeerInternals {
  handle: PeerHandle;
  /** Resolves on the peer's ready control message (never rejects: exits are seen on handle.exited). */
  ready: Promise<void>;
  /** The last bytes the peer wrote to stderr, for error messages. */
  stderrTail(): string;
}

export interface PeerProcess extends StartedPeerInternals {
  child: ChildProcess;
}

/**
 * Forks the peer entry with an IPC control channel. The peer learns what to do (which module and
 * transport, its options, faults) from one JSON argument, so no shared state or fixed port is involved.
 */
export function startPeerProcess(spec: PeerSpec, spawn: SpawnOptions = {}): PeerProcess {
  const child = fork(peerEntry(), [JSON.stringify(spec)], {
    stdio: [spawn.stdio ?? 'ignore', spawn.stdio ?? 'inherit', 'pipe', 'ipc'],
    serialization: spawn.serialization ?? 'json',
  });
  live.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_BYTES);
  });
  let cpu: number | undefined;
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    signalReady = resolve;
  });
  const onControl = (message: unknown): void => {
    if (!isControl(message)) return;
    if (message.ipcbench === 'ready') signalReady();
    else if (message.ipcbench === 'cpu') cpu = message.seconds;
  };
  child.on('message', onControl);
  // Drained, not just exited: a CPU report sent just before exiting has been read by then.
  const exited = new Promise<PeerExit>((resolve) => {
    const gone = (exit: PeerExit): void => {
      live.delete(child);
      resolve(exit);
    };
    onExitDrained(child, (code, signal) => gone({ code, signal }));
    child.once('error', () => {
      if (child.pid === undefined) gone({ code: null, signal: null }); // never started: no 'exit' comes
    });
  });
  const handle: PeerHandle = {
    exited,
    pid: child.pid,
    cpuSeconds: () => cpu,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  return { child, handle, ready, stderrTail: () => stderr.trim() };
}
