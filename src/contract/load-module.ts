import { pathToFileURL } from 'node:url';

/**
 * Dynamic import() that survives TypeScript's CommonJS output (which would turn it into require()):
 * needed for ES modules, which require() cannot load on Node 20.
 */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Loads a module file, CommonJS or ESM. */
export async function loadModuleFile(file: string): Promise<unknown> {
  if (/\.mjs$/.test(file)) return importModule(pathToFileURL(file).href);
  try {
    return require(file) as unknown;
  } catch (error) {
    // A .js file in a "type": "module" package, or one using import syntax.
    if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM' || error instanceof SyntaxError) return importModule(pathToFileURL(file).href);
    throw error;
  }
}

/** Every value a module exports, default export and arrays included, for finding transports in it. */
export function exportedValues(loaded: unknown): unknown[] {
  const found: unknown[] = [];
  const add = (value: unknown, depth: number): void => {
    if (value === null || value === undefined || found.includes(value)) return;
    found.push(value);
    if (depth > 1) return;
    if (Array.isArray(value)) for (const item of value) add(item, depth + 1);
    else if (typeof value === 'object' || typeof value === 'function') {
      for (const key of Object.keys(value)) add((value as Record<string, unknown>)[key], depth + 1);
    }
  };
  add(loaded, 0);
  return found;
}
