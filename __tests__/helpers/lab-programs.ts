import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gradeExternal, type GradeOptions } from '../../src/grading/grade';
import { splitCommandLine } from '../../src/external/command-line';
import type { CheckId, GradingResult } from '../../src/grading/checklist';

/** Lab-style programs in Python, C and Node (__tests__/fixtures/lab/<lang>/), as students write them. */
export const LAB = path.join(__dirname, '..', 'fixtures', 'lab');

/** A tool if it runs here, else the reason the tests needing it are skipped. */
function tool(command: string, args: string[]): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) return { ok: false, reason: `${command} not runnable here (apt-get install ${command})` };
  return { ok: true };
}

export const gcc = tool('gcc', ['--version']);
export const describeWithGcc: jest.Describe | ((name: string, fn: () => void) => void) = gcc.ok
  ? describe
  : (name: string, fn: () => void) => describe.skip(`${name} (skipped: ${gcc.ok ? '' : gcc.reason})`, fn);

/**
 * Compiles every C program of the lab fixtures once, into a fresh directory readable by everyone (the
 * contained program runs as an unprivileged uid). Returns the directory; remove it in afterAll.
 */
export function compileLabC(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-lab-c-'));
  fs.chmodSync(dir, 0o755);
  for (const name of ['client', 'server']) {
    const build = spawnSync('gcc', ['-O2', '-Wall', '-o', path.join(dir, name), path.join(LAB, 'c', `${name}.c`)], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`gcc ${name}.c failed: ${build.stderr}`);
  }
  return dir;
}

export function labOptions(command: string, overrides: Partial<GradeOptions> = {}): GradeOptions {
  return { command, argv: splitCommandLine(command), transport: 'tcp', role: 'responder', wire: 'line', rounds: 100, timeoutMs: 5000, startTimeoutMs: 20_000, ...overrides };
}

export function gradeLab(command: string, overrides: Partial<GradeOptions> = {}): Promise<GradingResult> {
  return gradeExternal(labOptions(command, overrides));
}

export function failed(result: GradingResult): CheckId[] {
  return result.checks.filter((c) => c.status === 'failed').map((c) => c.id);
}

export function output(result: GradingResult, id: CheckId): string {
  return result.checks.find((c) => c.id === id)!.output;
}

/** Runs `task` `count` times, at most `parallel` at once; returns the results in order. */
export async function repeat<T>(count: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}
