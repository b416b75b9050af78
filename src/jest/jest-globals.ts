/**
 * Jest's globals, looked up when a helper is *called* (inside a test file), never when ipcbench/jest is
 * loaded: `require('ipcbench/jest')` works anywhere, and ipcbench's types do not depend on @types/jest.
 */
type Body = () => unknown;

/** The little of Jest's API the helpers use. */
export interface JestGlobals {
  describe(name: string, body: () => void): void;
  it: ((name: string, body: Body, timeoutMs?: number) => void) & { skip(name: string, body: Body): void };
  beforeEach(body: Body): void;
  afterEach(body: Body, timeoutMs?: number): void;
  expect(actual: unknown): Matchers;
}

/** The matchers the helpers use (a subset of Jest's expect). */
export interface Matchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatch(expected: string | RegExp): void;
  toBeGreaterThan(expected: number): void;
  toBeLessThan(expected: number): void;
  rejects: { toThrow(expected?: string | RegExp): Promise<void>; toBeInstanceOf(expected: unknown): Promise<void> };
}

export function jestGlobals(helper: string): JestGlobals {
  const g = globalThis as unknown as Partial<JestGlobals>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function' || typeof g.expect !== 'function') {
    throw new Error(`${helper} must be called at the top level of a Jest test file (describe/it/expect are not defined here)`);
  }
  return g as JestGlobals;
}
