import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import { loadModuleFile } from '../contract/load-module';
import type { RawLoop } from './raw-loops';

/**
 * The hand-written reference loop of a plug-in's library (`overhead --raw-loop`): a module exporting
 * `rawLoop(roundTrips, warmup)`, resolving with measured round trips per second (see
 * examples/overhead/ws-raw-loop.js). Errors name the module and what is missing (exit 2).
 */
export async function loadRawLoop(entry: string, cwd = process.cwd()): Promise<RawLoop> {
  const file = path.resolve(cwd, entry);
  if (!fs.existsSync(file)) throw new InputError(`--raw-loop ${entry}: no such file (${file})`);
  let loaded: unknown;
  try {
    loaded = await loadModuleFile(file);
  } catch (error) {
    throw new InputError(`--raw-loop ${entry}: cannot load the module: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
  const exports = loaded as { rawLoop?: unknown; default?: { rawLoop?: unknown } } | null;
  const loop = exports?.rawLoop ?? exports?.default?.rawLoop;
  if (typeof loop !== 'function') throw new InputError(`--raw-loop ${entry}: the module exports no rawLoop(roundTrips, warmup) function`);
  return async (roundTrips, warmup) => {
    const rate: unknown = await loop(roundTrips, warmup);
    if (typeof rate !== 'number' || !(rate > 0)) throw new Error(`--raw-loop ${entry}: rawLoop resolved with ${String(rate)}, not round trips per second`);
    return rate;
  };
}
