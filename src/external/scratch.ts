import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A run's own scratch directory (HOME, TMPDIR, and the working directory when grading a submission):
 * a fresh directory, with a copy of the submission when given, owned by the run's uid when contained —
 * so a program can write its own files but not the submission's original or anyone else's.
 */
export interface Scratch {
  dir: string;
  remove(): void;
}

/** The folder name's start; the pid lets a later run tell a killed run's folder (process/stale-dirs.ts). */
export const scratchPrefix = (pid = process.pid): string => path.join(os.tmpdir(), `ipcbench-run-${pid}-`);

/**
 * Scratch directories not removed yet: removed when ipcbench exits, however it exits short of SIGKILL
 * (after a SIGKILL, the next ipcbench command sweeps them: process/stale-dirs.ts).
 */
const live = new Set<string>();
process.once('exit', () => {
  for (const dir of live) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A grading may last far longer than the 15 minutes after which another ipcbench takes a folder of a
 * vanished pid for stale (it may not see our pid from another pid namespace): renew the folders' time.
 */
export const RENEW_EVERY_MS = 5 * 60 * 1000;
let renewer: NodeJS.Timeout | undefined;
function keepFresh(): void {
  renewer ??= setInterval(() => {
    const now = new Date();
    for (const dir of live) fs.utimes(dir, now, now, () => undefined); // gone meanwhile: nothing to renew
    if (live.size === 0) {
      clearInterval(renewer);
      renewer = undefined;
    }
  }, RENEW_EVERY_MS).unref();
}

export function createScratch(uid: number | undefined, copyFrom?: string): Scratch {
  const dir = fs.mkdtempSync(scratchPrefix());
  live.add(dir);
  keepFresh();
  const remove = (): void => {
    fs.rmSync(dir, { recursive: true, force: true });
    live.delete(dir);
  };
  try {
    if (copyFrom) fs.cpSync(copyFrom, dir, { recursive: true, dereference: false, verbatimSymlinks: true });
    if (uid !== undefined) chownTree(dir, uid);
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, remove };
}

function chownTree(dir: string, uid: number): void {
  fs.lchownSync(dir, uid, uid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid);
    else fs.lchownSync(full, uid, uid);
  }
}
