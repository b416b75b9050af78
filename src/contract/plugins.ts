import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import { checkDefinition, defineTransport, isDefinedTransport, setPeerModule, type DefinedTransport } from './define';
import { exportedValues, loadModuleFile } from './load-module';
import type { TransportDefinition } from './types';
import type { PluginSource } from '../report-types';

export type { PluginSource };

/** true when a -t entry names a module file rather than a registered transport. */
export function isModulePath(entry: string): boolean {
  return entry.startsWith('.') || path.isAbsolute(entry) || /\.[cm]?js$/.test(entry);
}

/**
 * Loads the transports a module exports (CommonJS or ESM): values made by defineTransport, or plain
 * definitions (defined here). The peer of each loads the same file. Errors are InputErrors (exit 2)
 * naming the module: not found, exports no transport, invalid definition (naming the field).
 */
export async function loadTransportModule(entry: string, cwd = process.cwd()): Promise<{ transports: DefinedTransport[]; sources: PluginSource[] }> {
  const file = path.resolve(cwd, entry);
  if (!fs.existsSync(file)) throw new InputError(`-t ${entry}: no such file (${file})`);
  let loaded: unknown;
  try {
    loaded = await loadModuleFile(file);
  } catch (error) {
    throw new InputError(`-t ${entry}: cannot load the module: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
  }
  let transports: DefinedTransport[];
  try {
    transports = transportsIn(loaded, file);
  } catch (error) {
    throw new InputError(`-t ${entry}: ${(error as Error).message}`, { cause: error });
  }
  if (transports.length === 0) {
    throw new InputError(`-t ${entry}: the module exports no transport (export what defineTransport() returns, e.g. module.exports = defineTransport({ ... }))`);
  }
  const owner = nearestPackage(file);
  return { transports, sources: transports.map((t) => ({ transport: t.name, path: file, package: owner })) };
}

/** The transports among a loaded module's exports; a plain definition is checked (naming a bad field) and defined. */
export function transportsIn(loaded: unknown, file: string): DefinedTransport[] {
  const found: DefinedTransport[] = [];
  // Breadth first, so a defined transport comes before its own `definition` (which is then skipped).
  for (const value of exportedValues(loaded)) {
    const name = (value as { name?: unknown }).name;
    if (found.some((t) => t === value || t.name === name)) continue;
    if (isDefinedTransport(value)) {
      setPeerModule(value, file);
      found.push(value);
    } else if (looksLikeDefinition(value)) {
      checkDefinition(value);
      found.push(defineTransport({ ...(value as TransportDefinition), module: file }));
    }
  }
  return found;
}

/** An object with a name and at least one of the two ends: meant as a definition, so it is checked. */
function looksLikeDefinition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || isDefinedTransport(value)) return false;
  const v = value as Record<string, unknown>;
  return 'name' in v && ('parent' in v || 'peer' in v);
}

/** name and version of the nearest package.json above `file`, or null. */
export function nearestPackage(file: string): { name: string; version: string } | null {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    try {
      const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      return { name: typeof name === 'string' ? name : '(unnamed)', version: typeof version === 'string' ? version : '(no version)' };
    } catch {
      return null;
    }
  }
  return null;
}

