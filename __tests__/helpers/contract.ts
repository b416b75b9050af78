import { resolveConfig } from '../../src/config';

/** Small runs for specs that check behaviour: they measure nothing (the contract itself is src/jest/contract.ts). */
export const quick = resolveConfig({ roundTrips: 200, warmup: 20, repeats: 1, readyTimeoutMs: 5000, stepTimeoutMs: 2000 });
