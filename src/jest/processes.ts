import * as fs from 'node:fs';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  command: string;
}

/** Live (non-zombie) processes, read from /proc: the process table, not our bookkeeping. */
export function liveProcesses(): ProcessEntry[] {
  return fs.readdirSync('/proc').flatMap((entry) => (/^\d+$/.test(entry) ? (processEntry(Number(entry)) ?? []) : []));
}

/** One process from /proc; undefined when it is a zombie, gone, or not ours to read. */
function processEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that ends the command name: state ppid ...
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z') return undefined;
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid: Number(ppid), command };
  } catch {
    return undefined; // the process ended while we looked, or is not ours to read
  }
}

/**
 * Pids the kernel lists as children of `pid`'s threads (/proc/PID/task/TID/children), or undefined
 * where the kernel keeps no such list: a few files read instead of every process's, after every test.
 */
function kernelChildren(pid: number): number[] | undefined {
  let threads: string[];
  try {
    threads = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // the process is gone: no children
  }
  const pids: number[] = [];
  for (const tid of threads) {
    try {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (child) pids.push(Number(child));
    } catch {
      // A thread that ended while we looked: its children were handed to another thread, listed there.
      // A thread still there: this kernel keeps no children lists.
      if (fs.existsSync(`/proc/${pid}/task/${tid}`)) return undefined;
    }
  }
  return pids;
}

/** Live processes whose parent is `pid`. */
export function childProcesses(pid = process.pid): Array<{ pid: number; command: string }> {
  const listed = kernelChildren(pid);
  const candidates = listed ? listed.flatMap((child) => processEntry(child) ?? []) : liveProcesses();
  return candidates.filter((p) => p.ppid === pid).map(({ pid: child, command }) => ({ pid: child, command }));
}

/** Polls `find` until it returns nothing or `waitMs` passes; returns what is still there. */
export async function stillThere<T>(find: () => T[], waitMs: number, pollMs = 25): Promise<T[]> {
  const deadline = Date.now() + waitMs;
  let found = find();
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    found = find();
  }
  return found;
}

/** Waits briefly for children to be reaped, then returns those still there. */
export function lingeringChildren(waitMs = 1000): Promise<Array<{ pid: number; command: string }>> {
  return stillThere(() => childProcesses(), waitMs);
}
