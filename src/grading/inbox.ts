import type { WireStream } from '../external/wire';
import { FramingError } from '../transports/framing';

/** What the program did next: a value, nothing within the timeout, or it ended the conversation. */
export type Event = { kind: 'value'; value: number } | { kind: 'timeout' } | { kind: 'ended'; reason: string };

/** The reason given when the program closed its end normally (EOF), as opposed to failing. Reasons are whole clauses. */
export const CLOSED = 'the program closed its end of the stream';

/** More unread messages than this means the program floods instead of waiting: the conversation ends. */
export const MAX_QUEUED = 1000;

/** Round trips completed and the time they took, so far: the figures of a run cut short by the deadline. */
export interface Progress {
  done: number;
  nanos: number;
}

export type RoundsOutcome =
  | { kind: 'ok'; last: number; nanos: number }
  | { kind: 'wrong'; index: number; sent: number; got: number; last: number }
  | ({ kind: 'timeout'; index: number; sent: number } & Progress)
  | ({ kind: 'ended'; index: number; sent: number; reason: string } & Progress);

export interface Wrong {
  index: number;
  expected: number;
  got: number;
}

export type AnswerOutcome =
  | { kind: 'stopped'; count: number; nanos: number; firstWrong?: Wrong }
  | { kind: 'timeout'; count: number; nanos: number; firstWrong?: Wrong }
  | { kind: 'ended'; count: number; nanos: number; reason: string; firstWrong?: Wrong };

/**
 * The receiving side of a conversation with an external program. Slow checks take one event at a
 * time with a timeout (`next`); the timed parts (`rounds`, `answer`) run on callbacks with a
 * watchdog, so no Promise is created per message and the figures stay honest.
 */
export class Inbox {
  private readonly queue: number[] = [];
  private ended?: string;
  private fast?: (value: number) => void;
  private onEnd?: () => void;
  private wake?: () => void;

  constructor(
    private readonly stream: WireStream,
    /** The whole-run deadline: aborting ends the conversation with the signal's reason. */
    signal?: AbortSignal,
  ) {
    const abort = (): void => {
      this.end(String(signal!.reason));
      stream.close();
    };
    if (signal?.aborted) queueMicrotask(abort);
    else signal?.addEventListener('abort', abort, { once: true });
    stream.onMessage((value) => {
      if (this.fast) return this.fast(value);
      this.queue.push(value);
      if (this.queue.length > MAX_QUEUED) {
        this.end(`the program sent more than ${MAX_QUEUED} messages without waiting for a reply (flooding)`);
        stream.close();
      }
      this.wake?.();
    });
    stream.onFailure((error) => {
      this.end(error instanceof FramingError ? `the program sent something that is not a number: ${error.message}` : error.message);
      stream.close(); // after undecodable bytes nothing more can be trusted: let the program see EOF
    });
    void stream.ended.then(() => this.end(CLOSED));
  }

  /** Why the conversation ended, once it has. */
  get endReason(): string | undefined {
    return this.ended;
  }

  end(reason: string): void {
    if (this.ended !== undefined) return;
    this.ended = reason;
    this.wake?.();
    this.onEnd?.();
  }

  next(timeoutMs: number): Promise<Event> {
    return new Promise<Event>((resolve) => {
      const take = (): boolean => {
        if (this.queue.length > 0) resolve({ kind: 'value', value: this.queue.shift()! });
        else if (this.ended !== undefined) resolve({ kind: 'ended', reason: this.ended });
        else return false;
        return true;
      };
      if (take()) return;
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.wake = () => {
        if (!take()) return;
        clearTimeout(timer);
        this.wake = undefined;
      };
    });
  }

  /** ipcbench drives: `count` lockstep round trips from `first`, every reply checked, timed. */
  rounds(first: number, count: number, timeoutMs: number): Promise<RoundsOutcome> {
    return new Promise<RoundsOutcome>((resolve) => {
      let sent = first;
      let done = 0;
      let progress = 0;
      let seen = -1;
      const finish = (outcome: RoundsOutcome): void => {
        clearInterval(watchdog);
        this.fast = undefined;
        this.onEnd = undefined;
        resolve(outcome);
      };
      const start = process.hrtime.bigint();
      const elapsed = (): number => Number(process.hrtime.bigint() - start);
      const watchdog = setInterval(() => {
        if (progress === seen) finish({ kind: 'timeout', index: done + 1, sent, done, nanos: elapsed() });
        seen = progress;
      }, timeoutMs);
      this.onEnd = () => finish({ kind: 'ended', index: done + 1, sent, reason: this.ended!, done, nanos: elapsed() });
      this.fast = (value) => {
        progress++;
        if (value !== sent + 1) return finish({ kind: 'wrong', index: done + 1, sent, got: value, last: value });
        if (++done === count) return finish({ kind: 'ok', last: value, nanos: elapsed() });
        sent = value + 1;
        this.stream.send(sent);
      };
      if (this.ended !== undefined) return this.onEnd();
      this.stream.send(sent);
      for (const value of this.queue.splice(0)) this.fast?.(value); // stale values sent before we asked
    });
  }

  /**
   * The program drives: answer every x with x+1 until it sends 0. Each message must be the previous
   * reply + `step` (0: the lab's server, 1: the other convention); the first wrong one is recorded, and
   * answering goes on.
   */
  answer(lastReply: number, step: 0 | 1, timeoutMs: number): Promise<AnswerOutcome> {
    return new Promise<AnswerOutcome>((resolve) => {
      let expected = lastReply + step;
      let count = 0;
      let progress = 0;
      let seen = -1;
      let firstWrong: Wrong | undefined;
      const finish = (outcome: AnswerOutcome): void => {
        clearInterval(watchdog);
        this.fast = undefined;
        this.onEnd = undefined;
        resolve(outcome);
      };
      const start = process.hrtime.bigint();
      const elapsed = (): number => Number(process.hrtime.bigint() - start);
      const watchdog = setInterval(() => {
        if (progress === seen) finish({ kind: 'timeout', count, nanos: elapsed(), firstWrong });
        seen = progress;
      }, timeoutMs);
      this.onEnd = () => finish({ kind: 'ended', count, nanos: elapsed(), reason: this.ended!, firstWrong });
      this.fast = (value) => {
        progress++;
        if (value === 0) return finish({ kind: 'stopped', count, nanos: elapsed(), firstWrong });
        count++;
        if (value !== expected && !firstWrong) firstWrong = { index: count, expected, got: value };
        expected = value + 1 + step;
        this.stream.send(value + 1);
      };
      if (this.ended !== undefined) return this.onEnd();
      for (const value of this.queue.splice(0)) this.fast?.(value);
    });
  }
}
