import { VERSION } from '../version';
import { SCHEMA_VERSION } from './schema';
import { configFields } from '../config';
import type { BenchResult, Environment, Report, RunConfig, RunSetup } from '../types';

/** Assembles the schemaVersion 1 report; pure, so every writer starts from the same object. */
export function buildReport(
  env: Environment,
  config: RunConfig,
  transports: readonly string[],
  results: readonly BenchResult[],
  payloadBytes: readonly number[] = config.payloadBytes ?? [0],
  setup: RunSetup = {},
): Report {
  const { pairs, remote } = setup;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'ipcbench', version: VERSION },
    env,
    config: {
      // Only what was measured and how: callers may hand over a wider options object.
      ...(configFields(config) as RunConfig),
      payloadBytes: [...payloadBytes],
      transports: [...transports],
      ...(pairs !== undefined && pairs > 1 ? { pairs } : {}),
      ...(remote !== undefined ? { remote } : {}),
    },
    results: [...results],
  };
}
