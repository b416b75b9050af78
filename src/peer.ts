/**
 * Entry point of every peer process: `node peer.js '<json PeerSpec>'`. Runs the peer end of the
 * transport the spec names (see contract/peer-main.ts), reporting on the IPC control channel. If the
 * parent goes away it exits too, so it can never be orphaned.
 */
import { runPeer } from './contract/peer-main';
import type { PeerSpec } from './contract/peer-spec';

process.on('disconnect', () => process.exit(70)); // parent gone: never linger

const spec = JSON.parse(process.argv[2] ?? '{}') as PeerSpec;
runPeer(spec, {
  ready: () => process.send?.({ ipcbench: 'ready' }),
  cpuSeconds: () => {
    const cpu = process.cpuUsage();
    return (cpu.user + cpu.system) / 1e6;
  },
  finish: (seconds, status) => {
    const exit = (): never => process.exit(status);
    if (seconds !== undefined && process.send && process.connected) process.send({ ipcbench: 'cpu', seconds }, exit);
    else exit();
  },
}).catch((error: unknown) => {
  process.stderr.write(`ipcbench peer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
