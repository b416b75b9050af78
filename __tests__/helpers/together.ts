/**
 * Independent slow runs (CLI processes, gradings) started together in a beforeAll of the calling scope,
 * so their waits overlap, while each test still awaits and checks its own run, in order, with its own
 * name. Not test.concurrent: Jest runs concurrent tests together only within one describe block, and in
 * Jest 30 the first concurrent test to end marks the module registry "between tests", so a lazy require
 * in a test still running (Ajv, loaded on first validation) throws.
 *
 * `parallel` caps how many run at once (the rest start as others end), as Jest's maxConcurrency (5)
 * capped the concurrent tests this replaces: a start-up bound in a test must not meet a crowd.
 */
export function startTogether<K extends string, T>(runs: Record<K, () => Promise<T>>, parallel = Infinity): Record<K, () => Promise<T>> {
  const started = new Map<K, Promise<T>>();
  beforeAll(() => {
    let running = 0;
    const queue: Array<() => void> = [];
    const slot = async <R>(task: () => Promise<R>): Promise<R> => {
      if (running >= parallel) await new Promise<void>((go) => queue.push(go));
      running++;
      try {
        return await task();
      } finally {
        running--;
        queue.shift()?.();
      }
    };
    for (const [name, start] of Object.entries(runs) as Array<[K, () => Promise<T>]>) {
      const run = slot(start);
      run.catch(() => undefined); // its test reports a rejection; until then it is not unhandled
      started.set(name, run);
    }
  });
  // None outlives its scope, even if its test failed before awaiting it.
  afterAll(() => Promise.allSettled(started.values()));
  return Object.fromEntries((Object.keys(runs) as K[]).map((name) => [name, () => started.get(name)!])) as Record<K, () => Promise<T>>;
}
