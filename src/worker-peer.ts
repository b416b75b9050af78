/**
 * Entry point of every peer *worker* (transports worker and sab): the workerData names the transport.
 * Opens the worker's end (which signals ready its own way: a message, or an Atomics notify), answers
 * x+1 until 0, reports its own thread's CPU time and ends with exit code 0. A crash fault ends it
 * abruptly with process.exit(13), which in a worker ends the thread with that code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectPeer, type PeerOptions } from './transports';
import { respond } from './protocol/responder';
import { threadCpuSeconds } from './measure/clock';
import type { WorkerPeerData } from './transports/peer-worker';

async function main(): Promise<void> {
  const data = workerData as WorkerPeerData;
  const faults = data.faults ?? {};
  if (faults.neverReady) {
    setInterval(() => undefined, 1 << 30); // stay alive, silent, until terminated
    return;
  }
  const cpuStart = threadCpuSeconds();
  const channel = await connectPeer(data.transport, data as unknown as PeerOptions);
  await respond(channel, faults);
  await channel.close();
  const cpuEnd = threadCpuSeconds();
  if (cpuStart !== undefined && cpuEnd !== undefined) parentPort?.postMessage({ ipcbench: 'cpu', seconds: cpuEnd - cpuStart });
  // Messages posted before process.exit are delivered before the worker's 'exit' event.
  process.exit(faults.exitStatus ?? 0);
}

// An error escapes as the worker's 'error' event (its message reaches the parent) and exit code 1.
void main();
