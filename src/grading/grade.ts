import { connectExternal, StartError, type ExternalSpec } from '../external/connect';
import { describeExit } from '../transports/peer-process';
import { Checklist, type CheckId, type GradingResult } from './checklist';
import { driveProgram, type SessionOutcome } from './drive-program';
import { answerProgram } from './answer-program';
import { exitWithin } from './common';

export interface GradeOptions extends ExternalSpec {
  /** The command line as the user wrote it, for the report. */
  command: string;
  /** Required round trips/s, checked only when given. */
  minRate?: number;
  /** Driver role: require exactly `rounds` round trips (the user gave --rounds). */
  strictRounds?: boolean;
}

/** The checks for this role and wire, in order, with the names reports show. */
export function checkNames(options: GradeOptions): Map<CheckId, string> {
  const t = `${options.timeoutMs / 1000} s`;
  const names = new Map<CheckId, string>();
  const starts = options.transport === 'stdio' ? 'starts' : options.role === 'responder' ? 'starts and connects' : 'starts and listens';
  names.set('starts', `${starts} within ${t}`);
  names.set('handshake', options.role === 'responder' ? 'handshake: answers 1 with 2' : 'handshake: sends 1 first and accepts 2');
  if (options.wire === 'line') names.set('split-frames', options.role === 'responder' ? 'copes with split and coalesced frames' : 'copes with split frames');
  names.set('increments', options.role === 'responder' ? `every increment correct (${options.rounds} round trips)` : 'every increment correct');
  names.set('terminates', options.role === 'responder' ? 'terminates on 0' : 'ends the run with 0');
  names.set('exit-status', `exits with status 0 within ${t}`);
  if (options.minRate !== undefined) names.set('min-rate', `at least ${options.minRate} round trips/s`);
  return names;
}

/**
 * Grades (and measures) an external program. Never throws for anything the program does: every
 * failure becomes a failed check with a readable output, and the program is gone when this returns.
 */
export async function gradeExternal(options: GradeOptions): Promise<GradingResult> {
  const started = Date.now();
  const list = new Checklist(checkNames(options));
  const result = (outcome: SessionOutcome, peerOutput: string): GradingResult => {
    const checks = list.list();
    return {
      peer: { command: options.command, transport: options.transport, role: options.role, wire: options.wire, rounds: options.rounds, timeoutMs: options.timeoutMs },
      checks,
      score: checks.reduce((sum, c) => sum + c.score, 0),
      maxScore: checks.reduce((sum, c) => sum + c.maxScore, 0),
      figures: outcome.figures,
      peerOutput,
      seconds: (Date.now() - started) / 1000,
    };
  };

  let conn;
  try {
    conn = await connectExternal(options);
  } catch (error) {
    if (!(error instanceof StartError)) throw error; // our own bug: let it surface
    list.fail('starts', error.message);
    list.failRest('the program did not start');
    return result({ afterwards: 'ended', figures: null }, error.proc?.outputTail() ?? '');
  }
  const { proc } = conn;
  try {
    list.pass('starts', conn.how);
    const outcome =
      options.role === 'responder'
        ? await driveProgram(conn, list, options.rounds, options.timeoutMs)
        : await answerProgram(conn, list, options.strictRounds ? options.rounds : undefined, options.timeoutMs);
    if (options.role === 'driver') conn.stream.close(); // its 0 has come: let it see EOF
    if (outcome.afterwards === 'hung') {
      list.fail('exit-status', 'not run: the program stopped answering; it was killed');
    } else {
      const exit = await exitWithin(proc, options.timeoutMs);
      if (!exit) list.fail('exit-status', `did not exit within ${options.timeoutMs} ms${outcome.afterwards === 'ok' ? ' after the run ended' : ''}`);
      else if (exit.code === 0) list.pass('exit-status', 'exit status 0');
      else list.fail('exit-status', `expected exit status 0, got ${describeExit(exit)}`);
    }
    if (list.has('min-rate')) {
      const rate = outcome.figures?.roundTripsPerSec;
      if (rate === undefined) list.fail('min-rate', 'not measured: the round trips did not complete');
      else if (rate >= options.minRate!) list.pass('min-rate', `${Math.round(rate)} round trips/s`);
      else list.fail('min-rate', `${Math.round(rate)} round trips/s, below the required ${options.minRate}`);
    }
    return result(outcome, proc.outputTail());
  } finally {
    conn.stream.close();
    proc.handle.kill();
    await proc.handle.exited;
  }
}
