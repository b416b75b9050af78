import { defineTransport } from '../../src/contract/define';
import { placeable, waitStrategyOf } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import type { End, TransportDefinition } from '../../src/contract/types';

/** A plug-in's own shared-memory transport declares how it waits, and gets what sab-spin gets. */
const ends = {
  parent: async (): Promise<End> => ({ send: () => undefined, close: () => undefined }),
  peer: async (): Promise<End> => ({ send: () => undefined, close: () => undefined }),
  module: __filename,
};

describe('a plug-in transport that declares its wait strategy', () => {
  const spinning = defineTransport({ name: 'my-spin', peerRuns: 'worker', waitStrategy: { kind: 'busy-spin', spinBudgetMicros: null }, ...ends });

  it('is skipped under --pin same with the same reason as sab-spin, and runs under split', () => {
    const config = resolveConfig({});
    expect(placeable(spinning, { ...config, pin: { mode: 'same', parent: [0], peer: [0] } })).toMatch(/^--pin same: busy-spinning needs two CPUs/);
    expect(placeable(spinning, { ...config, pin: { mode: 'split', parent: [0], peer: [1] } })).toBe(true);
  });

  it('records its strategy in results (reports label it), a hybrid one with its budget', () => {
    expect(waitStrategyOf(spinning)).toEqual({ waitStrategy: { kind: 'busy-spin', spinBudgetMicros: null } });
    const hybrid = defineTransport({ name: 'my-hybrid', waitStrategy: { kind: 'hybrid', spinBudgetMicros: 20 }, ...ends });
    expect(waitStrategyOf({ ...hybrid, name: 'my-hybrid-20us' })).toEqual({ waitStrategy: { kind: 'hybrid', spinBudgetMicros: 20 } });
    expect(waitStrategyOf(defineTransport({ name: 'plain', ...ends }))).toEqual({});
  });

  it('a wait strategy that is not one of the two shapes is a TypeError naming the field', () => {
    for (const waitStrategy of [{ kind: 'busy-spin', spinBudgetMicros: 5 }, { kind: 'hybrid', spinBudgetMicros: -1 }, { kind: 'yield' }, 'spin']) {
      expect(() => defineTransport({ name: 'bad', ...ends, waitStrategy } as unknown as TransportDefinition)).toThrow(/"waitStrategy" must be \{ kind: 'busy-spin', spinBudgetMicros: null \} or/);
    }
  });
});
