import fc from 'fast-check';
import { drive, nextBookkeeping } from '../../src/protocol/driver';
import { ProtocolError, PeerTimeoutError, STOP } from '../../src/protocol/messages';
import type { Channel, DrivePlan } from '../../src/types';

const plan: DrivePlan = { warmup: 5, roundTrips: 40, stepTimeoutMs: 200, sampleEvery: 1 };

/**
 * A channel whose replies are taken synchronously (as over an End with receiveSync): `answer` decides
 * the reply to each value, undefined = none (a hung peer). Records what was sent and how often the
 * driver waited in vain (it must then give the event loop a turn).
 */
function syncChannel(answer: (value: number) => number | undefined) {
  let pending: number | undefined;
  const sent: number[] = [];
  let emptyWaits = 0;
  const channel: Channel = {
    send: (value) => {
      sent.push(value);
      pending = value === STOP ? undefined : answer(value);
    },
    onMessage: () => undefined, // the driver only clears it when it finishes
    onFailure: () => undefined,
    close: async () => undefined,
    syncReplies: () => () => {
      const reply = pending;
      pending = undefined;
      if (reply === undefined) emptyWaits++;
      return reply;
    },
  };
  return { channel, sent, emptyWaits: () => emptyWaits };
}

describe('drive() over a channel with synchronous replies', () => {
  it('runs the whole exchange in the tight loop: handshake, every reply checked, samples, stop', async () => {
    const { channel, sent } = syncChannel((value) => value + 1);
    const result = await drive(channel, plan, 'sync');
    expect(sent[0]).toBe(1);
    expect(sent.at(-1)).toBe(0);
    expect(sent).toHaveLength(1 + plan.warmup + plan.roundTrips + 1);
    expect(result.lastValue).toBe(2 + 2 * (plan.warmup + plan.roundTrips));
    expect(result.latencyNanos).toHaveLength(plan.roundTrips);
    expect(result.latencyNanos.reduce((total, sample) => total + sample, 0)).toBe(result.measuredNanos);
  });

  it('samples every k-th round trip as the callback path does', async () => {
    const { channel } = syncChannel((value) => value + 1);
    const result = await drive(channel, { ...plan, roundTrips: 100, sampleEvery: 10 }, 'sync');
    expect(result.latencyNanos).toHaveLength(10);
  });

  it('names the round trip whose reply was wrong', async () => {
    let count = 0;
    const { channel } = syncChannel((value) => (++count === 1 + plan.warmup + 7 ? value + 2 : value + 1));
    await expect(drive(channel, plan, 'sync')).rejects.toThrow(ProtocolError);
    const again = syncChannel((value) => (value > 2 * (plan.warmup + 7) ? value + 2 : value + 1));
    await expect(drive(again.channel, plan, 'sync')).rejects.toThrow(/round trip 7\b/);
  });

  it('a peer that stops answering is timed out by the watchdog: the loop gives the event loop a turn', async () => {
    let count = 0;
    const { channel, emptyWaits } = syncChannel((value) => (++count > 10 ? undefined : value + 1));
    const started = Date.now();
    await expect(drive(channel, { ...plan, stepTimeoutMs: 100 }, 'sync')).rejects.toThrow(PeerTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(emptyWaits()).toBeGreaterThan(1);
  });
});

/**
 * syncChannel plus syncExchange, as over an End with exchangeSync: the fake End's loop checks each
 * reply against its request and sends the next, leaving the first reply it does not take (wrong, or
 * none) for syncReplies. Records each exchange's requested count and at which round trip it began.
 */
function exchangeChannel(answer: (value: number) => number | undefined) {
  const base = syncChannel(answer);
  let pending: number | undefined; // a reply the exchange saw but left (wrong): syncReplies returns it next
  const calls: Array<{ sent: number; count: number }> = [];
  let viaExchange = 0;
  const receive = base.channel.syncReplies!()!;
  const channel: Channel = {
    ...base.channel,
    syncReplies: () => (timeoutMs) => {
      if (pending === undefined) return receive(timeoutMs);
      const reply = pending;
      pending = undefined;
      return reply;
    },
    syncExchange: () => (sent, count) => {
      calls.push({ sent, count });
      let checked = 0;
      while (checked < count) {
        const reply = receive(20);
        if (reply === undefined) return checked; // the request is still out: a later wait gets nothing either (a hung peer)
        if (reply !== sent + 1) {
          pending = reply;
          return checked;
        }
        sent = reply + 1;
        base.channel.send(sent);
        checked++;
        viaExchange++;
      }
      return checked;
    },
  };
  return { ...base, channel, calls, viaExchange: () => viaExchange };
}

describe('drive() over a channel whose End runs the plain round trips itself (exchangeSync)', () => {
  it('sends and checks exactly what the driver alone would; the stamps and samples are unchanged', async () => {
    const alone = syncChannel((value) => value + 1);
    const expectedResult = await drive(alone.channel, { ...plan, sampleEvery: 8, roundTrips: 400 }, 'sync');
    const { channel, sent, calls, viaExchange } = exchangeChannel((value) => value + 1);
    const result = await drive(channel, { ...plan, sampleEvery: 8, roundTrips: 400 }, 'sync');
    expect(sent).toEqual(alone.sent);
    expect(result.lastValue).toBe(expectedResult.lastValue);
    expect(result.latencyNanos).toHaveLength(expectedResult.latencyNanos.length);
    const p = { ...plan, sampleEvery: 8, roundTrips: 400 };
    expect(viaExchange()).toBe(p.warmup + p.roundTrips - 1); // all but the last (STOP follows it)
    // Never across a stamp: each exchange ends at the next bookkeeping reply, whose stamp the driver takes.
    for (const { sent: request, count } of calls) {
      const done = (request - 1) / 2 - 1; // round trips completed when `request` went out
      expect(done + count).toBe(Math.min(nextBookkeeping(done, p), p.warmup + p.roundTrips - 1));
    }
  });

  it.each([0, 1, 3])('the same with a sample every %i round trips (0: none)', async (sampleEvery) => {
    const p = { ...plan, sampleEvery, roundTrips: 50 };
    const alone = syncChannel((value) => value + 1);
    const expectedResult = await drive(alone.channel, p, 'sync');
    const { channel, sent } = exchangeChannel((value) => value + 1);
    const result = await drive(channel, p, 'sync');
    expect(sent).toEqual(alone.sent);
    expect(result.latencyNanos).toHaveLength(expectedResult.latencyNanos.length);
    const sum = result.latencyNanos.reduce((total, sample) => total + sample, 0);
    expect(sampleEvery === 1 ? sum - result.measuredNanos : 0).toBe(0); // k = 1: the samples add up to the measured time
  });

  it('a wrong reply inside the stretch is left to the driver, which names its round trip', async () => {
    let count = 0;
    const { channel } = exchangeChannel((value) => (++count === 1 + plan.warmup + 11 ? value + 2 : value + 1));
    await expect(drive(channel, { ...plan, sampleEvery: 8 }, 'sync')).rejects.toThrow(/sync: round trip: expected \d+, got \d+ at round trip 11\b/);
  });

  it('a peer that stops answering inside the stretch is timed out by the watchdog', async () => {
    let count = 0;
    const { channel } = exchangeChannel((value) => (++count > 10 ? undefined : value + 1));
    await expect(drive(channel, { ...plan, stepTimeoutMs: 100, sampleEvery: 8 }, 'sync')).rejects.toThrow(PeerTimeoutError);
  });
});

describe('nextBookkeeping()', () => {
  /** By definition: the warm-up's end, a sample's start or end (or a warm-up stamp at their cadence), or the last round trip. */
  const special = (d: number, p: Pick<DrivePlan, 'warmup' | 'roundTrips' | 'sampleEvery'>): boolean => {
    const m = d - p.warmup;
    const k = p.sampleEvery;
    return d === p.warmup + p.roundTrips || d === p.warmup || (k > 0 && (m % k === 0 || (k > 1 && (m + 1) % k === 0)));
  };

  it('is the first count after `done` that needs more than a check and a send', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.integer({ min: 1, max: 200 }), fc.nat(12), fc.nat(250), (warmup, roundTrips, sampleEvery, at) => {
        const p = { warmup, roundTrips, sampleEvery };
        const done = at % (warmup + roundTrips);
        let expected = done + 1;
        while (!special(expected, p)) expected++;
        expect(nextBookkeeping(done, p)).toBe(expected);
      }),
    );
  });
});
