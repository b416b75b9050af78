import * as net from 'node:net';

/**
 * Calls `onListening(port)` whenever a net.Server in this process starts listening, before anyone
 * else hears of the port: lets a test play a rogue local client that connects to a run's port first.
 * Returns the restore function.
 */
export function onAnyListen(onListening: (port: number) => void): () => void {
  const original = net.Server.prototype.listen;
  const spy = jest.spyOn(net.Server.prototype, 'listen').mockImplementation(function (this: net.Server, ...args: unknown[]) {
    this.once('listening', () => onListening((this.address() as net.AddressInfo).port));
    return (original as (...a: unknown[]) => net.Server).apply(this, args);
  });
  return () => spy.mockRestore();
}

/** Connects, writes `first` (if any), and resolves with how the connection went. */
export function rogueConnect(port: number, first?: string): Promise<{ refused: boolean; closedByServer: Promise<void>; socket?: net.Socket }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.resume(); // read (and drop) whatever comes, so the server's close is seen
    const closedByServer = new Promise<void>((closed) => socket.once('close', () => closed()));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve({ refused: true, closedByServer });
    });
    socket.once('connect', () => {
      if (first !== undefined) socket.write(first);
      resolve({ refused: false, closedByServer, socket });
    });
  });
}
