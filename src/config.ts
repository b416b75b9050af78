import type { RunConfig } from './types';

/** Defaults in one place. 10,000 round trips after 1,000 warm-up, 5 fresh peers. */
export const DEFAULT_CONFIG: RunConfig = {
  roundTrips: 10_000,
  warmup: 1_000,
  repeats: 5,
  readyTimeoutMs: 5_000,
  stepTimeoutMs: 5_000,
  sampleEvery: 1,
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type CountKey = Exclude<keyof RunConfig, 'pin'>;

const LIMITS: Record<CountKey, [min: number, max: number]> = {
  roundTrips: [1, 100_000_000],
  warmup: [0, 100_000_000],
  repeats: [1, 1_000],
  readyTimeoutMs: [1, 600_000],
  stepTimeoutMs: [1, 600_000],
  sampleEvery: [0, 1_000_000],
};

/** Merges `overrides` onto the defaults and rejects anything that is not a whole number in range. */
export function resolveConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  const config = { ...DEFAULT_CONFIG, ...stripUndefined(overrides) };
  for (const [key, [min, max]] of Object.entries(LIMITS) as [CountKey, [number, number]][]) {
    const value = config[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, got ${String(value)}`);
    }
  }
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
