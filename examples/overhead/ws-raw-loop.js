// A hand-written WebSocket ping-pong on `ws`, without ipcbench: the reference `ipcbench overhead --plugin
// ./examples/transports/ws.js --raw-loop ./examples/overhead/ws-raw-loop.js` holds the ws plug-in to.
// Same work as the harness: a forked peer, text frames with decimal counters, every reply checked, the
// wall clock over the measured round trips only, stop with 0 and exit status 0.
const { fork } = require('node:child_process');
const { once } = require('node:events');
const { WebSocket, WebSocketServer } = require('ws');

/** Round trips per second of `roundTrips` measured round trips after `warmup`. */
async function rawLoop(roundTrips, warmup) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const peer = fork(__filename, ['peer', String(server.address().port)], { stdio: 'ignore' });
  const exited = once(peer, 'exit');
  try {
    const [socket] = await once(server, 'connection');
    const rate = await new Promise((resolve, reject) => {
      let expected = 2;
      let count = 0;
      let start;
      socket.on('message', (data) => {
        const x = Number(data.toString());
        if (x !== expected) return reject(new Error(`ws raw loop: expected ${expected}, got ${x}`));
        if (count === warmup) start = process.hrtime.bigint();
        if (count++ === warmup + roundTrips) {
          socket.send('0');
          return resolve(roundTrips / (Number(process.hrtime.bigint() - start) / 1e9));
        }
        expected = x + 2;
        socket.send(String(x + 1));
      });
      socket.on('close', () => reject(new Error('ws raw loop: the peer closed the connection')));
      socket.send('1');
    });
    const [code] = await exited;
    if (code !== 0) throw new Error(`ws raw loop: the peer exited with ${code}`);
    socket.terminate();
    return rate;
  } finally {
    peer.kill();
    server.close();
  }
}

if (process.argv[2] === 'peer') {
  const socket = new WebSocket(`ws://127.0.0.1:${process.argv[3]}`);
  socket.on('message', (data) => {
    const x = Number(data.toString());
    if (x === 0) process.exit(0);
    socket.send(String(x + 1));
  });
}

module.exports = { rawLoop };
