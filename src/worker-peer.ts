/**
 * Entry point of every peer *worker* (transports worker and sab*): the workerData names the transport.
 * First tells the main thread its OS thread id (so --pin split can pin this thread), then opens the
 * worker's end (which signals ready its own way: a message, or an Atomics notify), answers x+1 until
 * 0, reports its own thread's CPU time from the handshake to the stop and ends with exit code 0. A
 * crash fault ends it abruptly with process.exit(13), which in a worker ends the thread with that code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectPeer, type PeerOptions } from './transports';
import { respond } from './protocol/responder';
import { threadCpuSeconds, osThreadId } from './measure/clock';
import { cpuFromFirstMessage } from './measure/exchange-cpu';
import type { WorkerPeerData } from './transports/peer-worker';

async function main(): Promise<void> {
  const data = workerData as WorkerPeerData;
  const faults = data.faults ?? {};
  parentPort?.postMessage({ ipcbench: 'thread', tid: osThreadId() });
  if (faults.neverReady) {
    setInterval(() => undefined, 1 << 30); // stay alive, silent, until terminated
    return;
  }
  const connected = await connectPeer(data.transport, data as unknown as PeerOptions);
  // Its own thread only: process.cpuUsage() in a worker counts the main thread too.
  const { channel, stop } = cpuFromFirstMessage(connected, () => threadCpuSeconds() ?? Number.NaN);
  await respond(channel, faults);
  const seconds = stop();
  await channel.close();
  if (seconds !== undefined && !Number.isNaN(seconds)) parentPort?.postMessage({ ipcbench: 'cpu', seconds });
  // Messages posted before process.exit are delivered before the worker's 'exit' event.
  process.exit(faults.exitStatus ?? 0);
}

// An error escapes as the worker's 'error' event (its message reaches the parent) and exit code 1.
void main();
