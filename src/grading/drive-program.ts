import { Inbox, CLOSED } from './inbox';
import { delay, describeEnd, describeMiss } from './common';
import type { Checklist, Figures } from './checklist';
import type { ExternalConnection } from '../external/connect';

/** How the conversation left the program: still in lockstep, silent, or gone. */
export type Afterwards = 'ok' | 'hung' | 'ended';

export interface SessionOutcome {
  afterwards: Afterwards;
  figures: Figures | null;
}

/** Pause between the parts of a split frame, long enough for them to arrive as separate reads. */
const SPLIT_PAUSE_MS = 20;

/**
 * The program is the responder (like the lab's client): ipcbench sends 1, increments, then 0.
 * Order on the wire: handshake; split/coalesced frames (line wire); the timed round trips; stop.
 * A wrong value is recorded and the conversation goes on (lockstep is intact), so one bug fails one
 * check; silence or a closed stream ends it and the remaining checks say why they did not run.
 */
export async function driveProgram(conn: ExternalConnection, list: Checklist, rounds: number, timeoutMs: number): Promise<SessionOutcome> {
  const { stream, proc } = conn;
  const io = new Inbox(stream);
  // The program is gone or unreadable: its exit status can still be checked, and is, by the caller.
  const gone = async (reason: string): Promise<SessionOutcome> => {
    list.failRest(reason, ['exit-status', 'min-rate']);
    return { afterwards: 'ended', figures: null };
  };

  stream.send(1);
  const handshake = await io.next(timeoutMs);
  if (handshake.kind !== 'value') {
    list.fail('handshake', `sent 1: ${await describeMiss(handshake, 'reply', timeoutMs, proc)}`);
    if (handshake.kind === 'timeout') return hung(list, 'handshake');
    return gone('the conversation ended at the handshake');
  }
  if (handshake.value === 2) list.pass('handshake', 'sent 1, got 2');
  else list.fail('handshake', `sent 1, expected 2, got ${handshake.value}`);

  let next = 3;
  if (list.has('split-frames')) {
    const split = await splitAndCoalesce(io, stream, timeoutMs);
    next = split.next;
    if (split.problem === undefined) list.pass('split-frames', 'answered "3" sent in two parts, "5\\n7\\n" sent at once, and "9\\n1" + "1\\n"');
    else if (split.ended !== undefined) {
      list.fail('split-frames', `${split.problem}: ${await describeEnd(split.ended, proc)}`);
      return gone('the conversation ended during the split/coalesced frames check');
    } else list.fail('split-frames', split.problem);
  }

  const outcome = await io.rounds(next, rounds, timeoutMs);
  let figures: Figures | null = null;
  switch (outcome.kind) {
    case 'ok': {
      const seconds = outcome.nanos / 1e9;
      figures = { roundTrips: rounds, seconds, roundTripsPerSec: rounds / seconds, meanLatencyMicros: (outcome.nanos / rounds) / 1000 };
      list.pass('increments', `${rounds} round trips, every reply x+1 (last reply ${outcome.last})`);
      break;
    }
    case 'wrong':
      list.fail('increments', `round trip ${outcome.index} of ${rounds}: sent ${outcome.sent}, expected ${outcome.sent + 1}, got ${outcome.got}`);
      break;
    case 'timeout':
      list.fail('increments', `round trip ${outcome.index} of ${rounds}: sent ${outcome.sent}, no reply within ${timeoutMs} ms`);
      return hung(list, 'round trip');
    case 'ended':
      list.fail('increments', `round trip ${outcome.index} of ${rounds}: sent ${outcome.sent}; ${await describeEnd(outcome.reason, proc)}`);
      return gone(`the conversation ended at round trip ${outcome.index}`);
  }

  stream.send(0);
  const end = await io.next(timeoutMs);
  if (end.kind === 'ended' && end.reason === CLOSED) list.pass('terminates', 'closed the stream after 0');
  else if (end.kind === 'ended') list.fail('terminates', `sent 0: ${await describeEnd(end.reason, proc)}`);
  else if (end.kind === 'value') list.fail('terminates', `sent 0, expected the stream to close, got ${end.value}`);
  else list.fail('terminates', `sent 0: the stream was not closed within ${timeoutMs} ms`);
  return { afterwards: end.kind === 'timeout' ? 'hung' : 'ok', figures };
}

function hung(list: Checklist, step: string): SessionOutcome {
  list.failRest(`the program stopped answering at the ${step}`);
  return { afterwards: 'hung', figures: null };
}

interface SplitResult {
  next: number;
  problem?: string;
  /** Set when the stream ended during the check. */
  ended?: string;
}

/** "3" | "\n" → 4; "5\n7\n" → 6, 8; "9\n1" | "1\n" → 10, 12. */
async function splitAndCoalesce(io: Inbox, stream: ExternalConnection['stream'], timeoutMs: number): Promise<SplitResult> {
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
      if (event.kind === 'timeout') return { next: 13, problem: `${problem}, got no reply within ${timeoutMs} ms` };
      return { next: 13, problem, ended: event.reason };
    }
  }
  return { next: 13 };
}
