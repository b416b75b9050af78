import { PeerFailureError } from '../protocol/messages';
import { startPeerProcess } from './peer-process';
import { streamChannel } from './stream-channel';
import { streamWire } from './wire';
import type { Channel, Connection, OpenOptions, Transport } from '../types';

/**
 * The child's stdin and stdout pipes carry the protocol (parent writes to its stdin, reads its stdout);
 * the IPC channel stays for control only: the ready signal and the peer's CPU report. The peer must
 * therefore never print to stdout: it writes diagnostics to stderr.
 */
export const stdio: Transport = {
  name: 'stdio',
  description: "forked child's stdin/stdout pipes (IPC channel for control only), newline-delimited decimal; binary frames with a payload",
  supported: () => true,
  async open(options: OpenOptions): Promise<Connection> {
    const proc = startPeerProcess('stdio', { faults: options.faults, payloadBytes: options.payloadBytes }, { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    await proc.ready(options.readyTimeoutMs);
    const { stdin, stdout } = proc.child;
    if (!stdin || !stdout) {
      proc.handle.kill();
      await proc.handle.exited;
      throw new PeerFailureError('stdio', 'ready', 'the child was started without stdin/stdout pipes');
    }
    return { channel: streamChannel({ input: stdout, output: stdin }, 'stdio pipe', undefined, streamWire(options.payloadBytes)), peer: proc.handle };
  },
};

/** The child's end: its own stdin and stdout. */
export async function connectStdioPeer(options: { payloadBytes?: number }): Promise<Channel> {
  return streamChannel({ input: process.stdin, output: process.stdout }, 'stdio pipe', undefined, streamWire(options.payloadBytes, true));
}
