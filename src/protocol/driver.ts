import { HANDSHAKE, HANDSHAKE_REPLY, STOP, replyTo, ProtocolError, PeerTimeoutError, PeerFailureError } from './messages';
import type { Channel, DrivePlan, DriveResult, Step } from '../types';

/**
 * Drives one run: handshake 1→2, warm-up, measured round trips, stop (0).
 * Every reply is checked. The driver increments too (sends reply+1), as in the classic lab, so the
 * last value ≈ 2 × round trips and the lab's "last value / 2" figure stays meaningful.
 *
 * Callback-driven: one Promise for the whole run, none per message. A watchdog timer checks for
 * progress every `stepTimeoutMs` instead of arming a timer per message.
 */
export function drive(channel: Channel, plan: DrivePlan, transport: string): Promise<DriveResult> {
  return new Promise<DriveResult>((resolve, reject) => {
    const total = plan.warmup + plan.roundTrips;
    const samples = new Float64Array(plan.sampleEvery > 0 ? Math.floor(plan.roundTrips / plan.sampleEvery) : 0);
    let step: Step = 'handshake';
    let done = 0; // round trips completed after the handshake (warm-up + measured)
    let expected = HANDSHAKE_REPLY;
    let lastValue = 0;
    let progress = 0;
    let seenProgress = -1;
    let handshakeStart = 0n;
    let handshakeNanos = 0;
    let measureStart = 0n;
    let sampleStart = 0n;
    let sampleCount = 0;
    let settled = false;

    const finish = (error: Error | null, result?: DriveResult): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      channel.onMessage(() => undefined);
      channel.onFailure(() => undefined);
      if (error) reject(error);
      else resolve(result!);
    };

    const watchdog = setInterval(() => {
      if (progress === seenProgress) {
        const what = step === 'handshake' ? `no reply to the handshake ${HANDSHAKE}` : `no reply ${expected}`;
        finish(new PeerTimeoutError(transport, step, what, plan.stepTimeoutMs));
      }
      seenProgress = progress;
    }, plan.stepTimeoutMs);

    channel.onFailure((error) => {
      finish(new PeerFailureError(transport, step, `${error.message} (while waiting for ${expected})`));
    });

    channel.onMessage((value) => {
      progress++;
      if (value !== expected) {
        // 1-based index within the current step.
        const index = step === 'handshake' ? undefined : done + 1 - (step === 'warmup' ? 0 : plan.warmup);
        finish(new ProtocolError(transport, step, expected, value, index));
        return;
      }
      lastValue = value;
      if (step === 'handshake') {
        handshakeNanos = Number(process.hrtime.bigint() - handshakeStart);
        step = plan.warmup > 0 ? 'warmup' : 'round trip';
        if (step === 'round trip') measureStart = process.hrtime.bigint();
      } else {
        done++;
        if (step === 'round trip' && plan.sampleEvery > 0 && (done - plan.warmup) % plan.sampleEvery === 0) {
          if (sampleCount < samples.length) samples[sampleCount++] = Number(process.hrtime.bigint() - sampleStart);
        }
        if (step === 'warmup' && done === plan.warmup) {
          step = 'round trip';
          measureStart = process.hrtime.bigint();
        }
      }
      if (done === total) {
        const measureEnd = process.hrtime.bigint();
        const measuredNanos = Number(measureEnd - measureStart);
        step = 'stop';
        channel.send(STOP);
        finish(null, {
          handshakeNanos,
          measuredNanos,
          measuredFrom: measureStart,
          measuredTo: measureEnd,
          roundTrips: plan.roundTrips,
          lastValue,
          latencyNanos: samples.subarray(0, sampleCount),
        });
        return;
      }
      const next = value + 1;
      expected = replyTo(next);
      // Time the round trip that will be sampled: the one whose 1-based measured index is a multiple of k.
      if (step === 'round trip' && plan.sampleEvery > 0 && (done - plan.warmup + 1) % plan.sampleEvery === 0) {
        sampleStart = process.hrtime.bigint();
      }
      channel.send(next);
    });

    handshakeStart = process.hrtime.bigint();
    channel.send(HANDSHAKE);
  });
}
