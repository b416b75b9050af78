import { InputError } from '../errors';
import { findTransport, getTransport, register } from '../transports';
import { isDefinedTransport } from './define';
import { isModulePath, loadTransportModule, type PluginSource } from './plugins';
import type { Transport } from '../runtime-types';

/**
 * The -t list → transports, in the order given: registered names, and module paths loaded (and
 * registered) as plug-ins. A plug-in may not take the name of a different registered transport.
 */
export async function resolveTransportList(entries: readonly string[], cwd = process.cwd()): Promise<{ transports: Transport[]; plugins: PluginSource[] }> {
  const transports: Transport[] = [];
  const plugins: PluginSource[] = [];
  for (const entry of entries) {
    if (!isModulePath(entry)) {
      transports.push(getTransport(entry));
      continue;
    }
    const loaded = await loadTransportModule(entry, cwd);
    for (const transport of loaded.transports) {
      const existing = findTransport(transport.name);
      if (existing && (!isDefinedTransport(existing) || existing.module !== transport.module)) {
        throw new InputError(`-t ${entry}: it defines a transport named "${transport.name}", which is already ${isDefinedTransport(existing) ? `defined by ${existing.module}` : 'registered'}; give it another name`);
      }
      if (!existing) register(transport);
      if (!transports.some((t) => t.name === transport.name)) transports.push(findTransport(transport.name)!);
    }
    plugins.push(...loaded.sources.filter((s) => !plugins.some((p) => p.transport === s.transport)));
  }
  return { transports, plugins };
}
