import { HANDSHAKE, HANDSHAKE_REPLY, STOP, replyTo, ProtocolError, PeerTimeoutError, PeerFailureError } from './messages';
import { RECEIVE_SLICE_MS, YIELD_EVERY_MS } from '../contract/reply-pump';
import type { Channel, DrivePlan, DriveResult, Step } from '../types';

/**
 * Drives one run: handshake 1→2, warm-up, measured round trips, stop (0).
 * Every reply is checked. The driver increments too (sends reply+1), as in the classic lab, so the
 * last value ≈ 2 × round trips and the lab's "last value / 2" figure stays meaningful.
 *
 * Callback-driven: one Promise for the whole run, none per message. A watchdog timer checks for
 * progress every `stepTimeoutMs` instead of arming a timer per message.
 *
 * A channel that can wait for replies synchronously (an End with receiveSync: shared memory) is driven
 * in one tight loop instead — wait, check, send, stamp — with the same checks and stamps, handing the
 * event loop a turn when a wait slice passes without a reply (so the watchdog and a dead peer's exit
 * are seen while it spins) and every ~100 ms of a healthy run (Ctrl-C). Where the End also has
 * exchangeSync, the round trips between two stamps (a check and the next request each) run in the
 * End's own loop, which checks every reply against its request as the driver would.
 */
const WATCHDOG_TICKS = 4;
/** Plain round trips handed to End.exchangeSync at once, and replies between two looks at the clock. */
const EXCHANGE_MAX = 1024;

export function drive(channel: Channel, plan: DrivePlan, transport: string): Promise<DriveResult> {
  return new Promise<DriveResult>((resolve, reject) => {
    const total = plan.warmup + plan.roundTrips;
    const k = plan.sampleEvery;
    const samples = new Float64Array(plan.sampleEvery > 0 ? Math.floor(plan.roundTrips / plan.sampleEvery) : 0);
    let step: Step = 'handshake';
    let done = 0; // round trips completed after the handshake (warm-up + measured)
    let expected = HANDSHAKE_REPLY;
    let lastValue = 0;
    let progress = 0;
    let seenProgress = 0;
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

    // Progress is checked WATCHDOG_TICKS times per step timeout, so a stall is reported between T and
    // 1.25 T after the last reply (a check once per T would take up to 2 T), at no cost per message.
    let idleTicks = 0;
    const watchdog = setInterval(() => {
      idleTicks = progress === seenProgress ? idleTicks + 1 : 0;
      seenProgress = progress;
      if (idleTicks >= WATCHDOG_TICKS) {
        const what = step === 'handshake' ? `no reply to the handshake ${HANDSHAKE}` : `no reply ${expected}`;
        finish(new PeerTimeoutError(transport, step, what, plan.stepTimeoutMs));
      }
    }, Math.max(1, plan.stepTimeoutMs / WATCHDOG_TICKS));

    channel.onFailure((error) => {
      finish(new PeerFailureError(transport, step, `${error.message} (while waiting for ${expected})`));
    });

    // Replies before `plain` (a value of `done`) need nothing but the check and the next request: no
    // stamp, no change of step. They take the first branch, which costs a fraction of the full one.
    let plain = 0;
    const onReply = (value: number): void => {
      progress++;
      if (value === expected && done + 1 < plain) {
        lastValue = value;
        const next = value + 1;
        expected = replyTo(next);
        channel.send(next);
        done++;
        return;
      }
      if (value !== expected) {
        // 1-based index within the current step.
        const index = step === 'handshake' ? undefined : done + 1 - (step === 'warmup' ? 0 : plan.warmup);
        finish(new ProtocolError(transport, step, expected, value, index));
        return;
      }
      lastValue = value;
      // The next request goes out before any bookkeeping: timestamps (~0.1 µs each on the reference
      // guest) then overlap the peer's work instead of lengthening every round trip — at a busy-spin
      // round trip of ~0.2 µs that is the difference. Every stamp below is thus taken just after a send
      // (or after the last reply): consecutive stamps are still one round trip apart and add up.
      const handshaken = step === 'handshake';
      if (handshaken) handshakeNanos = Number(process.hrtime.bigint() - handshakeStart);
      if ((handshaken ? done : done + 1) < total) {
        const next = value + 1;
        expected = replyTo(next);
        channel.send(next);
      }
      afterSend(handshaken);
    };

    /** A reply's bookkeeping once it was checked and the next request is out: step, stamps, the end. */
    const afterSend = (handshaken: boolean): void => {
      if (handshaken) {
        step = plan.warmup > 0 ? 'warmup' : 'round trip';
        if (step === 'round trip') measureStart = sampleStart = process.hrtime.bigint();
      } else {
        done++;
        const m = done - plan.warmup; // measured round trips; negative during the warm-up
        if (k > 0) {
          // Latency sample = time between consecutive replies (stamped just after the next send), so
          // with k = 1 one timestamp per round trip serves as the end of one sample and the start of
          // the next; the samples then add up to the measured time. The warm-up takes the same stamps,
          // each overwritten by the next, and its last one starts the measurement: so the JIT has
          // compiled, before timing starts, every path a timed reply takes (code first run when timing
          // began was measured deoptimizing and recompiling the sab-spin loop while timed).
          if (m % k === 0) {
            const now = process.hrtime.bigint();
            if (sampleCount < samples.length) {
              samples[sampleCount] = Number(now - sampleStart);
              sampleCount += m > 0 ? 1 : 0; // not `if (m > 0) sampleCount++`: no code first run once timed
            }
            sampleStart = now;
            if (m === 0) {
              step = 'round trip';
              measureStart = now;
            }
          } else if (k > 1 && (m + 1) % k === 0) sampleStart = process.hrtime.bigint();
        } else if (m === 0) {
          step = 'round trip';
          measureStart = sampleStart = process.hrtime.bigint();
        }
      }
      if (done === total) {
        // The last reply's timestamp, when it was sampled, is the end: samples then add up exactly.
        const measureEnd = k > 0 && plan.roundTrips % k === 0 ? sampleStart : process.hrtime.bigint();
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
      plain = nextBookkeeping(done, plan);
    };

    const receive = channel.syncReplies?.();
    const exchange = receive && channel.syncExchange?.();
    const last = total - 1; // the End may answer replies up to this round trip; the last one gets STOP
    const takeReplies = (): void => {
      const started = Date.now();
      let taken = 0;
      let clockAt = EXCHANGE_MAX;
      while (!settled) {
        if (taken >= clockAt) {
          if (Date.now() - started > YIELD_EVERY_MS) break;
          clockAt = taken + EXCHANGE_MAX;
        }
        if (exchange !== undefined && done < last && step !== 'handshake') {
          // Up to the next bookkeeping reply (never the last: STOP follows it), each reply needs only
          // the check and the next request: the End's own loop does both (End.exchangeSync), and the
          // bookkeeping reply's stamp is then taken here, just after its next request went out, as in
          // onReply. What the End leaves — a slow reply, a wrong one — comes through receive below.
          const upTo = plain < last ? plain : last;
          const want = upTo - done < EXCHANGE_MAX ? upTo - done : EXCHANGE_MAX;
          const checked = exchange(expected - 1, want, RECEIVE_SLICE_MS);
          progress += checked;
          taken += checked;
          expected += 2 * checked; // each checked reply r was answered with r + 1, whose reply is r + 2
          if (checked > 0) lastValue = expected - 2;
          if (done + checked === plain) {
            done = plain - 1; // afterSend counts the bookkeeping reply itself
            afterSend(false);
            continue;
          }
          done += checked;
        }
        taken++;
        const value = receive!(RECEIVE_SLICE_MS);
        if (value === undefined) break; // no reply in this slice, or the channel failed (then settled)
        if (value === expected && done + 1 < plain) {
          // onReply's first branch, inline: at a spinning round trip of ~0.2 µs a call per reply shows.
          progress++;
          lastValue = value;
          const next = value + 1;
          expected = replyTo(next);
          channel.send(next);
          done++;
        } else onReply(value);
      }
    };
    // The yield apart from the loop: a call the loop has never made deoptimizes its compiled code.
    const runSync = (): void => {
      takeReplies();
      if (!settled) setImmediate(runSync);
    };
    if (!receive) channel.onMessage(onReply);

    handshakeStart = process.hrtime.bigint();
    channel.send(HANDSHAKE);
    if (receive) runSync();
  });
}

/**
 * The first count of completed round trips after `done` at which the driver has more to do than check
 * and send: the end of the warm-up, a latency stamp (a sample ends at m ≡ 0 and, for k > 1, starts at
 * m ≡ k−1 mod k, m = measured round trips; the warm-up, m < 0, stamps at the same cadence), or the last
 * round trip.
 */
export function nextBookkeeping(done: number, plan: Pick<DrivePlan, 'warmup' | 'roundTrips' | 'sampleEvery'>): number {
  const total = plan.warmup + plan.roundTrips;
  const k = plan.sampleEvery;
  if (k <= 0) return done < plan.warmup ? plan.warmup : total;
  const m = done - plan.warmup; // negative in the warm-up, which takes stamps at the same cadence (discarded)
  const end = (Math.floor(m / k) + 1) * k; // next sample's end
  const start = k > 1 ? (end - 1 > m ? end - 1 : end + k - 1) : end; // next sample's start
  return Math.min(total, plan.warmup + Math.min(end, start));
}
