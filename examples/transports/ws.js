// WebSocket with the `ws` package: the parent runs a WebSocketServer on 127.0.0.1 (port 0, so runs never
// collide), the peer connects with a per-run secret in the URL (any other client is turned away), and
// every message is one WebSocket frame: text for decimal counters, binary for payload bodies.
//   npx ipcbench run -t tcp,./examples/transports/ws.js
const { once } = require('node:events');
const { randomUUID } = require('node:crypto');
const { WebSocket, WebSocketServer } = require('ws');
const { defineTransport } = require('ipcbench');

module.exports = defineTransport({
  name: 'ws',
  description: 'WebSocket (ws) over 127.0.0.1, one frame per message',
  carries: ['string', 'bytes'],
  async parent(context) {
    const secret = randomUUID();
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: ({ req }) => req.url === `/${secret}` });
    try {
      await once(server, 'listening');
      context.startPeer({ url: `ws://127.0.0.1:${server.address().port}/${secret}` });
      const [socket] = await once(server, 'connection', { signal: context.signal });
      return wsEnd(socket, context);
    } finally {
      server.close(); // stops accepting; the connection stays open
    }
  },
  async peer({ url }, context) {
    const socket = new WebSocket(url);
    await once(socket, 'open', { signal: context.signal });
    return wsEnd(socket, context);
  },
});

function wsEnd(socket, context) {
  socket.on('message', (data, isBinary) => context.deliver(isBinary ? data : data.toString()));
  socket.on('close', () => context.fail('websocket closed by the other side'));
  socket.on('error', (error) => context.fail(`websocket closed by an error: ${error.message}`));
  return {
    send: (message) => socket.send(message), // a string goes as a text frame, a Buffer as a binary frame
    close: () => socket.terminate(),
  };
}
