import { defineTransport, isDefinedTransport, type DefinedTransport } from './define';
import type { TransportDefinition } from './types';
import type { Transport } from '../runtime-types';
import { UsageError } from '../errors';

/**
 * The one registry of transports by name: ipcbench's own are registered exactly like a user's. Holds
 * any Transport (a defined one, or a hand-made one such as a remote server's).
 */
const registry = new Map<string, Transport>();

/**
 * Adds a transport to the registry, so `-t <name>` and every name-based lookup find it. Accepts what
 * {@link defineTransport} returned, or a definition (defined here, from the caller's file).
 *
 * @throws UsageError when another transport already has that name.
 */
export function register(transport: Transport | TransportDefinition<never>): Transport {
  const entry: Transport = isTransport(transport) ? transport : defineTransport(transport as TransportDefinition);
  const existing = registry.get(entry.name);
  if (existing && existing !== entry) throw new UsageError(`a transport named "${entry.name}" is already registered (${existing.description})`);
  registry.set(entry.name, entry);
  return entry;
}

/** Names of every registered transport, in registration order. */
export function transportNames(): string[] {
  return [...registry.keys()];
}

/** Every registered transport, in registration order. */
export function allTransports(): Transport[] {
  return [...registry.values()];
}

/** The registered transport called `name`, or undefined. */
export function findTransport(name: string): Transport | undefined {
  return registry.get(name);
}

/**
 * The registered transport called `name`.
 *
 * @throws UsageError listing the known names when there is none.
 */
export function getTransport(name: string): Transport {
  const entry = registry.get(name);
  if (!entry) throw new UsageError(`unknown transport "${name}"; known: ${transportNames().join(', ')}`);
  return entry;
}

/** A transport by its shape (a name and an open()), never by class: a plug-in may bring its own copy of ipcbench. */
export function isTransport(value: unknown): value is Transport {
  return isDefinedTransport(value) || (typeof value === 'object' && value !== null && typeof (value as Transport).name === 'string' && typeof (value as Transport).open === 'function');
}

export type { DefinedTransport };
