import { channelFor } from './channel';
import { loadModuleFile } from './load-module';
import { transportsIn } from './plugins';
import type { DefinedTransport } from './define';
import { respond } from '../protocol/responder';
import { cpuFromFirstMessage } from '../measure/exchange-cpu';
import type { PeerSpec } from './peer-spec';
import { markInsidePeer } from './in-peer';

/** How a peer talks to ipcbench besides the channel: the ready signal and its CPU report. */
export interface PeerControl {
  ready(): void;
  /**
   * CPU seconds used so far by this peer (process or thread); undefined if not knowable. `current`:
   * bring a per-thread figure up to date first, at the cost of a short sleep (see currentThreadCpuSeconds).
   */
  cpuSeconds(current?: boolean): number | undefined;
  /** Reports CPU seconds, then exits with `status`. */
  finish(cpuSeconds: number | undefined, status: number): void;
}

/**
 * The peer's whole life, the same for every transport: load the module, find the definition, open the
 * peer end, signal ready, answer x+1 until 0 (committing any faults asked for), close, report CPU time,
 * exit with status 0. `neverReady` stays alive and silent until killed.
 */
export async function runPeer(spec: PeerSpec, control: PeerControl): Promise<void> {
  markInsidePeer();
  const faults = spec.faults ?? {};
  if (faults.neverReady) {
    setInterval(() => undefined, 1 << 30);
    return;
  }
  const transport = await findTransport(spec.module, spec.name);
  const cpuStart = control.cpuSeconds(); // after loading the module: the peer's CPU is the channel's, not Node's module loader's
  const channel = channelFor(transport.definition, spec, true);
  const abort = new AbortController();
  const end = await transport.definition.peer(spec.options, { deliver: channel.deliver, fail: channel.fail, signal: abort.signal, payloadBytes: spec.payloadBytes });
  channel.attach(end);
  // CPU of the exchange only (handshake to stop): not start-up, nor a spinning peer's wait for the handshake.
  // The start needs no sleep: the peer has just woken up for the handshake, which updated its figure.
  const metered = cpuFromFirstMessage(channel, (atEnd) => control.cpuSeconds(atEnd) ?? Number.NaN);
  const answered = respond(metered.channel, faults); // installs its handlers before the parent may send
  control.ready();
  await answered;
  const seconds = metered.stop();
  await channel.close();
  control.finish(seconds === undefined || Number.isNaN(seconds) ? undefined : seconds, faults.exitStatus ?? 0);
}

/** The transport named `name` among the exports of `file` (made by defineTransport, or a plain definition). */
export async function findTransport(file: string, name: string): Promise<DefinedTransport> {
  const found = transportsIn(await loadModuleFile(file), file);
  const match = found.find((t) => t.name === name);
  if (!match) {
    throw new Error(`${file} exports no transport named "${name}"${found.length ? ` (it exports ${found.map((t) => `"${t.name}"`).join(', ')})` : ''}`);
  }
  return match;
}
