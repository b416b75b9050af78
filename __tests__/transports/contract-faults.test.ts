import { runOnce } from '../../src/runner';
import { ProtocolError, PeerTimeoutError, PeerFailureError } from '../../src/protocol/messages';
import { describeEveryTransport, quick } from '../helpers/contract';

/**
 * The contract every registered transport must keep, part 2: a faulty peer (never ready, wrong
 * replies, crash, hang, garbage, bad exit status) ends the run with an error naming the transport and
 * the step, and leaves nothing behind.
 */
describeEveryTransport((name, transport) => {
  it('a peer that never gets ready fails within the timeout with a clear message', async () => {
    const started = Date.now();
    const failure = runOnce(transport, { config: { ...quick, readyTimeoutMs: 300 }, faults: { neverReady: true } });
    await expect(failure).rejects.toBeInstanceOf(PeerTimeoutError);
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: ready: .* within 300 ms$`));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a peer that answers 3 to the handshake fails with a ProtocolError', async () => {
    const failure = runOnce(transport, { config: quick, faults: { handshakeReply: 3 } });
    await expect(failure).rejects.toBeInstanceOf(ProtocolError);
    await expect(failure).rejects.toThrow(`${name}: handshake: expected 2, got 3`);
  });

  it('a peer that answers wrong mid-run fails with a ProtocolError naming the round trip', async () => {
    await expect(runOnce(transport, { config: quick, faults: { wrongReplyAt: 50 } })).rejects.toThrow(
      `${name}: round trip: expected 102, got 103 at round trip 30`,
    );
  });

  it('a peer that crashes mid-run gives a clear error naming the step', async () => {
    const failure = runOnce(transport, { config: quick, faults: { crashAt: 10 } });
    await expect(failure).rejects.toBeInstanceOf(PeerFailureError);
    await expect(failure).rejects.toThrow(new RegExp(`^${name}: warmup: .*(closed|exited|reset)`));
  });

  it('a peer that hangs mid-run times out naming the step', async () => {
    const failure = runOnce(transport, { config: { ...quick, stepTimeoutMs: 300 }, faults: { hangAt: 100 } });
    await expect(failure).rejects.toBeInstanceOf(PeerTimeoutError);
    await expect(failure).rejects.toThrow(`${name}: round trip: no reply 202 within 300 ms`);
  });

  it('a peer that sends garbage fails the run with a clear error', async () => {
    await expect(runOnce(transport, { config: quick, faults: { garbageAt: 10 } })).rejects.toThrow(new RegExp(`^${name}: warmup: `));
  });

  it('a peer that exits non-zero after stop fails the exit check', async () => {
    await expect(runOnce(transport, { config: quick, faults: { exitStatus: 3 } })).rejects.toThrow(
      `${name}: exit: expected exit status 0 after stop, got exit status 3`,
    );
  });
});
