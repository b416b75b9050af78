/**
 * A log that prints at most one line of each kind per interval. What it held back is summed up once the
 * interval is over ("… 4,999 more like this in the last 1 s"), so a flood of wrong tokens costs a few
 * lines instead of thousands, and nothing is hidden.
 */
export function limitedLog(log: (line: string) => void, intervalMs = 1000): (kind: string, line: string) => void {
  const held = new Map<string, { count: number; timer: NodeJS.Timeout }>();
  const lastShown = new Map<string, number>();
  return (kind, line) => {
    const now = Date.now();
    const shown = lastShown.get(kind);
    if (shown === undefined || now - shown >= intervalMs) {
      lastShown.set(kind, now);
      return log(line);
    }
    const pending = held.get(kind);
    if (pending) return void pending.count++;
    const timer = setTimeout(() => {
      const { count } = held.get(kind)!;
      held.delete(kind);
      lastShown.set(kind, Date.now());
      log(`${kind}: ${count.toLocaleString('en-US')} more like this in the last ${intervalMs / 1000} s`);
    }, intervalMs - (now - shown));
    timer.unref(); // a summary must never keep the process alive
    held.set(kind, { count: 1, timer });
  };
}
