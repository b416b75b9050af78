import { Inbox } from './inbox';
import { delay, describeEnd, describeMiss } from './common';
import type { Checklist, Figures } from './checklist';
import type { SessionOutcome } from './drive-program';
import type { ExternalConnection } from '../external/connect';

/** Replies written in two parts at the start, to check the program reassembles split frames. */
const SPLIT_REPLIES = 3;
const SPLIT_PAUSE_MS = 20;

/**
 * The program is the driver (like the lab's server): it sends 1 and must get 2, then sends
 * increments (each the previous reply + 1, as the classic lab does) and finally 0. ipcbench answers
 * x+1 and times the run from its own side (first increment to the 0).
 * `expectRounds` is checked only when the user gave --rounds; otherwise any count of at least one is fine.
 */
export async function answerProgram(
  conn: ExternalConnection,
  list: Checklist,
  expectRounds: number | undefined,
  timeoutMs: number,
): Promise<SessionOutcome> {
  const { stream, proc } = conn;
  const io = new Inbox(stream);

  const first = await io.next(timeoutMs);
  if (first.kind !== 'value') {
    list.fail('handshake', await describeMiss(first, 'the handshake 1', timeoutMs, proc));
    list.failRest('the program never sent the handshake', first.kind === 'timeout' ? [] : ['exit-status', 'min-rate']);
    return { afterwards: first.kind === 'timeout' ? 'hung' : 'ended', figures: null };
  }
  if (first.value === 1) list.pass('handshake', 'got 1, answered 2');
  else list.fail('handshake', `expected 1 first, got ${first.value}`);
  if (first.value === 0) return stopped(list, 0, null);
  stream.send(first.value + 1);
  let lastReply = first.value + 1;
  let count = 0;

  if (list.has('split-frames')) {
    for (let i = 0; i <= SPLIT_REPLIES; i++) {
      const event = await io.next(timeoutMs);
      const after = i === 0 ? 'the handshake reply' : `the reply ${lastReply}, written in two parts`;
      if (event.kind !== 'value') {
        const why = await describeMiss(event, `the next message after ${after}`, timeoutMs, proc);
        (i === 0 ? list.fail.bind(list, 'increments') : list.fail.bind(list, 'split-frames'))(why);
        list.failRest('the program stopped driving', event.kind === 'timeout' ? [] : ['exit-status', 'min-rate']);
        return { afterwards: event.kind === 'timeout' ? 'hung' : 'ended', figures: null };
      }
      if (event.value === 0) return stopped(list, count, null);
      count++;
      if (i === 0 && event.value !== lastReply + 1) list.fail('increments', `message 1: expected ${lastReply + 1}, got ${event.value}`);
      if (i > 0 && event.value !== lastReply + 1) list.fail('split-frames', `after ${after}, expected ${lastReply + 1}, got ${event.value}`);
      if (i === SPLIT_REPLIES) {
        if (!list.passed('split-frames')) list.pass('split-frames', `went on correctly after ${SPLIT_REPLIES} replies written in two parts each`);
        stream.send(event.value + 1);
      } else {
        const text = `${event.value + 1}\n`;
        const cut = Math.ceil((text.length - 1) / 2);
        stream.sendBytes(text.slice(0, cut));
        await delay(SPLIT_PAUSE_MS);
        stream.sendBytes(text.slice(cut));
      }
      lastReply = event.value + 1;
    }
  }

  const outcome = await io.answer(lastReply, timeoutMs);
  const total = count + outcome.count;
  const wrong = outcome.firstWrong;
  const wrongText = wrong && `message ${wrong.index + count}: expected ${wrong.expected}, got ${wrong.got}`;
  if (outcome.kind === 'timeout') {
    list.fail('increments', wrongText ?? `after ${total} round trips, no next message within ${timeoutMs} ms`);
    list.failRest('the program stopped driving without sending 0');
    return { afterwards: 'hung', figures: null };
  }
  if (outcome.kind === 'ended') {
    list.fail('increments', wrongText ?? `after ${total} round trips: ${await describeEnd(outcome.reason, proc)}`);
    list.fail('terminates', 'the program ended the conversation without sending 0');
    return { afterwards: 'ended', figures: null };
  }
  if (wrongText) list.fail('increments', wrongText);
  else if (expectRounds !== undefined && total !== expectRounds) list.fail('increments', `drove ${total} round trips, expected ${expectRounds} (--rounds)`);
  else if (total === 0) list.fail('increments', 'sent 0 right after the handshake: no round trips to check');
  else list.pass('increments', `${total} round trips, every message the previous reply + 1`);
  const seconds = outcome.nanos / 1e9;
  const figures: Figures | null =
    outcome.count > 0 ? { roundTrips: outcome.count, seconds, roundTripsPerSec: outcome.count / seconds, meanLatencyMicros: outcome.nanos / outcome.count / 1000 } : null;
  return stopped(list, total, figures);
}

function stopped(list: Checklist, total: number, figures: Figures | null): SessionOutcome {
  list.pass('terminates', `sent 0 after ${total} round trips`);
  return { afterwards: 'ok', figures };
}
