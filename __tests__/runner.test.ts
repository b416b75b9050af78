import { runPlan, erroredResult } from '../src/runner';
import { PeerTimeoutError, ProtocolError } from '../src/protocol/messages';
import { resolveConfig } from '../src/config';
import { respond } from '../src/protocol/responder';
import { memoryPair } from './helpers/memory-channel';
import { buildReport } from '../src/report/build';
import { reportProblems } from '../src/report/schema';
import { captureEnvironment } from '../src/measure/environment';
import type { OpenOptions, PeerExit, Transport } from '../src/types';

/** An in-memory transport whose peer is a responder on the other end; records what it was opened with. */
function memoryTransport(name: string, payloadSupported?: (bytes: number) => true | string): Transport & { opened: OpenOptions[] } {
  const opened: OpenOptions[] = [];
  return {
    name,
    description: 'in-memory test transport',
    supported: () => true,
    payloadSupported,
    opened,
    async open(options) {
      opened.push(options);
      const [parent, child] = memoryPair();
      const exited: Promise<PeerExit> = respond(child).then(() => ({ code: 0, signal: null }));
      return { channel: parent, peer: { exited, cpuSeconds: () => 0.001, kill: () => undefined } };
    },
  };
}

describe('runPlan with a payload sweep', () => {
  const config = resolveConfig({ roundTrips: 50, warmup: 5, repeats: 2, payloadBytes: [0, 1024, 65_536] });

  it('gives one result per transport × size, opened on the binary wire, with MB/s from the median rate', async () => {
    const transport = memoryTransport('mem');
    const results = await runPlan([transport], config);
    expect(results.map((r) => [r.transport, r.payloadBytes, r.framing, r.status])).toEqual([
      ['mem', 0, 'binary', 'completed'],
      ['mem', 1024, 'binary', 'completed'],
      ['mem', 65_536, 'binary', 'completed'],
    ]);
    expect(transport.opened.map((o) => o.payloadBytes)).toEqual([0, 1024, 65_536, 0, 1024, 65_536]); // interleaved repeats
    for (const r of results) {
      if (r.status !== 'completed') continue;
      expect(r.mbPerSec).toBe(r.payloadBytes === 0 ? null : (r.roundTripsPerSec.median * r.payloadBytes) / 1e6);
    }
  });

  it('skips the sizes a transport cannot carry, with its reason and the size', async () => {
    const transport = memoryTransport('small', (bytes) => (bytes <= 1024 ? true : 'too big for this test'));
    const results = await runPlan([transport], config);
    expect(results[2]).toEqual({ transport: 'small', payloadBytes: 65_536, framing: 'binary', message: 'bytes', status: 'skipped', reason: '64 KiB payload: too big for this test' });
    expect(transport.opened.every((o) => o.payloadBytes! <= 1024)).toBe(true);
  });

  it('without payloadBytes measures the classic wire once per transport', async () => {
    const transport = memoryTransport('mem');
    const [result] = await runPlan([transport], resolveConfig({ roundTrips: 50, warmup: 5, repeats: 1 }));
    expect(result).toMatchObject({ payloadBytes: 0, framing: 'classic', status: 'completed', mbPerSec: null });
    expect(transport.opened[0].payloadBytes).toBeUndefined();
  });

  it('makes a valid schemaVersion 1 report: config.payloadBytes, per-result payloadBytes, framing and MB/s', async () => {
    const transport = memoryTransport('small', (bytes) => (bytes <= 1024 ? true : 'too big for this test'));
    const results = await runPlan([transport], config);
    const report = buildReport(captureEnvironment(), config, ['small'], results);
    expect(report.config.payloadBytes).toEqual([0, 1024, 65_536]);
    expect(reportProblems(report)).toEqual([]);
    const bad = JSON.parse(JSON.stringify(report));
    bad.results[0].framing = 'json';
    expect(reportProblems(bad).join('\n')).toMatch(/framing/);
  });
});

describe('erroredResult: timeouts in the user\'s words', () => {
  it('says the limit as the user set it when told how ("2 s (--timeout)"), in ms otherwise; other errors unchanged', () => {
    const timeout = new PeerTimeoutError('tcp', 'round trip', 'no reply 202', 2000);
    expect(erroredResult('tcp', timeout).error).toEqual({ name: 'PeerTimeoutError', message: 'tcp: round trip: no reply 202 within 2000 ms', step: 'round trip' });
    expect(erroredResult('tcp', timeout, undefined, '2 s (--timeout)').error).toEqual({ name: 'PeerTimeoutError', message: 'tcp: round trip: no reply 202 within 2 s (--timeout)', step: 'round trip' });
    const wrong = new ProtocolError('tcp', 'handshake', 2, 3);
    expect(erroredResult('tcp', wrong, undefined, '2 s (--timeout)').error.message).toBe('tcp: handshake: expected 2, got 3');
  });
});
