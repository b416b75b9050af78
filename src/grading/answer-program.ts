import { Inbox, type AnswerOutcome } from './inbox';
import { delay, describeEnd, describeMiss, figuresOf, nagleNote, type Session } from './common';
import { midLine, type SessionOutcome } from './drive-program';
import type { Figures } from './checklist';

/** Replies written in two parts at the start, to check the program reassembles split frames. */
const SPLIT_REPLIES = 3;
const SPLIT_PAUSE_MS = 20;

/**
 * The two conventions of a lab server after the handshake (sent 1, got 2): the lab's own sends each
 * reply back as the next message (2, 3, 4, …: its counter goes up by one per round); others send the
 * previous reply + 1 (3, 5, 7, …). Both are correct; the first message after the handshake decides.
 */
const CONVENTIONS = {
  0: 'each message is the previous reply (the lab\'s server: 2, 3, 4, …)',
  1: 'each message is the previous reply + 1 (3, 5, 7, …)',
} as const;

/**
 * The program is the driver (like the lab's server): it sends 1 and must get 2, then sends increments
 * in one of the two conventions, and finally 0. ipcbench answers x+1 and times the run from its own
 * side (after the framing check, to the 0). `expectRounds` is checked only when the user gave --rounds.
 */
export async function answerProgram(session: Session, expectRounds: number | undefined): Promise<SessionOutcome> {
  const { list, timeoutMs } = session;
  const { stream } = session.conn;
  const io = new Inbox(stream, session.deadline);
  const notes: string[] = [];
  const ended = (afterwards: 'hung' | 'ended', figures: Figures | null = null): SessionOutcome => ({ afterwards, figures, notes });

  const first = await io.next(timeoutMs);
  if (first.kind !== 'value') {
    list.fail('handshake', await describeMiss(first, 'handshake (the program sends 1 first)', session));
    list.failRest('the program never sent the handshake', first.kind === 'timeout' ? [] : ['exit-status', 'min-rate']);
    return ended(first.kind === 'timeout' ? 'hung' : 'ended');
  }
  if (first.value === 1) list.pass('handshake', 'got 1, answered 2');
  else list.fail('handshake', `expected 1 first, got ${first.value}`);
  if (first.value === 0) return stopped(session, 0, null, notes);
  stream.send(first.value + 1);
  let lastReply = first.value + 1;

  // The first message after the handshake: which convention, then required consistently.
  const second = await io.next(timeoutMs);
  if (second.kind !== 'value') {
    list.fail('increments', await describeMiss(second, `message after the handshake reply ${lastReply}`, session));
    if (second.kind === 'ended') {
      list.fail('terminates', `the program ended the conversation without sending 0${midLine(stream)}`);
      list.failRest('the program stopped driving', ['exit-status', 'min-rate']);
      return ended('ended');
    }
    list.failRest('the program stopped driving without sending 0');
    return ended('hung');
  }
  if (second.value === 0) return stopped(session, 0, null, notes);
  const step: 0 | 1 = second.value === lastReply + 1 ? 1 : 0;
  if (second.value === lastReply || step === 1) notes.push(`convention detected: ${CONVENTIONS[step]}`);
  else {
    list.fail('increments', `message 1: expected ${lastReply} (the previous reply, as the lab's server sends) or ${lastReply + 1} (the previous reply + 1), got ${second.value}`);
    notes.push(`convention assumed (message 1 matched neither): ${CONVENTIONS[step]}`);
  }
  let count = 1;
  let value = second.value;

  if (list.has('split-frames')) {
    for (let i = 1; i <= SPLIT_REPLIES; i++) {
      const text = `${value + 1}\n`;
      const cut = Math.ceil((text.length - 1) / 2);
      stream.sendBytes(text.slice(0, cut));
      await delay(SPLIT_PAUSE_MS);
      stream.sendBytes(text.slice(cut));
      lastReply = value + 1;
      const event = await io.next(timeoutMs);
      const after = `the reply ${lastReply}, written in two parts`;
      if (event.kind !== 'value') {
        list.fail('split-frames', await describeMiss(event, `next message after ${after}`, session));
        list.failRest('the program stopped driving', event.kind === 'timeout' ? [] : ['exit-status', 'min-rate']);
        return ended(event.kind === 'timeout' ? 'hung' : 'ended');
      }
      if (event.value === 0) return stopped(session, count, null, notes);
      count++;
      if (event.value !== lastReply + step) list.fail('split-frames', `after ${after}, expected ${lastReply + step} (the convention of message 1), got ${event.value}`);
      value = event.value;
    }
    list.pass('split-frames', `went on correctly after ${SPLIT_REPLIES} replies written in two parts each`);
  }
  stream.send(value + 1);
  lastReply = value + 1;

  const outcome = await io.answer(lastReply, step, timeoutMs);
  return judge(session, outcome, count, step, expectRounds, notes);
}

async function judge(session: Session, outcome: AnswerOutcome, untimed: number, step: 0 | 1, expectRounds: number | undefined, notes: string[]): Promise<SessionOutcome> {
  const { list } = session;
  const { stream } = session.conn;
  const total = untimed + outcome.count;
  const cut = session.deadline.aborted;
  const figures = figuresOf({ done: outcome.count, nanos: outcome.nanos }, outcome.kind !== 'stopped');
  const nagle = nagleNote(figures, session.transport);
  if (nagle) notes.push(nagle);
  const wrong = outcome.firstWrong;
  const closed = outcome.kind === 'ended' && outcome.reason.startsWith('the program closed');
  if (wrong) list.fail('increments', `message ${wrong.index + untimed}: expected ${wrong.expected} (${step === 0 ? 'the previous reply' : 'the previous reply + 1'}, the convention of message 1), got ${wrong.got}`);
  else if (outcome.kind === 'timeout') list.fail('increments', `after ${total} round trips: ${await describeMiss({ kind: 'timeout' }, 'next message', session)}`);
  else if (cut && outcome.kind === 'ended') {
    const rate = figures ? `; rate so far ${Math.round(figures.roundTripsPerSec)} round trips/s` : '';
    list.fail('increments', `${outcome.reason} after ${total} round trips${rate}`);
    list.failRest(outcome.reason, ['exit-status', 'min-rate']);
    return { afterwards: 'ended', figures, notes };
  } else if (outcome.kind === 'ended' && !closed) {
    list.fail('increments', `after ${total} round trips: ${await describeEnd(outcome.reason, session)}`);
    list.failRest('the conversation ended before 0', ['exit-status', 'min-rate']);
    return { afterwards: 'ended', figures, notes };
  } else if (expectRounds !== undefined && total !== expectRounds) list.fail('increments', `drove ${total} round trips, expected ${expectRounds} (--rounds)`);
  else list.pass('increments', `${total} round trips (${outcome.count} timed), every reply checked${nagle ? `; note: ${nagle}` : ''}`);

  if (outcome.kind === 'timeout') {
    list.failRest('the program stopped driving without sending 0');
    return { afterwards: 'hung', figures: null, notes };
  }
  if (outcome.kind === 'ended') {
    list.fail('terminates', `the program closed the stream after ${total} round trips without sending 0${midLine(stream)}`);
    return { afterwards: 'ended', figures, notes };
  }
  return stopped(session, total, figures, notes);
}

function stopped(session: Session, total: number, figures: Figures | null, notes: string[]): SessionOutcome {
  const { stream } = session.conn;
  if (total === 0) session.list.fail('increments', 'sent 0 right after the handshake: no round trips to check');
  if (stream.endedMidLine()) {
    session.list.fail('terminates', `the final 0 came without its newline, at the end of the stream: read as 0 (as line readers in Python, Java and C do), but the line wire ends every message with "\\n" — send "0\\n"`);
  } else session.list.pass('terminates', `sent 0 after ${total} round trips`);
  return { afterwards: 'ok', figures, notes };
}

