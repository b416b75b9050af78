import * as fs from 'node:fs';
import { startCli, type Finished } from './cli';

/** taskset is here (Linux, util-linux): the one-CPU specs can run. */
export const hasTaskset = fs.existsSync('/usr/bin/taskset') && process.platform === 'linux';

/** The built CLI confined to CPU 0 by `taskset -c 0` (taskset execs node: killing the child kills the run). */
export async function runCliOnCpu0(args: string[], timeoutMs = 30_000): Promise<Finished> {
  const started = startCli(args, ['taskset', '-c', '0']);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
  try {
    return await started.done;
  } finally {
    clearTimeout(timer);
  }
}
