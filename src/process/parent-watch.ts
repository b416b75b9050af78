import * as fs from 'node:fs';

/** One process as /proc shows it: enough to tell it is gone, a zombie, or its pid reused. */
interface ProcEntry {
  state: string;
  ppid: number;
  sid: number;
  /** Clock ticks after boot: a reused pid has another start time. */
  startTime: string;
}

function procEntry(pid: number): ProcEntry | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the ")" that ends the command name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]), sid: Number(fields[3]), startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** SIGHUP is ignored (nohup): the user asked this process to outlive whoever started it. */
function hangupIgnored(): boolean {
  try {
    const mask = /^SigIgn:\s*([0-9a-f]+)$/m.exec(fs.readFileSync('/proc/self/status', 'latin1'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & 1n) === 1n;
  } catch {
    return false;
  }
}

export interface ParentWatchOptions {
  /** Ancestors to watch: 2 covers `npm exec → sh → node` (npx), where the shell outlives a killed npm. */
  levels?: number;
  everyMs?: number;
}

/**
 * Calls `gone` once when the process that started this one — or, up to `levels`, the one that started
 * that — exits, is killed (a zombie counts as gone) or is replaced, so a CLI whose starter was SIGKILLed
 * stops with its peers instead of measuring for nobody. Cheap: a few small /proc reads per tick, on an
 * unref'd timer. Not armed when there is nothing to watch or the user chose to detach: started by
 * init, a session leader (setsid), or SIGHUP ignored (nohup). Returns the function that stops watching.
 */
export function watchParent(gone: (who: string) => void, { levels = 2, everyMs = 500 }: ParentWatchOptions = {}): () => void {
  const self = procEntry(process.pid);
  const startPpid = process.ppid;
  if (startPpid <= 1 || hangupIgnored() || (self && self.sid === process.pid)) return () => undefined;
  const watched: Array<{ pid: number; startTime: string | undefined }> = [];
  for (let pid = startPpid; watched.length < levels && pid > 1; ) {
    const entry = procEntry(pid);
    watched.push({ pid, startTime: entry?.startTime });
    if (!entry) break; // no /proc here: the ppid check below still works
    pid = entry.ppid;
  }
  const timer = setInterval(() => {
    const lost = process.ppid !== startPpid ? { pid: startPpid } : watched.find(({ pid, startTime }) => {
      if (startTime === undefined) return false;
      const now = procEntry(pid);
      return !now || now.state === 'Z' || now.startTime !== startTime;
    });
    if (!lost) return;
    clearInterval(timer);
    gone(lost.pid === startPpid ? `the process that started it (pid ${lost.pid}) is gone` : `the process that started its parent (pid ${lost.pid}) is gone`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
