import { ChannelSlots } from '../../src/contract/slots';
import { channelFor } from '../../src/contract/channel';
import { drive } from '../../src/protocol/driver';
import { PeerFailureError } from '../../src/protocol/messages';

describe('ChannelSlots: the one message/failure slot helper', () => {
  it('hands values to the consumer installed last', () => {
    const slots = new ChannelSlots();
    const first: number[] = [];
    const second: number[] = [];
    slots.onMessage((v) => first.push(v));
    slots.emit(1);
    slots.onMessage((v) => second.push(v));
    slots.emit(2);
    expect([first, second]).toEqual([[1], [2]]);
  });

  it('is never re-entrant: a value delivered while the consumer handles one waits until it returns, in order', () => {
    const slots = new ChannelSlots();
    const log: string[] = [];
    slots.onMessage((value) => {
      log.push(`start ${value}`);
      if (value === 1) {
        slots.emit(2); // an End that delivers a reply synchronously from inside send()
        slots.emit(3);
      }
      log.push(`end ${value}`);
    });
    slots.emit(1);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('fails at most once, and turns strings into Errors', () => {
    const slots = new ChannelSlots();
    const failures: Error[] = [];
    slots.onFailure((e) => failures.push(e));
    slots.fail('peer gone');
    slots.fail(new Error('second'));
    expect(failures.map((e) => e.message)).toEqual(['peer gone']);
    expect(slots.isOpen).toBe(false);
  });

  it('drops values after a failure', () => {
    const slots = new ChannelSlots();
    const values: number[] = [];
    slots.onMessage((v) => values.push(v));
    slots.fail('x');
    slots.emit(3);
    expect(values).toEqual([]);
  });

  it('is silent after close: no value, no failure', () => {
    const slots = new ChannelSlots();
    const seen: unknown[] = [];
    slots.onMessage((v) => seen.push(v));
    slots.onFailure((e) => seen.push(e));
    slots.close();
    slots.emit(1);
    slots.fail('late');
    expect(seen).toEqual([]);
  });

  it('muted (peer being killed): late values are dropped, the exit is still reported once', () => {
    const slots = new ChannelSlots();
    const seen: unknown[] = [];
    slots.onMessage((v) => seen.push(v));
    slots.onFailure((e) => seen.push(e.message));
    slots.mute();
    slots.emit(4);
    slots.fail('peer exited (killed by SIGKILL)');
    slots.fail('again');
    expect(seen).toEqual(['peer exited (killed by SIGKILL)']);
  });

  it('a consumer that throws becomes the channel\'s failure (reported once), not an exception out of the End\'s listener', () => {
    const slots = new ChannelSlots();
    const failures: string[] = [];
    const values: number[] = [];
    slots.onFailure((e) => failures.push(e.message));
    slots.onMessage((v) => {
      values.push(v);
      throw new Error(`cannot handle ${v}`);
    });
    expect(() => slots.emit(1)).not.toThrow();
    slots.emit(2);
    expect([values, failures]).toEqual([[1], ['cannot handle 1']]);
  });

  it('an End whose send() throws fails the run with one error naming the transport and the step', async () => {
    const channel = channelFor({ carries: ['number'] }, {}, false);
    let sent = 0;
    channel.attach({
      send: (value) => {
        if (++sent === 3) throw new Error('EPIPE: the socket is gone');
        queueMicrotask(() => channel.deliver((value as number) + 1)); // an echo peer
      },
      close: () => undefined,
    });
    const run = drive(channel, { warmup: 5, roundTrips: 10, stepTimeoutMs: 5000, sampleEvery: 0 }, 'mine');
    await expect(run).rejects.toBeInstanceOf(PeerFailureError);
    await expect(run).rejects.toThrow(/^mine: warmup: EPIPE: the socket is gone/);
  });
});
