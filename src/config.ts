import { MAX_PAYLOAD_BYTES } from './transports/binary-framing';
import { UsageError } from './errors';
import type { RunConfig } from './types';

/** A bad option value is a usage error (exit 2); ConfigError is the same class under the name call sites know. */
export const ConfigError = UsageError;
export type ConfigError = UsageError;

/**
 * Defaults in one place. 10,000 round trips after 1,000 warm-up, 5 fresh peers. Latency is sampled
 * on every 8th round trip: a timestamp on every one cost 5–9 % of throughput on the fastest transport
 * (sab, ~100k round trips/s) on the 2-vCPU reference machine, every 8th costs about 1 %.
 */
export const DEFAULT_CONFIG: RunConfig = {
  roundTrips: 10_000,
  warmup: 1_000,
  repeats: 5,
  readyTimeoutMs: 5_000,
  stepTimeoutMs: 5_000,
  sampleEvery: 8,
};


type NumericKey = Exclude<keyof RunConfig, 'payloadBytes' | 'pin' | 'message' | 'spinBudgetMicros'>;

/** The range of each number a run takes (the CLI's flags parse against the same: `wholeNumber(...LIMITS.roundTrips)`). */
export const LIMITS: Readonly<Record<NumericKey, readonly [min: number, max: number]>> = {
  roundTrips: [1, 100_000_000],
  warmup: [0, 100_000_000],
  repeats: [1, 1_000],
  readyTimeoutMs: [1, 600_000],
  stepTimeoutMs: [1, 600_000],
  sampleEvery: [0, 1_000_000],
};

/**
 * Every field of RunConfig, and nothing else: what a run measures and how. The Record type makes the
 * compiler insist that a new RunConfig field is listed here.
 */
const CONFIG_FIELDS: Record<keyof RunConfig, true> = {
  roundTrips: true,
  warmup: true,
  repeats: true,
  readyTimeoutMs: true,
  stepTimeoutMs: true,
  sampleEvery: true,
  payloadBytes: true,
  message: true,
  pin: true,
  spinBudgetMicros: true,
};

/**
 * Merges the RunConfig fields of `overrides` onto the defaults and rejects anything that is not a whole
 * number in range. Other fields (output paths, a token, CLI plumbing) are left out: the config goes
 * into reports, which record what was measured and how, never secrets or where the output went.
 */
export function resolveConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  const config: RunConfig = { ...DEFAULT_CONFIG, ...configFields(overrides) };
  for (const [key, [min, max]] of Object.entries(LIMITS) as [NumericKey, [number, number]][]) {
    const value = config[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, got ${String(value)}`);
    }
  }
  if (config.payloadBytes !== undefined) config.payloadBytes = checkPayloadSizes(config.payloadBytes);
  return config;
}

/** Payload sweep sizes when none are named: 0 B, 64 B, 1 KiB, 64 KiB, 1 MiB. */
export const DEFAULT_PAYLOAD_SWEEP = [0, 64, 1024, 65_536, 1_048_576];

/** Whole byte counts up to the frame limit, duplicates removed, order kept. */
function checkPayloadSizes(sizes: readonly number[]): number[] {
  if (sizes.length === 0) throw new ConfigError('payloadBytes must list at least one size');
  for (const size of sizes) {
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_PAYLOAD_BYTES) {
      throw new ConfigError(`payloadBytes must be whole numbers from 0 to ${MAX_PAYLOAD_BYTES} (the 64 MiB frame limit), got ${String(size)}`);
    }
  }
  return [...new Set(sizes)];
}

/** The RunConfig fields of `value` and nothing else (a report's config never carries CLI plumbing or secrets). */
export function configFields<T extends Partial<RunConfig>>(value: T): Partial<RunConfig> {
  return Object.fromEntries(Object.entries(value).filter(([key, v]) => v !== undefined && Object.hasOwn(CONFIG_FIELDS, key))) as Partial<RunConfig>;
}
