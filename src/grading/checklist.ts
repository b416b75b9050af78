/**
 * The conformance checks of an external peer, each a scored test. A check that could not run because
 * an earlier one broke the conversation scores zero and says why, so a crashing or silent program
 * gets a readable result for every check rather than a stack trace.
 */
export type CheckId = 'starts' | 'handshake' | 'split-frames' | 'increments' | 'terminates' | 'exit-status' | 'min-rate';

export interface CheckResult {
  id: CheckId;
  name: string;
  status: 'passed' | 'failed';
  score: number;
  maxScore: number;
  /** One or more readable lines: what was expected, what happened. */
  output: string;
}

export interface Figures {
  roundTrips: number;
  seconds: number;
  roundTripsPerSec: number;
  /** Mean round-trip time in microseconds (wall clock, ipcbench's side). */
  meanLatencyMicros: number;
  /** The run was cut short (whole-run deadline, or the program stopped): the rate reached so far. */
  partial?: boolean;
}

export interface GradingResult {
  peer: { command: string; transport: string; role: string; wire: string; rounds: number; timeoutMs: number };
  checks: CheckResult[];
  score: number;
  maxScore: number;
  figures: Figures | null;
  /** Last output of the program, when it said anything (helps a student see why). */
  peerOutput: string;
  /** How the program was contained (PID namespace and limits, or why not). */
  containment: string;
  /** Notes for the student beside the checks (the driver convention detected, Nagle's algorithm, …). */
  notes: string[];
  seconds: number;
}

export class Checklist {
  private readonly results = new Map<CheckId, CheckResult>();

  /** `points`: what each check is worth (default 1 each), e.g. from a course's grading.json. */
  constructor(
    private readonly names: ReadonlyMap<CheckId, string>,
    private readonly points: Partial<Record<CheckId, number>> = {},
  ) {}

  pass(id: CheckId, output: string): void {
    this.set(id, 'passed', output);
  }

  fail(id: CheckId, output: string): void {
    this.set(id, 'failed', output);
  }

  /** Fails every check not decided yet (but those in `except`), with the reason it could not run. */
  failRest(reason: string, except: readonly CheckId[] = []): void {
    for (const id of this.names.keys()) if (!this.results.has(id) && !except.includes(id)) this.fail(id, `not run: ${reason}`);
  }

  has(id: CheckId): boolean {
    return this.names.has(id);
  }

  passed(id: CheckId): boolean {
    return this.results.get(id)?.status === 'passed';
  }

  /** In the order the checks were declared, every one decided. */
  list(): CheckResult[] {
    this.failRest('the grading ended before this check');
    return [...this.names.keys()].map((id) => this.results.get(id)!);
  }

  private set(id: CheckId, status: CheckResult['status'], output: string): void {
    const name = this.names.get(id);
    if (name === undefined || this.results.has(id)) return; // first verdict wins; undeclared checks are ignored
    const worth = this.points[id] ?? 1;
    this.results.set(id, { id, name, status, score: status === 'passed' ? worth : 0, maxScore: worth, output });
  }
}
