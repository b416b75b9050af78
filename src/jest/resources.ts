import * as fs from 'node:fs';
import * as path from 'node:path';
import { socketDirPrefix } from '../transports/unix';

/** Timers come and go with Jest itself; what must not leak are sockets, pipes, servers, workers. */
const IGNORED = new Set(['Timeout', 'Immediate', 'FSReqCallback', 'FSReqPromise', 'TTYWrap']);

/** Counts of this process's active libuv resources by kind (process.getActiveResourcesInfo). */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) if (!IGNORED.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Kinds with more resources than in `baseline`, after waiting briefly for closes to complete. */
export async function leakedResources(baseline: Map<string, number>, waitMs = 1000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (let turn = 1; ; turn++) {
    const extra = [...activeResources()].filter(([kind, n]) => n > (baseline.get(kind) ?? 0)).map(([kind, n]) => `${kind} +${n - (baseline.get(kind) ?? 0)}`);
    if (extra.length === 0 || Date.now() >= deadline) return extra;
    // A handle the run closed is gone once its close callback has run, a turn or two of the event loop
    // later (measured: 2 at most over the contract's checks): look after each turn, then every 25 ms.
    await new Promise((resolve) => (turn <= 10 ? setImmediate(resolve) : setTimeout(resolve, 25)));
  }
}

/** Temp folders of unix sockets this process created that still exist. */
export function leftoverSocketDirs(): string[] {
  const prefix = socketDirPrefix();
  const dir = path.dirname(prefix);
  return fs.readdirSync(dir).filter((name) => name.startsWith(path.basename(prefix)));
}
