/**
 * The value channel ipcbench drives over a user's End: encodes values into messages (or frames) on the
 * way out, decodes what the End delivers on the way in, and keeps its consumers in ChannelSlots. The
 * adapter exists before the End (its deliver and fail are what the End is given), so nothing the End
 * delivers can be missed and no closure is made per message.
 */
import { ChannelSlots } from './slots';
import { CONTROL, preview, messageWire, type MessageWire } from './message-wire';
import { ReplyPump } from './reply-pump';
import { STOP } from '../protocol/messages';
import { streamWire, type StreamWire } from '../transports/wire';
import type { End, Message, MessageKind } from './types';
import type { MessageShape } from '../runtime-types';
import type { FaultChannel } from '../faults';

abstract class EndChannel implements FaultChannel {
  protected readonly slots = new ChannelSlots();
  protected end: End | undefined;
  private closing: Promise<void> | undefined;
  /** Set while an End with receiveSync has its replies waited for here, after each send (see ReplyPump). */
  protected pump: ReplyPump | undefined;

  /** Reports the channel's failure (at most once, never after close). */
  readonly fail = (error: Error | string): void => this.slots.fail(this.describe(error));

  abstract readonly deliver: (message: Message, start?: number, end?: number) => void;
  /** Hot path: each subclass sends through its own wire, so the call stays monomorphic. */
  abstract send(value: number): void;
  /** The wire's nonsense, for the garbage and overlong faults. */
  protected abstract readonly faultWire: { readonly garbage: Message; readonly overlong: Message };

  sendGarbage(): void {
    this.end!.send(this.faultWire.garbage);
  }

  sendOverlong(): void {
    this.end!.send(this.faultWire.overlong);
  }

  /** Connects the End once the user's code has made it. */
  attach(end: End): void {
    this.end = end;
    if (typeof end.receiveSync === 'function') this.pump = new ReplyPump(end.receiveSync.bind(end), this.deliver, () => this.slots.isOpen);
  }

  onMessage(handler: (value: number) => void): void {
    this.slots.onMessage(handler);
  }

  /** Byte streams deliver chunks, not messages: their Ends are always served through deliver. */
  serveSync(_answer: (value: number) => number | undefined): boolean {
    return false;
  }

  onFailure(handler: (error: Error) => void): void {
    this.slots.onFailure(handler);
  }

  /** The peer is being killed: drop late values, still report its exit; let the End stop waiting for it. */
  peerKilled(): void {
    this.slots.mute();
    this.pump?.stop();
    try {
      this.end?.peerKilled?.();
    } catch {
      // a user's End that throws while its peer is killed: the peer is being killed anyway
    }
  }

  /** Stops reporting at once; closes the End exactly once. */
  close(): Promise<void> {
    this.slots.close();
    this.pump?.stop();
    // async: a close() that throws synchronously becomes a rejection, and is still called only once.
    this.closing ??= (async () => {
      await this.end?.close();
    })();
    return this.closing;
  }

  protected describe(error: Error | string): Error | string {
    return error;
  }
}

/** Over a message End: one value per message. */
export class MessageChannel extends EndChannel {
  constructor(private readonly wire: MessageWire) {
    super();
  }

  protected get faultWire(): MessageWire {
    return this.wire;
  }

  readonly deliver = (message: Message): void => {
    // Bare counters (IPC, postMessage, shared memory) skip the decoder; the driver checks the value itself.
    if (typeof message === 'number' && message >= 0) return this.slots.emit(message);
    const value = this.wire.decode(message);
    if (value >= 0) this.slots.emit(value);
    else if (value !== CONTROL) this.slots.fail(new Error(`a message that is not a protocol value: ${preview(message)}`));
  };

  send(value: number): void {
    this.end!.send(this.wire.encode(value));
    if (this.pump !== undefined && value !== STOP) this.pump.awaitReply();
  }

  /**
   * The answering side's hot path: an End with serveSync answers each message itself with `answer`'s
   * reply, encoded as send() would; anything `answer` does not take (undefined), a message that is not
   * a value, or one after the channel stopped being open, goes to deliver as usual.
   */
  override serveSync(answer: (value: number) => number | undefined): boolean {
    const end = this.end;
    if (typeof end?.serveSync !== 'function') return false;
    const { encode, decode } = this.wire;
    const slots = this.slots;
    end.serveSync((message) => {
      if (!slots.isOpen) return undefined;
      const value = typeof message === 'number' && message >= 0 ? message : decode(message);
      if (!(value >= 0)) return undefined; // a control message, or not a value: deliver deals with it
      const reply = answer(value);
      return reply === undefined ? undefined : encode(reply);
    });
    return true;
  }

  /**
   * The synchronous hot path: when the End has receiveSync, returns a function that waits up to
   * `timeoutMs` ms for the next value (undefined: none yet, or the channel failed or closed), and from
   * then on every reply goes only to it — send() just sends. Otherwise undefined.
   */
  syncReplies(): ((timeoutMs: number) => number | undefined) | undefined {
    const end = this.end;
    if (!end?.receiveSync) return undefined;
    this.pump = undefined;
    const wire = this.wire;
    const slots = this.slots;
    return (timeoutMs) => {
      for (;;) {
        if (!slots.isOpen) return undefined;
        const message = end.receiveSync!(timeoutMs); // a method call, not a bound function: one call less
        if (message === undefined) return undefined;
        // Bare counters skip the decoder, as in deliver; the driver checks the value itself.
        if (typeof message === 'number' && message >= 0) return message;
        const value = wire.decode(message);
        if (value >= 0) return value;
        if (value !== CONTROL) {
          slots.fail(new Error(`a message that is not a protocol value: ${preview(message)}`));
          return undefined;
        }
      }
    };
  }

  /**
   * With syncReplies, on a wire of bare numbers (what exchangeSync sends): the End's own loop over
   * the round trips that need only a check and the next request; nothing once the channel is no
   * longer open (0 checked: syncReplies then says so). Otherwise undefined.
   */
  syncExchange(): ((sent: number, count: number, timeoutMs: number) => number) | undefined {
    const end = this.end;
    if (!end?.receiveSync || typeof end.exchangeSync !== 'function' || this.wire.bare !== true) return undefined;
    const slots = this.slots;
    return (sent, count, timeoutMs) => (slots.isOpen ? end.exchangeSync!(sent, count, timeoutMs) : 0);
  }
}

/** Over a byte-stream End: values framed by the stream wire (lines, or length-prefixed binary frames). */
export class StreamChannel extends EndChannel {
  private readonly decoder;

  constructor(private readonly wire: StreamWire) {
    super();
    this.decoder = wire.decoder((value) => this.slots.emit(value));
  }

  protected get faultWire(): StreamWire {
    return this.wire;
  }

  readonly deliver = (chunk: Message, start?: number, end?: number): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Uint8Array);
    try {
      this.decoder.push(bytes, start, end);
    } catch (error) {
      this.slots.fail(error as Error);
    }
  };

  send(value: number): void {
    this.end!.send(this.wire.encode(value));
    if (this.pump !== undefined && value !== STOP) this.pump.awaitReply();
  }

  /** A stream that ends mid-frame says so. */
  protected override describe(error: Error | string): Error | string {
    if (!this.decoder.pending) return error;
    return `${typeof error === 'string' ? error : error.message} in the middle of a message`;
  }
}

/** The value channel for one end of `definition` in a run with these options. */
export function channelFor(
  definition: { stream?: boolean; carries?: readonly MessageKind[] },
  run: { payloadBytes?: number; message?: MessageShape },
  replying: boolean,
): MessageChannel | StreamChannel {
  if (definition.stream) return new StreamChannel(streamWire(run.payloadBytes, replying));
  return new MessageChannel(messageWire({ carries: definition.carries, payloadBytes: run.payloadBytes, message: run.message, replying }));
}
