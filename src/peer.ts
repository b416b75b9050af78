/**
 * Entry point of every peer process: `node peer.js <transport> '<json options>'`.
 * Opens the transport's peer end, signals ready, answers x+1 until 0, reports its CPU time on the
 * control channel and exits 0. If the parent goes away it exits too, so it can never be orphaned.
 */
import { connectPeer, type PeerOptions } from './transports';
import { respond } from './protocol/responder';
import { cpuFromFirstMessage } from './measure/exchange-cpu';
import type { PeerFaults } from './types';

async function main(): Promise<void> {
  const [transport, json = '{}'] = process.argv.slice(2);
  const options = JSON.parse(json) as PeerOptions & { faults?: PeerFaults };
  const faults = options.faults ?? {};
  process.on('disconnect', () => process.exit(70)); // parent gone: never linger
  if (faults.neverReady) {
    setInterval(() => undefined, 1 << 30); // stay alive, silent, until killed
    return;
  }
  const connected = await connectPeer(transport, options);
  // The whole process (its I/O is part of the cost), from the handshake to the stop.
  const { channel, stop } = cpuFromFirstMessage(connected, () => {
    const cpu = process.cpuUsage();
    return (cpu.user + cpu.system) / 1e6;
  });
  process.send?.({ ipcbench: 'ready' });
  await respond(channel, faults);
  const seconds = stop();
  await channel.close();
  const status = faults.exitStatus ?? 0;
  const exit = (): never => process.exit(status);
  if (process.send && process.connected && seconds !== undefined) process.send({ ipcbench: 'cpu', seconds }, exit);
  else exit();
}

main().catch((error: unknown) => {
  process.stderr.write(`ipcbench peer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
