// MessagePack frames (msgpackr) over a unix domain socket: the parent listens on a socket in a private
// temp folder (mode 0700: no other user can connect) and removes the folder once the peer is in. Every
// message is one msgpack value, so numbers, strings, bytes and objects (--message object) go as they are.
//   npx ipcbench run -t unix,./examples/transports/msgpack-unix.js
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { once } = require('node:events');
const { Packr, UnpackrStream } = require('msgpackr');
const { defineTransport } = require('ipcbench');

module.exports = defineTransport({
  name: 'msgpack-unix',
  description: 'msgpackr frames over a unix domain socket in a private temp folder',
  carries: ['number', 'string', 'bytes', 'object'],
  supported: () => (process.platform === 'win32' ? 'no unix domain sockets in Node on Windows' : true),
  async parent(context) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgpack-unix-'));
    const server = net.createServer();
    try {
      server.listen(path.join(dir, 'peer.sock'));
      await once(server, 'listening');
      context.startPeer({ socketPath: server.address() });
      const [socket] = await once(server, 'connection', { signal: context.signal });
      return msgpackEnd(socket, context);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  async peer({ socketPath }, context) {
    const socket = net.connect(socketPath);
    await once(socket, 'connect', { signal: context.signal });
    return msgpackEnd(socket, context);
  },
});

function msgpackEnd(socket, context) {
  const packr = new Packr();
  socket.pipe(new UnpackrStream()).on('data', context.deliver).on('error', (error) => context.fail(`not a msgpack frame: ${error.message}`));
  socket.on('close', () => context.fail('unix socket closed by the other side'));
  socket.on('error', (error) => context.fail(`unix socket closed by an error: ${error.message}`));
  return {
    send: (message) => socket.write(packr.pack(message)),
    close: () => socket.destroy(),
  };
}
