/**
 * The peer of the hand-written reference loops: deliberately the minimal code a person would write by
 * hand, with none of the harness (no framing class, no faults, no control channel beyond 'ready').
 * `node raw-peer.js ipc` | `node raw-peer.js tcp <port>` | `node raw-peer.js unix <path>`
 */
import * as net from 'node:net';

const [mode, where] = process.argv.slice(2);

if (mode === 'ipc') {
  process.on('message', (x: number) => {
    if (x === 0) process.exit(0);
    process.send!(x + 1);
  });
  process.send!('ready');
} else {
  const socket = mode === 'tcp' ? net.connect({ port: Number(where), host: '127.0.0.1', noDelay: true }) : net.connect(where);
  let pending = '';
  socket.setEncoding('latin1');
  socket.on('data', (text: string) => {
    pending += text;
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const x = Number(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      if (x === 0) process.exit(0);
      socket.write(`${x + 1}\n`);
    }
  });
  process.on('disconnect', () => process.exit(70));
}
