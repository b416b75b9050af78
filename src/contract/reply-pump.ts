import type { Message } from './types';

/** How long one synchronous wait lasts before the event loop gets a turn (watchdog, exit events, signals). */
export const RECEIVE_SLICE_MS = 20;
/** A healthy run hands the event loop a turn this often (Ctrl-C, timers), checked every 1024 replies. */
export const YIELD_EVERY_MS = 100;

/**
 * Waits for the replies of an End with receiveSync when nobody takes them synchronously (anything but
 * the driver's hot path: batches, the jest helpers): after each send it waits in slices and hands each
 * reply to `deliver`, whose handler may send again — a trampoline, so that does not recurse. A slice
 * without a reply, and every ~100 ms of a healthy exchange, gives the event loop a turn first.
 */
export class ReplyPump {
  private awaiting = false;
  private pumping = false;
  private stopped = false;

  constructor(
    private readonly receive: (timeoutMs: number) => Message | undefined,
    private readonly deliver: (message: Message) => void,
    private readonly open: () => boolean,
  ) {}

  /** A message expecting a reply was sent: wait for it now, unless already inside the loop. */
  awaitReply(): void {
    this.awaiting = true;
    if (!this.pumping) this.run();
  }

  /** No more waiting: the channel closed or its peer is being killed. */
  stop(): void {
    this.stopped = true;
  }

  private readonly resume = (): void => {
    if (this.awaiting && !this.pumping) this.run();
  };

  private run(): void {
    this.pumping = true;
    const started = Date.now();
    let taken = 0;
    try {
      while (this.awaiting && !this.stopped && this.open()) {
        if ((++taken & 1023) === 0 && Date.now() - started > YIELD_EVERY_MS) break;
        const message = this.receive(RECEIVE_SLICE_MS);
        if (message === undefined) break;
        this.awaiting = false;
        this.deliver(message); // its handler may send, which sets awaiting again
      }
      if (this.awaiting && !this.stopped && this.open()) setImmediate(this.resume);
    } finally {
      this.pumping = false;
    }
  }
}
