import { defineTransport } from '../contract/define';
import { streamEnd } from '../contract/stream-end';

/**
 * The peer's stdin and stdout pipes carry the protocol (the parent writes to its stdin, reads its
 * stdout); the IPC channel stays for control only: the ready signal and the peer's CPU report. The
 * peer must therefore never print to stdout: it writes diagnostics to stderr.
 */
export const stdio = defineTransport({
  name: 'stdio',
  description: "forked child's stdin/stdout pipes (IPC channel for control only), newline-delimited decimal; binary frames with a payload",
  stream: true,
  async parent(context) {
    const child = context.startPeer({}, { stdio: 'pipe' }).process!;
    if (!child.stdin || !child.stdout) throw new Error('the peer was started without stdin/stdout pipes');
    return streamEnd(context, { input: child.stdout, output: child.stdin }, { what: 'stdio pipe' });
  },
  async peer(_options, context) {
    return streamEnd(context, { input: process.stdin, output: process.stdout }, { what: 'stdio pipe' });
  },
});
