import { channelFor } from '../../src/contract/channel';
import { cpuFromFirstMessage } from '../../src/measure/exchange-cpu';
import { respond } from '../../src/protocol/responder';
import type { End, Message, MessageKind } from '../../src/contract/types';
import type { PeerFaults } from '../../src/faults';

/**
 * A plug-in-style peer End, wired as runPeer wires one (channel, CPU meter, responder), fed messages by
 * hand as its transport would receive them. `serving`: the End offers serveSync.
 */
function peerEnd(serving: boolean, carries: readonly MessageKind[] = ['number'], faults: PeerFaults = {}) {
  const channel = channelFor({ carries }, {}, true);
  const sent: Message[] = [];
  let delivered = 0;
  let offers = 0;
  let answer: ((message: Message) => Message | undefined) | undefined;
  const end: End = { send: (message) => void sent.push(message), close: () => undefined };
  if (serving) {
    end.serveSync = (answering) => {
      offers++;
      answer = answering;
    };
  }
  channel.attach(end);
  let clock = 10;
  const metered = cpuFromFirstMessage(channel, () => clock++);
  const answered = respond(metered.channel, faults);
  /** One message arriving at the End: answered by it where it serves, else delivered. */
  const arrive = (message: Message): void => {
    const reply = answer?.(message);
    if (reply !== undefined) sent.push(reply);
    else {
      delivered++;
      channel.deliver(message);
    }
  };
  return { arrive, sent, answered, metered, delivered: () => delivered, offers: () => offers };
}

describe('End.serveSync (peer end answers synchronously)', () => {
  it('is offered once, after the handshake; the End then answers x+1 itself, and STOP is still delivered', async () => {
    const peer = peerEnd(true);
    peer.arrive(1);
    expect(peer.offers()).toBe(1);
    for (const x of [3, 5, 2 ** 31, 1_000_001]) peer.arrive(x);
    expect(peer.sent).toEqual([2, 4, 6, 2 ** 31 + 1, 1_000_002]);
    expect(peer.delivered()).toBe(1); // the handshake only
    peer.arrive(0);
    await peer.answered;
    expect(peer.delivered()).toBe(2);
    expect(peer.sent).toHaveLength(5); // nothing answers the stop message
    expect(peer.metered.stop()).toBe(1); // the CPU meter still spans handshake → stop
  });

  it('an End without it is served through deliver and send, with the same replies', async () => {
    const peer = peerEnd(false);
    for (const x of [1, 3, 5, 2 ** 31, 1_000_001]) peer.arrive(x);
    expect(peer.sent).toEqual([2, 4, 6, 2 ** 31 + 1, 1_000_002]);
    expect(peer.delivered()).toBe(5);
    peer.arrive(0);
    await peer.answered;
    expect(peer.metered.stop()).toBe(1);
  });

  it('answers in the message kind the wire sends (decimal strings where numbers are not carried)', () => {
    const peer = peerEnd(true, ['string', 'bytes']);
    peer.arrive('1');
    peer.arrive('41');
    expect(peer.sent).toEqual(['2', '42']);
    expect(peer.delivered()).toBe(1);
  });

  it('hands what is not a value to deliver, which fails the channel as before', async () => {
    const peer = peerEnd(true, ['string', 'bytes']);
    peer.arrive('1');
    peer.arrive('garbage');
    await expect(peer.answered).rejects.toThrow(/not a protocol value/);
    peer.arrive('7'); // after the failure: neither answered nor counted
    expect(peer.sent).toEqual(['2']);
  });

  it('is never offered in a run with faults: every message takes the responder, which commits them', () => {
    const peer = peerEnd(true, ['number'], { wrongReplyAt: 2 });
    for (const x of [1, 3, 5, 7]) peer.arrive(x);
    expect(peer.offers()).toBe(0);
    expect(peer.sent).toEqual([2, 4, 7, 8]);
    expect(peer.delivered()).toBe(4);
  });

  it('a byte-stream channel never offers it (it delivers chunks, not messages)', () => {
    const channel = channelFor({ stream: true }, {}, true);
    const serveSync = jest.fn();
    channel.attach({ send: () => undefined, close: () => undefined, serveSync });
    expect(channel.serveSync(() => 1)).toBe(false);
    expect(serveSync).not.toHaveBeenCalled();
  });
});
