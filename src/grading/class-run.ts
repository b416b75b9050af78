import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitCommandLine } from '../external/command-line';
import { startExternal } from '../external/process';
import { containment } from '../external/sandbox';
import { runUid } from '../process/run-uid';
import { createScratch } from '../external/scratch';
import { lastLines, limitHint } from '../external/exit';
import { describeExit } from '../process/exit-words';
import { gradeExternal, checkNames, type GradeOptions } from './grade';
import { exitWithin } from './common';
import { Checklist, type GradingResult } from './checklist';
import type { GradingConfig } from './config';

/** One student's grading: the folder's name, and the result (every check decided, never a throw). */
export interface StudentResult {
  student: string;
  result: GradingResult;
}

/** Submission folders of `dir`, sorted by name; files and hidden folders are not submissions. */
export function submissionFolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

function gradeOptions(config: GradingConfig, run: string): GradeOptions {
  return {
    command: run,
    argv: splitCommandLine(run),
    transport: config.transport,
    role: config.role,
    wire: config.wire,
    rounds: config.rounds,
    strictRounds: config.exactRounds,
    timeoutMs: Math.round(config.timeoutSeconds * 1000),
    maxSeconds: config.maxSeconds,
    minRate: config.minRate,
    requireToken: config.requireToken,
    points: config.points,
    limits: config.limits,
    env: config.env,
  };
}

/** A result with every check failed for one reason (no matching command, a failed build). */
function unstarted(options: GradeOptions, why: string, output: string, seconds: number): GradingResult {
  const list = new Checklist(checkNames(options), options.points);
  list.fail('starts', why);
  list.failRest('the program did not start');
  const checks = list.list();
  return {
    peer: { command: options.command, transport: options.transport, role: options.role, wire: options.wire, rounds: options.rounds, timeoutMs: options.timeoutMs },
    checks,
    score: 0,
    maxScore: checks.reduce((sum, c) => sum + c.maxScore, 0),
    figures: null,
    peerOutput: output,
    containment: containment().description,
    notes: [],
    seconds,
  };
}

/** Runs the build command contained in the workspace; undefined when it succeeded, else why not. */
async function build(line: string, dir: string, uid: number | undefined, config: GradingConfig): Promise<{ why: string; output: string } | undefined> {
  const proc = startExternal({ argv: splitCommandLine(line), env: config.env, stdoutIsProtocol: false, cwd: dir, home: dir, uid, limits: { ...config.limits, cpuSeconds: Math.max(config.limits.cpuSeconds, config.buildSeconds) } });
  const exit = await exitWithin(proc, config.buildSeconds * 1000);
  proc.handle.kill();
  await proc.handle.exited;
  const output = proc.outputTail();
  if (!exit) return { why: `the build (${line}) did not finish within ${config.buildSeconds} s`, output };
  if (exit.code === 0 && !exit.signal) return undefined;
  const hint = proc.limitHit() ?? limitHint(exit, output, config.limits);
  return { why: `the build (${line}) failed with ${describeExit(exit)}${hint ? `; ${hint}` : ''}${output ? `; its output ends with:\n${lastLines(output)}` : ''}`, output };
}

/** Grades one submission folder: picks its command, builds it in a scratch copy, grades it there. */
export async function gradeSubmission(folder: string, config: GradingConfig): Promise<GradingResult> {
  const started = Date.now();
  const command = config.commands.find((c) => c.when === undefined || fs.existsSync(path.join(folder, c.when)));
  if (!command) {
    const wanted = config.commands.map((c) => c.when).join(', ');
    return unstarted(gradeOptions(config, config.commands[0].run), `no file the grading config knows in the submission (looked for ${wanted})`, '', 0);
  }
  const options = gradeOptions(config, command.run);
  const uid = containment().kind === 'namespace' ? runUid() : undefined;
  let scratch;
  try {
    scratch = createScratch(uid, folder);
  } catch (error) {
    return unstarted(options, `could not copy the submission into a scratch folder: ${(error as Error).message}`, '', (Date.now() - started) / 1000);
  }
  try {
    if (command.build) {
      const failed = await build(command.build, scratch.dir, uid, config);
      if (failed) return unstarted(options, failed.why, failed.output, (Date.now() - started) / 1000);
    }
    return await gradeExternal({ ...options, workspace: { dir: scratch.dir, uid } });
  } finally {
    scratch.remove();
  }
}

/**
 * Grades every submission folder of `dir`, `jobs` at a time, in name order; `onDone` hears about each
 * as it finishes (progress). Results come back in folder order.
 */
export async function gradeClass(dir: string, config: GradingConfig, jobs: number, onDone: (done: StudentResult, finished: number, total: number) => void = () => undefined): Promise<StudentResult[]> {
  const students = submissionFolders(dir);
  const results: StudentResult[] = [];
  let next = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    while (next < students.length) {
      const i = next++;
      const student = students[i];
      results[i] = { student, result: await gradeSubmission(path.join(dir, student), config) };
      onDone(results[i], ++finished, students.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, students.length) }, worker));
  return results;
}
