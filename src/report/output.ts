import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, RunError } from '../errors';
import { writeFileAtomic } from './json';

/** The path every output flag accepts for "standard output". Decided here, once, for every writer. */
export const STDOUT_PATH = '-';

/** Where one output goes: a file written atomically, or stdout for "-". */
export interface OutputTarget {
  /** The flag that asked for it, e.g. "--json". */
  flag: string;
  /** As the user gave it. */
  path: string;
  toStdout: boolean;
  write(text: string): void;
}

export function outputTarget(flag: string, path: string): OutputTarget {
  const toStdout = path === STDOUT_PATH;
  return {
    flag,
    path,
    toStdout,
    write: (text) => {
      if (toStdout) process.stdout.write(text);
      else writeFileAtomic(path, text);
    },
  };
}

/** One output to write: the flag that asked for it, how to render it, and a note for the "wrote" line. */
export type OutputJob = [flag: string, render: () => string, note?: string];

/**
 * The outputs of one command, from its flags (`{ '--json': options.json, ... }`, unset ones ignored),
 * and where the text for people goes: stdout, or stderr when stdout carries an output so that it
 * stays machine-readable; nothing but errors when quiet.
 */
export class Outputs {
  readonly targets: OutputTarget[];
  readonly human: NodeJS.WriteStream;

  /** `print` replaces the human stream (in-process callers collect the lines). */
  constructor(
    flags: Record<string, string | undefined>,
    private readonly quiet = false,
    private readonly print?: (line: string) => void,
  ) {
    this.targets = Object.entries(flags)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([flag, file]) => outputTarget(flag, file));
    this.human = this.targets.some((t) => t.toStdout) ? process.stderr : process.stdout;
  }

  /** One line for people (progress, tables, "wrote x"). */
  say(line: string): void {
    if (this.quiet) return;
    if (this.print) this.print(line);
    else this.human.write(`${line}\n`);
  }

  /**
   * Checks every output before any work, so a bad path never costs a run: one InputError (exit 2) naming
   * the flag, the path and why — the same path twice, a folder, a missing or unwritable folder, a
   * device or pipe (use - for stdout).
   */
  check(): void {
    const seen = new Map<string, OutputTarget>();
    for (const target of this.targets) {
      const key = target.toStdout ? STDOUT_PATH : path.resolve(target.path);
      const earlier = seen.get(key);
      if (earlier) {
        const where = target.toStdout ? 'stdout' : target.path;
        throw new InputError(`${earlier.flag} and ${target.flag} both write to ${where}; give each output its own file`);
      }
      seen.set(key, target);
      if (!target.toStdout) {
        const problem = unwritable(target.path);
        if (problem) throw new InputError(`${target.flag} ${target.path}: ${problem}`);
      }
    }
  }

  /**
   * Writes each output that was asked for and says where it went. One that fails does not stop the
   * others; then a RunError names what failed and what was written.
   */
  writeAll(jobs: readonly OutputJob[]): void {
    const written: string[] = [];
    const failed: string[] = [];
    for (const [flag, render, note] of jobs) {
      const target = this.targets.find((t) => t.flag === flag);
      if (!target) continue;
      try {
        target.write(render());
      } catch (error) {
        failed.push(`cannot write ${target.toStdout ? 'stdout' : target.path} (${flag}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        continue;
      }
      written.push(target.toStdout ? `${flag} to stdout` : target.path);
      if (!target.toStdout) this.say(`wrote ${target.path}${note ? ` (${note})` : ''}`);
    }
    if (failed.length > 0) throw new RunError(`${failed.join('; ')}; ${written.length > 0 ? `written: ${written.join(', ')}` : 'nothing was written'}`);
  }
}

/** Why `file` cannot be written atomically (temp file beside it, then rename), or undefined. */
function unwritable(file: string): string | undefined {
  const existing = statOrUndefined(file);
  if (existing?.isDirectory()) return 'is a folder; name a file in it';
  if (existing && !existing.isFile()) return 'is not a regular file (a device or a pipe); use - for stdout';
  const folder = path.dirname(path.resolve(file));
  const parent = statOrUndefined(folder);
  if (!parent) return `the folder ${path.dirname(file)} does not exist`;
  if (!parent.isDirectory()) return `${path.dirname(file)} is not a folder`;
  // Only trying tells: permissions, a read-only file system, ACLs, or root on /sys.
  const probe = path.join(folder, `.ipcbench-probe-${process.pid}-${Date.now()}`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx'));
    fs.rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return `cannot create files in ${path.dirname(file)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
