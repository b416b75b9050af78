import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isRunUid } from './run-uid';

/**
 * Folders a run makes in the temp folder and removes when it ends, left behind when it is killed with
 * SIGKILL: socket folders (`ipcbench-unix-<pid>-XXXXXX`, transports/unix.ts; they live while a unix peer
 * connects) and graded programs' scratch folders (`ipcbench-run-<pid>-XXXXXX`, external/scratch.ts; they
 * may hold a copy of a student's submission). One is stale, and removed, only when all hold: its name
 * carries a pid, that pid is not alive, it is a real folder (not a link), it belongs to this user — or,
 * for a scratch folder of a contained run, to a run's uid while this process is root and no process of
 * that uid is left (one could swap a folder for a link while root deletes the tree) —, and it has not
 * changed for longer than any run's step can take (the 600 s ready-timeout limit, with a margin; a live
 * scratch folder is touched every few minutes, external/scratch.ts) — so a live run's folder, even one in
 * another pid namespace sharing /tmp, is never touched.
 */
export const STALE_AFTER_MS = 15 * 60 * 1000;
const LEFT_BEHIND = /^ipcbench-(unix|run)-(\d+)-[A-Za-z0-9]{6}$/;

export function sweepStaleDirs(folder = os.tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const [, kind, pidText] = LEFT_BEHIND.exec(name) ?? [];
    const pid = Number(pidText);
    if (!pid || alive(pid)) continue;
    const dir = path.join(folder, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || now - stat.mtimeMs < STALE_AFTER_MS || !ours(stat.uid, kind)) continue; // ours() may scan /proc: last
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

function ours(uid: number, kind: string): boolean {
  const me = process.getuid?.();
  return uid === me || (kind === 'run' && me === 0 && isRunUid(uid) && !uidHasProcesses(uid));
}

/** Whether any process runs as `uid` (Linux /proc; contained runs exist only there). */
function uidHasProcesses(uid: number): boolean {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8')); // real, effective
      if (uids && (Number(uids[1]) === uid || Number(uids[2]) === uid)) return true;
    } catch {
      // exited meanwhile
    }
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, belongs to someone else
  }
}
