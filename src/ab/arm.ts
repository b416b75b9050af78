import * as readline from 'node:readline';
import { runOnce, placeable, erroredResult } from '../runner';
import { resolveTransportList } from '../contract/transport-list';
import { captureEnvironment } from '../measure/environment';
import { formatBytes } from '../measure/units';
import { VERSION } from '../version';
import { ARM_PROTOCOL, type ArmHello, type RepeatRequest, type RepeatResponse } from './protocol';
import type { PeerFaults, RunConfig } from '../types';

/**
 * `ipcbench ab-arm`: the arm side of `ab`. Measures one repeat per request with a fresh peer, inside
 * this process, so neither this process's start nor the peer's handshake is in the figure. Exits when
 * stdin closes (ab is gone), and its exit hook kills any peer still running.
 */
export async function serveArm(withEnv = true, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const send = (message: ArmHello | RepeatResponse): void => {
    output.write(`${JSON.stringify(message)}\n`);
  };
  send({ ipcbenchArm: ARM_PROTOCOL, tool: { name: 'ipcbench', version: VERSION }, env: withEnv ? captureEnvironment() : null });
  const faults = testFaults();
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    send(await answer(JSON.parse(line) as RepeatRequest, faults));
  }
  return 0;
}

/**
 * A known slowdown for the gate-quality bench and tests only: IPCBENCH_TEST_SPIN_MICROS makes every
 * peer busy-spin that long before each reply (arm command: `env IPCBENCH_TEST_SPIN_MICROS=3 node dist/cli.js`).
 */
function testFaults(): PeerFaults | undefined {
  const spin = Number(process.env.IPCBENCH_TEST_SPIN_MICROS ?? 0);
  return spin > 0 ? { spinMicros: spin } : undefined;
}

async function answer(request: RepeatRequest, faults: PeerFaults | undefined): Promise<RepeatResponse> {
  const { id } = request;
  try {
    // Built-in names and plug-in paths (-t ./x.js, resolved against ab's working directory, which arms inherit).
    const [transport] = (await resolveTransportList([request.transport])).transports;
    const payloadBytes = request.payloadBytes ?? undefined;
    const config: RunConfig = { ...request, repeats: 1, payloadBytes: payloadBytes === undefined ? undefined : [payloadBytes] };
    const supported = placeable(transport, config);
    if (supported !== true) return { id, status: 'skipped', reason: supported };
    const carried = payloadBytes === undefined ? true : (transport.payloadSupported?.(payloadBytes) ?? true);
    if (carried !== true) return { id, status: 'skipped', reason: `${formatBytes(payloadBytes!)} payload: ${carried}` };
    const s = await runOnce(transport, { config, faults, payloadBytes });
    return {
      id,
      status: 'completed',
      sample: {
        roundTripsPerSec: s.roundTripsPerSec,
        handshakeNanos: s.handshakeNanos,
        measuredNanos: s.measuredNanos,
        roundTrips: s.roundTrips,
        lastValue: s.lastValue,
        cpuParent: s.cpuParent,
        cpuPeer: s.cpuPeer ?? null,
        affinity: s.affinity,
        latencyNanos: Array.from(s.latencyNanos, Math.round),
      },
    };
  } catch (error) {
    return { id, status: 'errored', error: erroredResult(request.transport, error, undefined, request.timeoutWords).error };
  }
}
