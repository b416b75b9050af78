import { type Command, InvalidArgumentError, Option } from 'commander';
import { wholeNumber } from './options';
import { containment, DEFAULT_LIMITS, SANDBOX_PATH, type Containment, type Limits } from '../external/sandbox';
import { UsageError } from '../errors';
import { DEFAULT_MAX_SECONDS } from '../grading/grade';

/** Flags shared by `peer` and `grade`: the deadline, the environment and the limits of a graded program. */
export interface ContainmentFlags {
  maxSeconds?: number;
  env?: Record<string, string>;
  cpuSeconds?: number;
  memoryMib?: number;
  processes?: number;
  outputKib?: number;
  /** Grade even where the limits given cannot be enforced (not root, no util-linux). */
  allowUncontained?: boolean;
}

/** --env K=V, repeatable, collected into one object. */
export function envPair(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
  if (!match) throw new InvalidArgumentError(`expected NAME=value, got "${text}"`);
  return { ...previous, [match[1]]: match[2] };
}

export function addContainmentOptions(command: Command, defaults: 'show' | 'hide' = 'show'): Command {
  const d = (text: string): string => (defaults === 'show' ? text : '');
  return command
    .option('--max-seconds <s>', `whole-run deadline per program; the rate reached so far is reported${d(` (default ${DEFAULT_MAX_SECONDS})`)}`, wholeNumber(1, 86_400))
    .option('--env <NAME=value>', 'add a variable to the program\'s minimal environment (repeatable)', envPair)
    .option('--cpu-seconds <n>', `CPU time limit per process${d(` (default ${DEFAULT_LIMITS.cpuSeconds})`)}`, wholeNumber(1, 86_400))
    .addOption(new Option('--memory-mib <n>', `address-space limit per process, 0 = none (the JVM needs 0)${d(` (default ${DEFAULT_LIMITS.memoryMiB})`)}`).argParser(wholeNumber(0, 1 << 20)))
    .option('--processes <n>', `processes + threads the program may run at once${d(` (default ${DEFAULT_LIMITS.processes})`)}`, wholeNumber(1, 100_000))
    .option('--output-kib <n>', `KiB of stdout + stderr the program may write before it is killed${d(` (default ${DEFAULT_LIMITS.outputKiB})`)}`, wholeNumber(1, 1 << 20))
    .option('--allow-uncontained', 'grade even where --cpu-seconds, --memory-mib and --processes cannot be enforced (not root, or no util-linux): they are then ignored');
}

/** The limits only containment enforces (ipcbench enforces --output-kib and --max-seconds itself, everywhere). */
const KERNEL_LIMIT_FLAGS = [
  ['--cpu-seconds', 'cpuSeconds'],
  ['--memory-mib', 'memoryMib'],
  ['--processes', 'processes'],
] as const;

/**
 * Where programs run uncontained, says so in one stderr line; limits the user asked for (flags, or
 * `given` — e.g. the grading config's) that cannot be enforced are a usage error unless --allow-uncontained.
 */
export function checkContainment(flags: ContainmentFlags, given: readonly string[] = [], how: Containment = containment(), warn = (line: string): void => void process.stderr.write(`${line}\n`)): void {
  if (how.kind === 'namespace') return;
  const asked = [...KERNEL_LIMIT_FLAGS.filter(([, key]) => flags[key] !== undefined).map(([flag]) => flag), ...given];
  if (asked.length > 0 && !flags.allowUncontained) {
    throw new UsageError(`${asked.join(', ')}: cannot be enforced here (${how.reason}); run as root on Linux with util-linux, or add --allow-uncontained to grade without ${asked.length === 1 ? 'it' : 'them'}`);
  }
  warn(`ipcbench: warning: programs run uncontained (${how.reason}): ${asked.length > 0 ? `${asked.join(', ')} ignored; ` : ''}CPU, memory, process and file-size limits are not enforced and a child that calls setsid() can outlive grading`);
}

/** Limits from flags over `base` (the defaults, or a grading config's). */
export function limitsFrom(flags: ContainmentFlags, base: Limits = DEFAULT_LIMITS): Limits {
  return {
    cpuSeconds: flags.cpuSeconds ?? base.cpuSeconds,
    memoryMiB: flags.memoryMib ?? base.memoryMiB,
    processes: flags.processes ?? base.processes,
    fileMiB: base.fileMiB,
    outputKiB: flags.outputKib ?? base.outputKiB,
  };
}

export const ENVIRONMENT_HELP = `
The program runs without a shell, in a minimal environment (not yours): PATH=${SANDBOX_PATH},
HOME and TMPDIR = its own scratch directory, LANG=C.UTF-8, the IPCBENCH_* variables, and --env NAME=value.
As root on Linux it runs contained: in its own PID namespace (nothing it starts outlives grading, even
if ipcbench is killed), as a fresh unprivileged uid, with CPU/memory/process/file-size limits. Otherwise
it runs uncontained (said on stderr); limits given then are refused unless --allow-uncontained. The
network is NOT isolated. See README "Grading a class" for what is and is not isolated.`;
