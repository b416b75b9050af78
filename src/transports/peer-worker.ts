import { Worker } from 'node:worker_threads';
import { peerEntry, isControl } from './peer-process';
import type { PeerExit, PeerHandle, PeerFaults } from '../types';

/** What the main thread hands a peer worker (workerData). */
export interface WorkerPeerData {
  transport: string;
  faults?: PeerFaults;
  payloadBytes?: number;
  /** The shared memory of the sab transports. */
  shared?: SharedArrayBuffer;
  /** sab-spin / sab-hybrid: µs to spin before sleeping. */
  spinBudgetMicros?: number;
}

/** Every peer worker still running; tests check it is empty after each run. */
const live = new Set<Worker>();

export function liveWorkerCount(): number {
  return live.size;
}

const STDERR_TAIL_BYTES = 4096;

export interface PeerWorker {
  worker: Worker;
  /** Exit code as `code`, never a signal; kill() = terminate(). */
  handle: PeerHandle;
  /** True once kill() was called: replies after that must not count. */
  killed(): boolean;
  stderrTail(): string;
}

/**
 * Starts `dist/worker-peer.js` as a worker thread. The worker's CPU report is its own thread's time
 * (see threadCpuSeconds); its stderr is captured for error messages.
 */
export function startPeerWorker(data: WorkerPeerData): PeerWorker {
  const worker = new Worker(peerEntry('worker-peer.js'), { workerData: data, stderr: true });
  live.add(worker);
  let stderr = '';
  worker.stderr.setEncoding('utf8');
  worker.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_BYTES);
  });
  // An uncaught exception in the worker: keep it for the error message (the exit follows).
  worker.on('error', (error: Error) => {
    stderr = `${stderr}${error.message}\n`.slice(-STDERR_TAIL_BYTES);
  });
  let cpu: number | undefined;
  let reportThread: (tid: number | undefined) => void = () => undefined;
  const threadId = new Promise<number | undefined>((resolve) => (reportThread = resolve));
  worker.on('message', (message: unknown) => {
    if (!isControl(message)) return;
    if (message.ipcbench === 'cpu') cpu = message.seconds;
    else if (message.ipcbench === 'thread') reportThread(message.tid);
  });
  let exitedCode: number | undefined;
  const exited = new Promise<PeerExit>((resolve) => {
    worker.once('exit', (code) => {
      exitedCode = code;
      live.delete(worker);
      reportThread(undefined);
      resolve({ code, signal: null });
    });
  });
  let killed = false;
  const handle: PeerHandle = {
    exited,
    cpuSeconds: () => cpu,
    threadId,
    kill: () => {
      killed = true;
      if (exitedCode === undefined) void worker.terminate();
    },
  };
  return { worker, handle, killed: () => killed, stderrTail: () => stderr.trim() };
}
