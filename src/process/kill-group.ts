import type { ChildProcess } from 'node:child_process';

/** SIGKILLs the process group a child leads (every child of ipcbench leads its own): it and all it started. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}
