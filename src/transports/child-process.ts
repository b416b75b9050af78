import { defineTransport } from '../contract/define';
import type { End, EndContext, MessageKind } from '../contract/types';

type Serialization = 'json' | 'advanced';

/** JSON carries numbers, strings and objects; bytes only as an array of numbers, which is no byte payload. */
const CARRIES: Record<Serialization, readonly MessageKind[]> = {
  json: ['number', 'string', 'object'],
  advanced: ['number', 'string', 'bytes', 'object'],
};

/**
 * child_process.fork IPC. Each direction is its own message stream (no shared queue, unlike the lab);
 * the peer's ready control message is the lab's Event (ipcbench waits for it before sending 1).
 */
function ipcTransport(name: string, serialization: Serialization) {
  return defineTransport({
    name,
    description: `child_process.fork IPC channel, serialization '${serialization}'`,
    carries: CARRIES[serialization],
    async parent(context) {
      const child = context.startPeer({}, { serialization }).process!;
      // Control messages share this channel; ipcbench's decoder tells them apart.
      child.on('message', context.deliver);
      return {
        // child.send serializes synchronously, so a reused message may change right after.
        send: (message) => {
          if (child.connected) child.send(message as object);
        },
        close: () => {
          child.off('message', context.deliver);
        },
      };
    },
    async peer(_options, context) {
      return processEnd(context);
    },
  });
}

/** The child's end: process.send / process.on('message'). */
function processEnd(context: EndContext): End {
  process.on('message', context.deliver);
  return {
    send: (message) => {
      process.send?.(message as object);
    },
    close: () => {
      process.off('message', context.deliver);
    },
  };
}

export const ipc = ipcTransport('ipc', 'json');
export const ipcAdvanced = ipcTransport('ipc-advanced', 'advanced');
