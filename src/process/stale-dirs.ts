import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Socket folders (`ipcbench-unix-<pid>-XXXXXX`, see transports/unix.ts) live only while a peer
 * connects; a process killed by SIGKILL in that moment leaves its folder behind. One is stale, and
 * removed, only when all hold: its name carries a pid, that pid is not alive, this user owns it, it is
 * a real folder (not a link), and it is older than any setup can take (the 600 s ready-timeout limit,
 * with a margin) — so a live run's folder, even one in another pid namespace sharing /tmp, is never touched.
 */
export const STALE_AFTER_MS = 15 * 60 * 1000;
const SOCKET_DIR = /^ipcbench-unix-(\d+)-[A-Za-z0-9]{6}$/;

export function sweepStaleSocketDirs(folder = os.tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(SOCKET_DIR.exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    const dir = path.join(folder, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.() || now - stat.mtimeMs < STALE_AFTER_MS) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, belongs to someone else
  }
}
