import * as readline from 'node:readline';
import { IpcBenchError } from '../errors';
import { splitCommandLine } from '../external/command-line';
import { startArmProcess, type ArmProcess } from './arm-process';
import { describeExit } from '../process/exit-words';
import { ARM_PROTOCOL, ARM_SUBCOMMAND, NO_ENV_FLAG, type FirstHello, type ArmHello, type RepeatRequest, type RepeatResponse } from './protocol';

export type ArmLabel = 'A' | 'B';

/**
 * An arm that cannot be used: names the arm and its command. Before the first measurement (it does not
 * start, or says something other than hello) the command is wrong: exit 2. Afterwards (it dies, hangs or
 * answers garbage mid-run) the run failed: exit 1.
 */
export class ArmError extends IpcBenchError {
  constructor(
    readonly arm: ArmLabel,
    readonly command: string,
    problem: string,
    exitCode: 1 | 2,
  ) {
    super(`arm ${arm} (${command}): ${problem}`, { exitCode });
  }
}

/** How long an arm may take to say hello (a cold runtime start on a loaded machine is slow). */
export const HELLO_TIMEOUT_MS = 60_000;

/** A started arm: one outstanding request at a time (ab interleaves arms, never runs them at once). */
export class Arm {
  readonly hello: Promise<ArmHello>;
  private readonly process: ArmProcess;
  private readonly lines: AsyncIterator<string>;
  private nextId = 1;
  private started = false;

  constructor(
    readonly label: ArmLabel,
    readonly command: string,
    env: Record<string, string> = {},
    /** A replacement arm started mid-run: if it fails, the run failed (exit 1), the command is fine. */
    midRun = false,
  ) {
    this.started = midRun;
    const argv = [...splitCommandLine(command), ...ARM_SUBCOMMAND, ...(midRun ? [NO_ENV_FLAG] : [])];
    this.process = startArmProcess(argv, env);
    this.lines = readline.createInterface({ input: this.process.child.stdout!, crlfDelay: Infinity })[Symbol.asyncIterator]();
    this.hello = this.readHello();
    this.hello.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
  }

  private fail(problem: string, code: 1 | 2 = this.started ? 1 : 2): ArmError {
    this.process.handle.kill();
    return new ArmError(this.label, this.command, problem, code);
  }

  /** The next line, or an ArmError when the arm exits or says nothing within `timeoutMs`. */
  private async nextLine(timeoutMs: number, waitingFor: string): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const next = await Promise.race([this.lines.next(), timeout]).finally(() => clearTimeout(timer));
    if (next === 'timeout') throw this.fail(`no ${waitingFor} within ${timeoutMs / 1000} s`);
    if (next.done) {
      const exit = await this.process.handle.exited;
      const spawnError = this.process.spawnError();
      if (spawnError) throw this.fail(`cannot start it: ${spawnError.message}`, 2);
      const tail = this.process.outputTail();
      throw this.fail(`exited with ${describeExit(exit)} before its ${waitingFor}${tail ? `; it said: ${tail.slice(-600)}` : ''}`);
    }
    return next.value;
  }

  private async readHello(): Promise<ArmHello> {
    const line = await this.nextLine(HELLO_TIMEOUT_MS, 'hello line (is it an ipcbench with the ab-arm command?)');
    const hello = parse(line) as Partial<ArmHello> | undefined;
    if (hello?.ipcbenchArm === undefined) throw this.fail(`expected the ab-arm hello line, got ${quote(line)} (is this command an ipcbench that has the ab-arm command?)`);
    if (hello.ipcbenchArm !== ARM_PROTOCOL) throw this.fail(`speaks arm protocol ${String(hello.ipcbenchArm)}, this ipcbench speaks ${ARM_PROTOCOL}: build both arms from compatible versions`);
    if (!this.started && (typeof hello.env !== 'object' || hello.env === null)) throw this.fail('its hello line carries no environment');
    return hello as ArmHello;
  }

  /** One repeat measured inside the arm; `deadlineMs` bounds the whole repeat. */
  async repeat(request: Omit<RepeatRequest, 'id'>, deadlineMs: number): Promise<RepeatResponse> {
    await this.hello;
    this.started = true;
    const id = this.nextId++;
    this.process.child.stdin!.write(`${JSON.stringify({ id, ...request })}\n`);
    const line = await this.nextLine(deadlineMs, `answer to repeat ${id} (${request.transport})`);
    const response = parse(line) as Partial<RepeatResponse> | undefined;
    if (response?.id !== id || !['completed', 'skipped', 'errored'].includes(String(response.status))) {
      throw this.fail(`expected the answer to repeat ${id}, got ${quote(line)}`);
    }
    return response as RepeatResponse;
  }

  /** Closes stdin (the arm exits on its own), then makes sure the arm and everything it started are gone. */
  async close(): Promise<void> {
    this.process.child.stdin?.end();
    const exited = this.process.handle.exited;
    const timer = setTimeout(() => this.process.handle.kill(), 3_000);
    await exited.finally(() => clearTimeout(timer));
  }

  kill(): void {
    this.process.handle.kill();
  }
}

function parse(line: string): unknown {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function quote(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

/**
 * One arm's slot in `ab`: serves `life` repeats from one arm process, then replaces it with a fresh one
 * (closed before the next starts, so two never overlap). life = 1 (the default): every repeat runs in a
 * fresh process, so nothing a process accumulates — its CPU placement, JIT state, heap — carries from
 * one pair to the next, and the pairs are as independent as the paired test assumes.
 */
export class ArmSlot {
  /** The first arm's hello, which carries the environment. */
  readonly hello: Promise<FirstHello>;
  private current: Arm;
  private served = 0;

  constructor(
    readonly label: ArmLabel,
    readonly command: string,
    private readonly env: Record<string, string> = {},
    private readonly life = 1,
  ) {
    this.current = new Arm(label, command, env);
    this.hello = this.current.hello as Promise<FirstHello>;
  }

  async repeat(request: Omit<RepeatRequest, 'id'>, deadlineMs: number): Promise<RepeatResponse> {
    if (this.served >= this.life) {
      await this.current.close();
      this.current = new Arm(this.label, this.command, this.env, true);
      this.served = 0;
      await this.current.hello;
    }
    this.served++;
    return this.current.repeat(request, deadlineMs);
  }

  close(): Promise<void> {
    return this.current.close();
  }

  kill(): void {
    this.current.kill();
  }
}
