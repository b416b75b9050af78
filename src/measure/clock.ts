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
