import { drive } from '../../src/protocol/driver';
import { respond } from '../../src/protocol/responder';
import { ProtocolError, PeerTimeoutError, PeerFailureError } from '../../src/protocol/messages';
import { memoryPair } from '../helpers/memory-channel';
import type { Channel, DrivePlan } from '../../src/types';

const plan: DrivePlan = { warmup: 5, roundTrips: 20, stepTimeoutMs: 200, sampleEvery: 1 };

/** Wraps a channel to record every value that passes through it. */
function recording(channel: Channel, sent: number[], received: number[]): Channel {
  return {
    ...channel,
    send: (value) => {
      sent.push(value);
      channel.send(value);
    },
    onMessage: (handler) =>
      channel.onMessage((value) => {
        received.push(value);
        handler(value);
      }),
  };
}

describe('drive()', () => {
  it('does the 1→2 handshake, checks every increment, then sends 0', async () => {
    const [parent, child] = memoryPair();
    const sent: number[] = [];
    const received: number[] = [];
    const responding = respond(child);
    const result = await drive(recording(parent, sent, received), plan, 'memory');
    await responding;
    expect(sent[0]).toBe(1);
    expect(received[0]).toBe(2);
    expect(sent.at(-1)).toBe(0);
    expect(received).toHaveLength(1 + plan.warmup + plan.roundTrips);
    received.forEach((reply, i) => expect(reply).toBe(sent[i] + 1));
    expect(result.roundTrips).toBe(20);
    expect(result.lastValue).toBe(received.at(-1));
    expect(result.lastValue).toBe(2 + 2 * (plan.warmup + plan.roundTrips));
    expect(result.measuredNanos).toBeGreaterThan(0);
    expect(result.handshakeNanos).toBeGreaterThan(0);
    expect(result.latencyNanos).toHaveLength(20);
  });

  it('with k = 1, latency samples are consecutive reply intervals that add up to the measured time', async () => {
    const [parent, child] = memoryPair();
    void respond(child);
    const result = await drive(parent, { ...plan, roundTrips: 200, sampleEvery: 1 }, 'memory');
    expect(result.latencyNanos).toHaveLength(200);
    const sum = result.latencyNanos.reduce((total, sample) => total + sample, 0);
    expect(sum).toBe(result.measuredNanos);
  });

  it('samples every k-th measured round trip when asked', async () => {
    const [parent, child] = memoryPair();
    void respond(child);
    const result = await drive(parent, { ...plan, roundTrips: 100, sampleEvery: 10 }, 'memory');
    expect(result.latencyNanos).toHaveLength(10);
    for (const sample of result.latencyNanos) expect(sample).toBeGreaterThan(0);
  });

  it('rejects a wrong handshake reply with a ProtocolError naming transport, step and values', async () => {
    const [parent, child] = memoryPair();
    void respond(child, { handshakeReply: 3 });
    const failure = drive(parent, plan, 'memory');
    await expect(failure).rejects.toBeInstanceOf(ProtocolError);
    await expect(failure).rejects.toThrow('memory: handshake: expected 2, got 3');
  });

  it('names the round trip whose reply was wrong', async () => {
    const [parent, child] = memoryPair();
    void respond(child, { wrongReplyAt: 8 });
    // 8th message after the handshake = 3rd measured round trip (after 5 warm-up)
    await expect(drive(parent, plan, 'memory')).rejects.toThrow('memory: round trip: expected 18, got 19 at round trip 3');
  });

  it('fails with a timeout naming the step when the peer stops answering', async () => {
    const [parent, child] = memoryPair();
    void respond(child, { hangAt: 2 });
    const failure = drive(parent, plan, 'memory');
    await expect(failure).rejects.toBeInstanceOf(PeerTimeoutError);
    await expect(failure).rejects.toThrow('memory: warmup: no reply 6 within 200 ms');
  });

  it('turns a transport failure into a PeerFailureError with the step', async () => {
    const [parent] = memoryPair();
    let fail: (error: Error) => void = () => undefined;
    const failing: Channel = { ...parent, onFailure: (handler) => (fail = handler) };
    const running = drive(failing, plan, 'memory');
    fail(new Error('connection reset'));
    await expect(running).rejects.toBeInstanceOf(PeerFailureError);
    await expect(running).rejects.toThrow('memory: handshake: connection reset (while waiting for 2)');
  });
});
