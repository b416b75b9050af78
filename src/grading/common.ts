import { describeProgramEnd } from '../external/exit';
import type { ExternalConnection, ExternalTransport } from '../external/connect';
import { isRunning, type ExternalProcess } from '../external/process';
import type { Limits } from '../external/sandbox';
import type { PeerExit } from '../types';
import type { Checklist, Figures } from './checklist';
import type { Event, Progress } from './inbox';
import { formatSeconds } from '../measure/units';

/** Everything one grading conversation needs: the connection, the checks, and its bounds. */
export interface Session {
  conn: ExternalConnection;
  list: Checklist;
  transport: ExternalTransport;
  timeoutMs: number;
  limits: Limits;
  /** Aborted at the whole-run deadline (--max-seconds), with the sentence to report as its reason. */
  deadline: AbortSignal;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The exit of the program if it comes within `ms`, else undefined. */
export async function exitWithin(proc: ExternalProcess, ms: number): Promise<PeerExit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const exit = await Promise.race([proc.handle.exited, timeout]);
  clearTimeout(timer);
  return exit;
}

/** "the program closed its end of the stream; it ended with exit status 13; its output ends with: ..." */
export async function describeEnd(reason: string, session: Session): Promise<string> {
  const { proc } = session.conn;
  const exit = session.deadline.aborted ? undefined : await exitWithin(proc, 300); // a crash closes the stream a moment before the exit is seen
  const more = describeProgramEnd(proc, exit, session.limits);
  return more ? `${reason}; ${more}` : reason;
}

/** What to tell a student whose program is silent but alive: its replies are probably sitting in a buffer. */
export const BUFFERED_HINT =
  'its output may be buffered: flush after each message (Python: print(..., flush=True) or python3 -u; ' +
  'Java: a PrintWriter flushes automatically only on println, and only if created with autoflush — or call flush(); ' +
  'C: fflush(stdout) after printf, or setvbuf(stdout, NULL, _IOLBF, 0))';

/** A readable sentence for an event that was not the value we waited for. */
export async function describeMiss(event: Exclude<Event, { kind: 'value' }>, waitingFor: string, session: Session): Promise<string> {
  if (event.kind === 'ended') return `before the ${waitingFor} came, ${await describeEnd(event.reason, session)}`;
  const alive = isRunning(session.conn.proc);
  return `no ${waitingFor} within ${formatSeconds(session.timeoutMs)}${alive ? `, and the program is still running: ${BUFFERED_HINT}` : ''}`;
}

/**
 * Round trips of 30–250 ms over tcp: the signature of Nagle's algorithm meeting a delayed ACK (about
 * 40 ms on an idle Linux host, more under load). Worded as a condition: a program that sleeps gets it too.
 */
export function nagleNote(figures: Figures | null, transport: ExternalTransport): string | undefined {
  if (!figures || transport !== 'tcp' || figures.meanLatencyMicros < 30_000 || figures.meanLatencyMicros > 250_000) return undefined;
  return (
    `round trips take ${(figures.meanLatencyMicros / 1000).toFixed(0)} ms each: if each reply is written in two sends (e.g. the number, then the newline), ` +
    "this is Nagle's algorithm holding the second until the first is acknowledged, and the ACK is delayed — write each message in one send, or set TCP_NODELAY"
  );
}

/** Figures from `done` round trips in `nanos`; `partial` when the run was cut short (the rate so far). */
export function figuresOf(progress: Progress, partial = false): Figures | null {
  if (progress.done <= 0 || progress.nanos <= 0) return null;
  const seconds = progress.nanos / 1e9;
  return { roundTrips: progress.done, seconds, roundTripsPerSec: progress.done / seconds, meanLatencyMicros: progress.nanos / progress.done / 1000, ...(partial ? { partial } : {}) };
}
