import { Inbox, CLOSED } from './inbox';
import { delay, describeEnd, describeMiss, figuresOf, nagleNote, type Session } from './common';
import type { Figures } from './checklist';
import type { WireStream } from '../external/wire';
import { formatSeconds } from '../measure/units';

/** How the conversation left the program: still in lockstep, silent, or gone. */
export type Afterwards = 'ok' | 'hung' | 'ended';

export interface SessionOutcome {
  afterwards: Afterwards;
  figures: Figures | null;
  notes: string[];
}

/** Pause between the parts of a split frame, long enough for them to arrive as separate reads. */
const SPLIT_PAUSE_MS = 20;
/**
 * Pause between the last reply and the 0, so that a program which closes right after its last reply
 * (without reading the 0) has closed before the 0 is written — and fails "terminates" for it, rather
 * than passing when its close and our 0 happen to cross.
 */
export const STOP_SETTLE_MS = 100;

/**
 * The program is the responder (like the lab's client): ipcbench sends 1, increments, then 0.
 * Order on the wire: handshake; split/coalesced frames (line wire); the timed round trips; stop.
 * A wrong value is recorded and the conversation goes on (lockstep is intact), so one bug fails one
 * check; silence or a closed stream ends it and the remaining checks say why they did not run.
 */
export async function driveProgram(session: Session, rounds: number): Promise<SessionOutcome> {
  const { list, timeoutMs } = session;
  const { stream } = session.conn;
  const io = new Inbox(stream, session.deadline);
  const notes: string[] = [];
  // The program is gone or unreadable: its exit status can still be checked, and is, by the caller.
  const gone = (reason: string, figures: Figures | null = null): SessionOutcome => {
    list.failRest(reason, ['exit-status', 'min-rate']);
    return { afterwards: 'ended', figures, notes };
  };

  stream.send(1);
  const handshake = await io.next(timeoutMs);
  if (handshake.kind !== 'value') {
    list.fail('handshake', `sent 1: ${await describeMiss(handshake, 'reply', session)}`);
    if (handshake.kind === 'timeout') return hung(session, 'the handshake', notes);
    return gone('the conversation ended at the handshake');
  }
  if (handshake.value === 2) list.pass('handshake', 'sent 1, got 2');
  else list.fail('handshake', `sent 1, expected 2, got ${handshake.value}`);

  let next = 3;
  let extra = 0;
  if (list.has('split-frames')) {
    const split = await splitAndCoalesce(io, stream, timeoutMs);
    next = split.next;
    extra = 5;
    if (split.problem === undefined) list.pass('split-frames', 'answered "3" sent in two parts, "5\\n7\\n" sent at once, and "9\\n1" + "1\\n"');
    else if (split.ended !== undefined) {
      list.fail('split-frames', `${split.problem}: ${await describeEnd(split.ended, session)}`);
      return gone('the conversation ended during the split/coalesced frames check');
    } else list.fail('split-frames', split.problem);
  }

  const outcome = await io.rounds(next, rounds, timeoutMs);
  const of = `of ${rounds} timed`;
  let figures: Figures | null = null;
  switch (outcome.kind) {
    case 'ok': {
      figures = figuresOf({ done: rounds, nanos: outcome.nanos });
      const nagle = nagleNote(figures, session.transport);
      if (nagle) notes.push(nagle);
      const untimed = extra > 0 ? ` (and ${extra} untimed in the framing check)` : '';
      list.pass('increments', `${rounds} timed round trips${untimed}, every reply x+1 (last reply ${outcome.last})${nagle ? `; note: ${nagle}` : ''}`);
      break;
    }
    case 'wrong':
      list.fail('increments', `round trip ${outcome.index} ${of}: sent ${outcome.sent}, expected ${outcome.sent + 1}, got ${outcome.got}`);
      break;
    case 'timeout':
      list.fail('increments', `round trip ${outcome.index} ${of}: sent ${outcome.sent}; ${await describeMiss({ kind: 'timeout' }, 'reply', session)}`);
      return hung(session, `round trip ${outcome.index}`, notes);
    case 'ended':
      if (session.deadline.aborted) {
        figures = figuresOf(outcome, true);
        list.fail('increments', `${outcome.reason} at round trip ${outcome.index} ${of}${figures ? `; rate so far ${Math.round(figures.roundTripsPerSec)} round trips/s` : ''}`);
        return gone(outcome.reason, figures);
      }
      list.fail('increments', `round trip ${outcome.index} ${of}: sent ${outcome.sent}; ${await describeEnd(outcome.reason, session)}`);
      return gone(`the conversation ended at round trip ${outcome.index}`);
  }

  await delay(STOP_SETTLE_MS);
  if (io.endReason === CLOSED) {
    list.fail('terminates', `the program closed the stream after its last reply, before ipcbench sent 0: it must read the 0, then close${midLine(stream)}`);
    return { afterwards: 'ok', figures, notes };
  }
  stream.send(0);
  const end = await io.next(timeoutMs);
  if (end.kind === 'ended' && end.reason === CLOSED) list.pass('terminates', 'closed the stream after 0');
  else if (end.kind === 'ended' && /ECONNRESET/.test(end.reason)) list.fail('terminates', 'sent 0: the connection was reset — the program closed without reading the 0');
  else if (end.kind === 'ended') list.fail('terminates', `sent 0: ${await describeEnd(end.reason, session)}`);
  else if (end.kind === 'value') list.fail('terminates', `sent 0, expected the stream to close, got ${end.value}`);
  else list.fail('terminates', `sent 0: the stream was not closed within ${formatSeconds(timeoutMs)}`);
  return { afterwards: end.kind === 'timeout' ? 'hung' : 'ok', figures, notes };
}

/** The note for a stream whose last line had no newline (read as a value nonetheless). */
export function midLine(stream: WireStream): string {
  return stream.endedMidLine() ? '; its last line had no newline before the end of the stream (read as a value anyway, as line readers in Python, Java and C do)' : '';
}

function hung(session: Session, step: string, notes: string[]): SessionOutcome {
  session.list.failRest(`the program stopped answering at ${step}`);
  return { afterwards: 'hung', figures: null, notes };
}

interface SplitResult {
  next: number;
  problem?: string;
  /** Set when the stream ended during the check. */
  ended?: string;
}

/** "3" | "\n" → 4; "5\n7\n" → 6, 8; "9\n1" | "1\n" → 10, 12. */
async function splitAndCoalesce(io: Inbox, stream: WireStream, timeoutMs: number): Promise<SplitResult> {
  const steps: Array<{ parts: string[]; expect: number[]; what: string }> = [
    { parts: ['3', '\n'], expect: [4], what: '"3" then "\\n" as two writes' },
    { parts: ['5\n7\n'], expect: [6, 8], what: '"5\\n7\\n" as one write' },
    { parts: ['9\n1', '1\n'], expect: [10, 12], what: '"9\\n1" then "1\\n" as two writes' },
  ];
  for (const step of steps) {
    for (const [i, part] of step.parts.entries()) {
      if (i > 0) await delay(SPLIT_PAUSE_MS);
      stream.sendBytes(part);
    }
    for (const expected of step.expect) {
      const event = await io.next(timeoutMs);
      if (event.kind === 'value' && event.value === expected) continue;
      const problem = `sent ${step.what}, expected ${expected}`;
      if (event.kind === 'value') return { next: event.value + 1, problem: `${problem}, got ${event.value}` };
      if (event.kind === 'timeout') return { next: 13, problem: `${problem}, got no reply within ${formatSeconds(timeoutMs)}` };
      return { next: 13, problem, ended: event.reason };
    }
  }
  return { next: 13 };
}
