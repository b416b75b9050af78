/**
 * The one place a channel keeps its message and failure consumers. Every channel uses it, so every
 * channel behaves alike: values reach the consumer only while the channel is open; the failure is
 * reported at most once, and nothing is reported after close (or after the first failure).
 */
const ignore = (): void => undefined;

const OPEN = 0;
/** The peer is being killed: late values must not count, but its going away is still reported. */
const MUTED = 1;
const FAILED = 2;
const CLOSED = 3;

export class ChannelSlots {
  private message: (value: number) => void = ignore;
  private failure: (error: Error) => void = ignore;
  private state = OPEN;

  /** Installs the single consumer of values; replaces any previous one. */
  onMessage(handler: (value: number) => void): void {
    this.message = handler;
  }

  /** Installs the consumer of the failure; replaces any previous one. */
  onFailure(handler: (error: Error) => void): void {
    this.failure = handler;
  }

  private emitting = false;
  /** Values an End delivered while the consumer was still handling the previous one (see emit). */
  private readonly queued: number[] = [];

  /**
   * Hands a value to the consumer, if the channel is still open. Never re-entrant: an End may deliver
   * synchronously from inside send() (a reply that is already there), and the consumer — the driver
   * sends its next request before its bookkeeping — must finish one value before it sees the next.
   * Such a value waits in a queue and is handed over as soon as the consumer returns, in order.
   * A consumer that throws fails the channel.
   */
  emit(value: number): void {
    if (this.state !== OPEN) return;
    if (this.emitting) {
      this.queued.push(value);
      return;
    }
    this.emitting = true;
    try {
      this.message(value);
      while (this.queued.length > 0 && this.state === OPEN) this.message(this.queued.shift()!);
    } catch (error) {
      // The consumer threw (e.g. its next send() through a broken End): that is the channel's failure,
      // reported once like any other — thrown on, it would escape from the End's event listener.
      this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.emitting = false;
      // Only when needed: setting an array's length is a runtime call (~25 ns), paid on every message.
      if (this.queued.length !== 0) this.queued.length = 0;
    }
  }

  /** Reports the channel's failure: the first call while open counts, every later one is ignored. */
  fail(error: Error | string): void {
    if (this.state === FAILED || this.state === CLOSED) return;
    this.state = FAILED;
    this.failure(typeof error === 'string' ? new Error(error) : error);
  }

  /** From now on values are dropped; a failure is still reported (once). */
  mute(): void {
    if (this.state === OPEN) this.state = MUTED;
  }

  /** From now on nothing is reported. Idempotent. */
  close(): void {
    this.state = CLOSED;
  }

  get isOpen(): boolean {
    return this.state === OPEN;
  }
}
