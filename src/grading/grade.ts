import { connectExternal, startTimeout, StartError, type ExternalSpec } from '../external/connect';
import { describeExit } from '../process/exit-words';
import { containment, DEFAULT_LIMITS } from '../external/sandbox';
import { runUid } from '../process/run-uid';
import { createScratch } from '../external/scratch';
import { Checklist, type CheckId, type GradingResult } from './checklist';
import { driveProgram, type SessionOutcome } from './drive-program';
import { answerProgram } from './answer-program';
import { exitWithin, type Session } from './common';
import { formatSeconds } from '../measure/units';

export interface GradeOptions extends Omit<ExternalSpec, 'home' | 'uid'> {
  /** The command line as the user wrote it, for the report. */
  command: string;
  /** Required round trips/s, checked only when given. */
  minRate?: number;
  /** Driver role: require exactly `rounds` round trips (the user gave --rounds). */
  strictRounds?: boolean;
  /** Whole-run deadline in seconds (start to exit); the rate reached so far is reported. */
  maxSeconds?: number;
  /** What each check is worth (default 1 each). */
  points?: Partial<Record<CheckId, number>>;
  /** Run in this prepared workspace (a built submission) instead of a fresh scratch directory; kept. */
  workspace?: { dir: string; uid?: number };
}

export const DEFAULT_MAX_SECONDS = 60;

/** The checks for this role and wire, in order, with the names reports show. */
export function checkNames(options: GradeOptions): Map<CheckId, string> {
  const t = formatSeconds(options.timeoutMs);
  const names = new Map<CheckId, string>();
  const startT = formatSeconds(startTimeout(options));
  const starts = options.transport === 'stdio' ? 'starts' : options.role === 'responder' ? 'starts and connects' : 'starts and listens';
  names.set('starts', `${starts} within ${startT}`);
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
 * failure becomes a failed check with a readable output, and the program — with everything it
 * started — is gone when this returns, within the step timeouts and the whole-run deadline.
 */
export async function gradeExternal(options: GradeOptions): Promise<GradingResult> {
  const started = Date.now();
  const list = new Checklist(checkNames(options), options.points);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const contained = containment();
  const uid = options.workspace ? options.workspace.uid : contained.kind === 'namespace' ? runUid() : undefined;
  const scratch = options.workspace ? { dir: options.workspace.dir, remove: () => undefined } : createScratch(uid);
  const runDir = options.workspace ? scratch.dir : options.cwd;
  const maxSeconds = options.maxSeconds ?? DEFAULT_MAX_SECONDS;
  const result = (outcome: Pick<SessionOutcome, 'figures' | 'notes'>, peerOutput: string): GradingResult => {
    const checks = list.list();
    return {
      peer: { command: options.command, transport: options.transport, role: options.role, wire: options.wire, rounds: options.rounds, timeoutMs: options.timeoutMs },
      checks,
      score: checks.reduce((sum, c) => sum + c.score, 0),
      maxScore: checks.reduce((sum, c) => sum + c.maxScore, 0),
      figures: outcome.figures,
      peerOutput,
      containment: contained.description,
      notes: outcome.notes,
      seconds: (Date.now() - started) / 1000,
    };
  };

  let conn;
  try {
    conn = await connectExternal({ ...options, home: scratch.dir, cwd: runDir, uid });
  } catch (error) {
    scratch.remove();
    if (!(error instanceof StartError)) throw error; // our own bug: let it surface
    list.fail('starts', error.message);
    list.failRest('the program did not start');
    return result({ figures: null, notes: [] }, error.proc?.outputTail() ?? '');
  }
  const { proc } = conn;
  const deadline = new AbortController();
  const remaining = Math.max(0, maxSeconds * 1000 - (Date.now() - started));
  const timer = setTimeout(() => deadline.abort(`the whole-run deadline (--max-seconds ${maxSeconds}) was reached`), remaining);
  try {
    list.pass('starts', conn.how);
    const session: Session = { conn, list, transport: options.transport, timeoutMs: options.timeoutMs, limits, deadline: deadline.signal };
    const outcome = options.role === 'responder' ? await driveProgram(session, options.rounds) : await answerProgram(session, options.strictRounds ? options.rounds : undefined);
    if (options.role === 'driver') conn.stream.close(); // its 0 has come: let it see EOF
    if (deadline.signal.aborted) {
      list.failRest(String(deadline.signal.reason));
    } else if (outcome.afterwards === 'hung') {
      list.fail('exit-status', 'not run: the program stopped answering; it was killed');
    } else {
      const exit = await exitWithin(proc, Math.min(options.timeoutMs, Math.max(0, maxSeconds * 1000 - (Date.now() - started))));
      if (!exit) list.fail('exit-status', deadline.signal.aborted ? String(deadline.signal.reason) : `did not exit within ${formatSeconds(options.timeoutMs)}${outcome.afterwards === 'ok' ? ' after the run ended' : ''}`);
      else if (exit.code === 0) list.pass('exit-status', 'exit status 0');
      else list.fail('exit-status', `expected exit status 0, got ${describeExit(exit)}`);
    }
    if (list.has('min-rate')) {
      const f = outcome.figures;
      if (!f) list.fail('min-rate', 'not measured: the round trips did not complete');
      else {
        const rate = `${Math.round(f.roundTripsPerSec)} round trips/s${f.partial ? ' (the rate so far: the run was cut short)' : ''}`;
        if (f.roundTripsPerSec >= options.minRate!) list.pass('min-rate', rate);
        else list.fail('min-rate', `${rate}, below the required ${options.minRate}`);
      }
    }
    return result(outcome, proc.outputTail());
  } finally {
    clearTimeout(timer);
    conn.stream.close();
    proc.handle.kill();
    await proc.handle.exited;
    scratch.remove();
  }
}
