import { parentPort } from 'node:worker_threads';
import { isControl, waitFor, describeExit } from './peer-process';
import { startPeerWorker, type PeerWorker } from './peer-worker';
import { BodyWriter, decodeBody } from './binary-framing';
import type { Channel, Connection, OpenOptions, Transport } from '../types';

/**
 * worker_threads postMessage between the main thread and a worker: numbers on the classic wire, a
 * Buffer body (u64 counter + payload, copied by structured clone) in the payload sweep. The worker's
 * 'ready' message is the lab's Event. The exit code of the worker is the peer's exit status.
 */
export const worker: Transport = {
  name: 'worker',
  threadPeer: true,
  description: 'worker_threads postMessage (structured clone) between the main thread and a worker',
  supported: () => true,
  async open(options: OpenOptions): Promise<Connection> {
    const peer = startPeerWorker({ transport: 'worker', faults: options.faults, payloadBytes: options.payloadBytes });
    await waitFor('worker', peer.handle, options.readyTimeoutMs, 'no ready message from the worker', peer.stderrTail, (signal) => {
      const onMessage = (message: unknown): void => {
        if (isControl(message) && message.ipcbench === 'ready') signal();
      };
      peer.worker.on('message', onMessage);
      return () => peer.worker.off('message', onMessage);
    });
    const body = options.payloadBytes === undefined ? undefined : new BodyWriter(options.payloadBytes);
    return { channel: mainChannel(peer, body), peer: peer.handle };
  },
};

function mainChannel(peer: PeerWorker, body?: BodyWriter): Channel {
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let closed = false;
  const listener = (message: unknown): void => {
    if (peer.killed()) return; // terminate() is asynchronous; a late reply must not count
    if (typeof message === 'number') onMessage(message);
    else if (!isControl(message)) onFailure(new Error(`worker: a message that is not a number: ${JSON.stringify(message)}`));
  };
  peer.worker.on('message', listener);
  void peer.handle.exited.then((exit) => {
    if (!closed) onFailure(new Error(`peer exited (${describeExit(exit)})`));
  });
  return {
    // postMessage clones synchronously, so the reused body may change right after.
    send: (value) => peer.worker.postMessage(body ? body.encode(value) : value),
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    close: async () => {
      closed = true;
      peer.worker.off('message', listener);
    },
  };
}

/** The worker's end: parentPort. It answers with bare numbers on either wire. */
export async function connectWorkerPeer(): Promise<Channel> {
  const port = parentPort;
  if (!port) throw new Error('worker: connectWorkerPeer must run inside a worker thread');
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  const listener = (message: unknown): void => {
    const value = typeof message === 'number' ? message : decodeBody(message);
    if (!Number.isNaN(value)) onMessage(value);
    else onFailure(new Error('worker: a message that is neither a number nor a counter+payload body'));
  };
  port.on('message', listener);
  port.postMessage({ ipcbench: 'ready' });
  return {
    send: (value) => port.postMessage(value),
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    sendGarbage: () => port.postMessage('garbage: not a number'),
    close: async () => {
      port.off('message', listener);
    },
  };
}
