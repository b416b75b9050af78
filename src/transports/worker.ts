import { parentPort } from 'node:worker_threads';
import { defineTransport } from '../contract/define';

/**
 * worker_threads postMessage between the main thread and a worker (structured clone): numbers on the
 * classic wire, a Buffer body (u64 counter + payload) or an object in the payload sweep. The worker's
 * ready message is the lab's Event; the worker's exit code is the peer's exit status.
 */
export const worker = defineTransport({
  name: 'worker',
  description: 'worker_threads postMessage (structured clone) between the main thread and a worker',
  peerRuns: 'worker',
  carries: ['number', 'string', 'bytes', 'object'],
  async parent(context) {
    const thread = context.startPeer({}).worker!;
    thread.on('message', context.deliver); // control messages too: ipcbench's decoder tells them apart
    return {
      // postMessage clones synchronously, so a reused message may change right after.
      send: (message) => thread.postMessage(message),
      close: () => {
        thread.off('message', context.deliver);
      },
    };
  },
  async peer(_options, context) {
    const port = parentPort;
    if (!port) throw new Error('worker: the peer end must run inside a worker thread');
    port.on('message', context.deliver);
    return {
      send: (message) => port.postMessage(message),
      close: () => {
        port.off('message', context.deliver);
      },
    };
  },
});
