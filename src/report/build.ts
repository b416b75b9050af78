import { VERSION } from '../version';
import { SCHEMA_VERSION } from './schema';
import type { BenchResult, Environment, Report, RunConfig } from '../types';

/** Assembles the schemaVersion 1 report; pure, so every writer starts from the same object. */
export function buildReport(
  env: Environment,
  config: RunConfig,
  transports: readonly string[],
  results: readonly BenchResult[],
  payloadBytes: readonly number[] = config.payloadBytes ?? [0],
): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'ipcbench', version: VERSION },
    env,
    config: { ...config, payloadBytes: [...payloadBytes], transports: [...transports] },
    results: [...results],
  };
}
