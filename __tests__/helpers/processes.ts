import * as fs from 'node:fs';

/** Live (non-zombie) processes whose parent is `pid`, read from /proc: the process table, not our bookkeeping. */
export function childProcesses(pid = process.pid): Array<{ pid: number; command: string }> {
  const children: Array<{ pid: number; command: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the ")" that ends the command name: state ppid ...
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== pid || state === 'Z') continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      children.push({ pid: Number(entry), command });
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** Waits briefly for children to be reaped, then returns those still there. */
export async function lingeringChildren(waitMs = 1000): Promise<Array<{ pid: number; command: string }>> {
  const deadline = Date.now() + waitMs;
  let children = childProcesses();
  while (children.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    children = childProcesses();
  }
  return children;
}
