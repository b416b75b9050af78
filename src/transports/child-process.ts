import type { ChildProcess } from 'node:child_process';
import { isControl, startPeerProcess, describeExit } from './peer-process';
import { BodyWriter, decodeBody } from './binary-framing';
import type { Channel, Connection, OpenOptions, Transport } from '../types';

type Serialization = 'json' | 'advanced';

/**
 * child_process.fork IPC. Each direction is its own message stream (no shared queue, unlike the lab),
 * and the child's 'ready' control message is the lab's Event: the parent waits for it before sending 1.
 */
function ipcTransport(name: string, serialization: Serialization): Transport {
  return {
    name,
    description: `child_process.fork IPC channel, serialization '${serialization}'`,
    supported: () => true,
    // JSON would carry bytes as an array of numbers (or base64 text): not a byte payload.
    payloadSupported: (bytes) =>
      serialization === 'advanced' || bytes === 0 ? true : "serialization 'json' cannot carry bytes (ipc-advanced can)",
    async open(options: OpenOptions): Promise<Connection> {
      const proc = startPeerProcess(name, { faults: options.faults }, { serialization });
      await proc.ready(options.readyTimeoutMs);
      // Binary wire: a Buffer body (u64 counter + payload); for json at 0 bytes the body is the bare counter.
      const body = options.payloadBytes !== undefined && serialization === 'advanced' ? new BodyWriter(options.payloadBytes) : undefined;
      return { channel: parentChannel(proc.child, name, body), peer: proc.handle };
    },
  };
}

export const ipc = ipcTransport('ipc', 'json');
export const ipcAdvanced = ipcTransport('ipc-advanced', 'advanced');

function parentChannel(child: ChildProcess, name: string, body?: BodyWriter): Channel {
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  let closed = false;
  const listener = (message: unknown): void => {
    if (typeof message === 'number') onMessage(message);
    else if (!isControl(message)) onFailure(new Error(`a message that is not a number: ${preview(message)}`));
  };
  child.on('message', listener);
  child.once('exit', (code, signal) => {
    if (!closed) onFailure(new Error(`peer exited (${describeExit({ code, signal })})`));
  });
  return {
    send: (value) => {
      // child.send serializes synchronously, so the reused body may change right after.
      if (child.connected) child.send(body ? body.encode(value) : value);
    },
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    close: async () => {
      closed = true;
      child.off('message', listener);
    },
  };
}

/** The child's end: process.send / process.on('message'); it answers with bare numbers either way. */
export async function connectIpcPeer(): Promise<Channel> {
  let onMessage: (value: number) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  const listener = (message: unknown): void => {
    const value = typeof message === 'number' ? message : decodeBody(message);
    if (!Number.isNaN(value)) onMessage(value);
    else onFailure(new Error(`a message that is neither a number nor a counter+payload body: ${JSON.stringify(message)}`));
  };
  process.on('message', listener);
  return {
    send: (value) => {
      process.send?.(value);
    },
    onMessage: (handler) => {
      onMessage = handler;
    },
    onFailure: (handler) => {
      onFailure = handler;
    },
    sendGarbage: () => {
      process.send?.({ garbage: 'not a number' });
    },
    sendOverlong: () => {
      process.send?.('9'.repeat(1 << 20));
    },
    close: async () => {
      process.off('message', listener);
    },
  };
}

/** At most 80 characters of an unexpected message: a hostile peer must not make our error message huge. */
function preview(message: unknown): string {
  const text = JSON.stringify(message) ?? String(message);
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
}
