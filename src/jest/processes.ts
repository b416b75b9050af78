import * as fs from 'node:fs';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  command: string;
}

/** Live (non-zombie) processes, read from /proc: the process table, not our bookkeeping. */
export function liveProcesses(): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the ")" that ends the command name: state ppid ...
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      found.push({ pid: Number(entry), ppid: Number(ppid), command });
    } catch {
      // the process ended while we looked, or is not ours to read
    }
  }
  return found;
}

/** Live processes whose parent is `pid`. */
export function childProcesses(pid = process.pid): Array<{ pid: number; command: string }> {
  return liveProcesses()
    .filter((p) => p.ppid === pid)
    .map(({ pid: child, command }) => ({ pid: child, command }));
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
