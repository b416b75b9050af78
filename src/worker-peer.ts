/**
 * Entry point of every peer *worker*: the workerData is the PeerSpec. Tells the parent its OS thread
 * id, then runs the peer end (see
 * contract/peer-main.ts), reporting on parentPort; reports its own thread's CPU time and ends with exit
 * code 0. A crash fault ends it abruptly with process.exit(13), which in a worker ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runPeer } from './contract/peer-main';
import { threadCpuSeconds, currentThreadCpuSeconds, osThreadId } from './measure/clock';
import type { PeerSpec } from './contract/peer-spec';

// First of all: this thread's OS id, so the parent can pin this thread alone (--pin split).
parentPort?.postMessage({ ipcbench: 'thread', tid: osThreadId() });

// An error escapes as the worker's 'error' event (its message reaches the parent) and exit code 1.
void runPeer(workerData as PeerSpec, {
  ready: () => parentPort?.postMessage({ ipcbench: 'ready' }),
  cpuSeconds: (current) => (current ? currentThreadCpuSeconds() : threadCpuSeconds()),
  finish: (seconds, status) => {
    if (seconds !== undefined) parentPort?.postMessage({ ipcbench: 'cpu', seconds });
    // Messages posted before process.exit are delivered before the worker's 'exit' event.
    process.exit(status);
  },
});
