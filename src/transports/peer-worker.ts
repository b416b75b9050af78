import { Worker } from 'node:worker_threads';
import { peerEntry, isControl, type StartedPeerInternals } from './peer-process';
import type { PeerExit, PeerHandle } from '../types';
import type { PeerSpec } from '../contract/peer-spec';

/** Every peer worker still running; tests check it is empty after each run. */
const live = new Set<Worker>();

export function liveWorkerCount(): number {
  return live.size;
}

const STDERR_TAIL_BYTES = 4096;

export interface PeerWorker extends StartedPeerInternals {
  /** Exit code as `code`, never a signal; kill() = terminate(). */
  worker: Worker;
}

/**
 * Starts `dist/worker-peer.js` as a worker thread with the spec as its workerData (structured clone,
 * so a SharedArrayBuffer in the options is shared). The worker's CPU report is its own thread's time
 * (see threadCpuSeconds); its stderr is captured for error messages.
 */
export function startPeerWorker(spec: PeerSpec): PeerWorker {
  const worker = new Worker(peerEntry('worker-peer.js'), { workerData: spec, stderr: true });
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
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    signalReady = resolve;
  });
  // The worker's OS thread id comes first of all its messages (see worker-peer.ts): --pin split pins it.
  let reportThread: (tid: number | undefined) => void = () => undefined;
  const threadId = new Promise<number | undefined>((resolve) => (reportThread = resolve));
  worker.on('message', (message: unknown) => {
    if (!isControl(message)) return;
    if (message.ipcbench === 'ready') signalReady();
    else if (message.ipcbench === 'cpu') cpu = message.seconds;
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
  const handle: PeerHandle = {
    exited,
    cpuSeconds: () => cpu,
    threadId,
    kill: () => {
      if (exitedCode === undefined) void worker.terminate();
    },
  };
  return { worker, handle, ready, stderrTail: () => stderr.trim() };
}
