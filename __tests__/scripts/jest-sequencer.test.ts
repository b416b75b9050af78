import * as path from 'node:path';

/** scripts/jest-sequencer.js: with a cold Jest cache, spec files run slowest first by the recorded table. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sequencer = require('../../scripts/jest-sequencer.js') as new (options: object) => { sort<T>(tests: T[]): T[] };
const ROOT = path.join(__dirname, '..', '..');
const { seconds } = require('../spec-durations.json') as { seconds: Record<string, number> };

// A context whose config has the cache off: Jest's own timings are absent, as in a fresh clone.
const coldContext = { config: { cache: false, id: 'cold' }, hasteFS: { getSize: (file: string) => (file.includes('big') ? 100_000 : 10) } };
const spec = (relative: string) => ({ path: path.join(ROOT, relative), context: coldContext, duration: undefined as number | undefined });

test('recorded durations order a cold run: slowest recorded file first, not the biggest file', () => {
  const sorted = new Sequencer({ contexts: [coldContext], globalConfig: {} }).sort([
    spec('__tests__/gate.test.ts'),
    spec('__tests__/transports/contract-faults.test.ts'),
    spec('__tests__/package/pack.test.ts'),
  ]);
  const expected = ['__tests__/gate.test.ts', '__tests__/transports/contract-faults.test.ts', '__tests__/package/pack.test.ts'].sort((a, b) => seconds[b] - seconds[a]);
  expect(sorted.map((t) => path.relative(ROOT, t.path))).toEqual(expected);
  expect(seconds['__tests__/package/pack.test.ts']).toBeGreaterThan(seconds['__tests__/gate.test.ts']);
});

test('a file the table does not know runs before the recorded ones (Jest: unknown duration first), bigger first', () => {
  const sorted = new Sequencer({ contexts: [coldContext], globalConfig: {} }).sort([
    spec('__tests__/package/pack.test.ts'),
    spec('__tests__/new-small.test.ts'),
    spec('__tests__/new-big.test.ts'),
  ]);
  expect(sorted.map((t) => path.basename(t.path))).toEqual(['new-big.test.ts', 'new-small.test.ts', 'pack.test.ts']);
});
