import { channelFor } from '../../src/contract/channel';
import type { End, MessageKind } from '../../src/contract/types';

/** A parent End with receiveSync and exchangeSync; records what exchangeSync was asked. */
function parentEnd() {
  const asked: Array<[number, number, number]> = [];
  const end: End = {
    send: () => undefined,
    close: () => undefined,
    receiveSync: () => undefined,
    exchangeSync: (sent, count, timeoutMs) => {
      asked.push([sent, count, timeoutMs]);
      return count;
    },
  };
  return { end, asked };
}

function channelOver(end: End, carries: readonly MessageKind[] = ['number'], payloadBytes?: number) {
  const channel = channelFor({ carries }, { payloadBytes }, false);
  channel.attach(end);
  return channel as ReturnType<typeof channelFor> & { syncExchange(): ((sent: number, count: number, timeoutMs: number) => number) | undefined };
}

describe('End.exchangeSync (parent end runs the plain round trips itself)', () => {
  it('is offered over a wire of bare numbers, and passes the request, the count and the wait through', () => {
    const { end, asked } = parentEnd();
    const exchange = channelOver(end).syncExchange();
    expect(exchange).toBeDefined();
    expect(exchange!(41, 6, 20)).toBe(6);
    expect(asked).toEqual([[41, 6, 20]]);
  });

  it('is not offered where the wire sends anything but a bare number (strings, a payload) or without receiveSync', () => {
    expect(channelOver(parentEnd().end, ['string', 'bytes']).syncExchange()).toBeUndefined();
    expect(channelOver(parentEnd().end, ['number', 'bytes'], 64).syncExchange()).toBeUndefined();
    const { end } = parentEnd();
    delete end.receiveSync;
    expect(channelOver(end).syncExchange()).toBeUndefined();
    expect('syncExchange' in channelFor({ stream: true }, {}, false)).toBe(false);
  });

  it('does nothing once the channel is closed: 0 replies, the End is not called', async () => {
    const { end, asked } = parentEnd();
    const channel = channelOver(end);
    const exchange = channel.syncExchange()!;
    await channel.close();
    expect(exchange(41, 6, 20)).toBe(0);
    expect(asked).toEqual([]);
  });
});
