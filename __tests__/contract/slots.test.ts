import { ChannelSlots } from '../../src/contract/slots';

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
});
