// HTTP/1.1 keep-alive with node:http: the parent runs the server on 127.0.0.1 (port 0), the peer is a
// client with a keep-alive agent (one socket, reused for every request). A round trip is one exchange:
// the peer POSTs its reply, the parent answers with the next value. The peer's first request, to the
// per-run secret path, opens the conversation. Objects travel as JSON (--message object).
//   npx ipcbench run -t tcp,./examples/transports/http.js
const http = require('node:http');
const { once } = require('node:events');
const { randomUUID } = require('node:crypto');
const { defineTransport } = require('ipcbench');

module.exports = defineTransport({
  name: 'http',
  description: 'HTTP/1.1 keep-alive (node:http) over 127.0.0.1, one request/response per round trip',
  carries: ['string', 'bytes', 'object'],
  async parent(context) {
    const secret = `/${randomUUID()}`;
    let pending; // the response that will carry the next value
    const server = http.createServer({ noDelay: true, keepAliveTimeout: 60_000 }, async (req, res) => {
      if (req.url !== secret) return res.writeHead(403).end(); // not our peer
      const body = await readBody(req);
      pending = res;
      if (body === undefined) server.emit('peer', req.socket);
      else context.deliver(body);
    });
    const close = () => {
      server.close();
      server.closeAllConnections();
    };
    try {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      context.startPeer({ port: server.address().port, path: secret });
      const [socket] = await once(server, 'peer', { signal: context.signal });
      socket.on('close', () => context.fail('http connection closed by the peer'));
    } catch (error) {
      close(); // the server serves the whole run, so it stays open only when the peer got in
      throw error;
    }
    return { send: (message) => writeBody(pending, message), close };
  },
  async peer({ port, path }, context) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (message) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent }, async (res) => context.deliver(await readBody(res)));
      req.on('error', (error) => context.fail(error));
      req.setNoDelay(true);
      if (message === undefined) req.end();
      else writeBody(req, message);
    };
    post(); // opens the conversation
    return { send: post, close: () => agent.destroy() };
  },
});

const TYPES = { string: 'text/plain', bytes: 'application/octet-stream', object: 'application/json' };

/** Strings as text, bytes as octets, objects as JSON; the content type says which. */
function writeBody(target, message) {
  const kind = typeof message === 'string' ? 'string' : message instanceof Uint8Array ? 'bytes' : 'object';
  target.setHeader('content-type', TYPES[kind]);
  target.end(kind === 'object' ? JSON.stringify(message) : message);
}

async function readBody(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const type = stream.headers['content-type'];
  return type === TYPES.string ? body.toString() : type === TYPES.object ? JSON.parse(body.toString()) : type === TYPES.bytes ? body : undefined;
}
