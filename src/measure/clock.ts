import * as fs from 'node:fs';

/** Wall clock in nanoseconds (monotonic). */
export function nowNanos(): bigint {
  return process.hrtime.bigint();
}

/** CPU seconds (user + system) this process spent since `start`. */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/**
 * Cost of one `process.hrtime.bigint()` call in nanoseconds, measured so reports can show that taking
 * a timestamp per round trip does not distort the figure.
 */
export function measureTimerCostNanos(calls = 200_000): number {
  let sink = 0n;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink ^= process.hrtime.bigint();
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === -1n) console.log(sink); // keeps the loop from being optimised away
  return elapsed / calls;
}

/**
 * CPU seconds the *calling thread* has used, from Linux /proc/thread-self/schedstat (nanoseconds on
 * CPU, user + system). process.cpuUsage() cannot serve a worker: it is process-wide, so it would count
 * the main thread too. undefined where the file does not exist (not Linux, or no sched info).
 */
export function threadCpuSeconds(): number | undefined {
  try {
    const text = fs.readFileSync('/proc/thread-self/schedstat', 'latin1');
    const nanos = Number(text.slice(0, text.indexOf(' ')));
    return Number.isFinite(nanos) ? nanos / 1e9 : undefined;
  } catch {
    return undefined;
  }
}

const napCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * threadCpuSeconds, brought up to date first. The kernel adds a running thread's time to its total
 * only at a scheduler tick or a context switch (measured here: the figure lagged by up to ~4 ms), so a
 * run of a few ms — a spinning one — would read nothing. A 50 µs sleep is a context switch; call this
 * only where 50 µs of wall time do not count (before or after a measured exchange).
 */
export function currentThreadCpuSeconds(): number | undefined {
  Atomics.wait(napCell, 0, 0, 0.05);
  return threadCpuSeconds();
}

/** CPU seconds of the calling thread where Linux tells (schedstat, brought up to date), else of the whole process. */
export function threadOrProcessCpuSeconds(): number {
  const thread = currentThreadCpuSeconds();
  if (thread !== undefined) return thread;
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

/** The OS thread id (Linux tid) of the calling thread, from /proc/thread-self; undefined elsewhere. */
export function osThreadId(): number | undefined {
  try {
    const tid = Number(/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]);
    return Number.isSafeInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}
