import type { ChildProcess } from 'node:child_process';

/** After a child exits, how long its pipes may stay open (something it started holding them) before we stop reading. */
export const DRAIN_MS = 300;

/**
 * Calls `done` once the child has exited and its pipes are drained (its last output read) — or
 * DRAIN_MS after the exit if something that outlived it (a helper it started that inherited its
 * stdout/stderr, a daemon) still holds them open: then the pipes are destroyed instead of waited for.
 * Waiting for 'close' alone would wait as long as that helper lives.
 */
export function onExitDrained(child: ChildProcess, done: (code: number | null, signal: NodeJS.Signals | null) => void): void {
  child.once('exit', (code, signal) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      for (const stream of child.stdio) stream?.destroy();
      done(code, signal);
    };
    const timer = setTimeout(finish, DRAIN_MS);
    child.once('close', finish);
  });
}
