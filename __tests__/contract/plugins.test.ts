import * as path from 'node:path';
import { loadTransportModule, isModulePath, nearestPackage } from '../../src/contract/plugins';
import { resolveTransportList } from '../../src/contract/transport-list';
import { runOnce } from '../../src/runner';
import { InputError } from '../../src/errors';
import { quick } from '../helpers/contract';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'transports');
const ROOT = path.join(__dirname, '..', '..');

describe('plug-in transports by module path', () => {
  it('tells module paths from names', () => {
    expect(['./x.js', '../x', '/abs/x', 'x.mjs'].map(isModulePath)).toEqual([true, true, true, true]);
    expect(isModulePath('tcp')).toBe(false);
  });

  it('loads a CommonJS plug-in, records its module and package, and runs it', async () => {
    const { transports, sources } = await loadTransportModule('json-lines.js', FIXTURES);
    expect(transports.map((t) => t.name)).toEqual(['json-lines']);
    expect(sources).toEqual([{ transport: 'json-lines', path: path.join(FIXTURES, 'json-lines.js'), package: nearestPackage(path.join(ROOT, 'x')) }]);
    expect((await runOnce(transports[0], { config: quick })).lastValue).toBe(2 + 2 * 220);
  });

  it.each([
    ['./nope.js', /^-t \.\/nope\.js: no such file \(.*nope\.js\)$/],
    ['./no-transport.js', /^-t \.\/no-transport\.js: the module exports no transport \(export what defineTransport\(\) returns/],
    ['./missing-peer.js', /^-t \.\/missing-peer\.js: transport "half": "peer" must be a function \(the peer end\), got undefined$/],
  ])('%s: a clear input error (exit 2)', async (entry, message) => {
    const failure = loadTransportModule(entry, FIXTURES);
    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(message);
  });

  it('mixes built-ins and plug-ins in the order given; a plug-in may not take a built-in name', async () => {
    const { transports, plugins } = await resolveTransportList(['tcp', './json-lines.js'], FIXTURES);
    expect(transports.map((t) => t.name)).toEqual(['tcp', 'json-lines']);
    expect(plugins.map((p) => p.transport)).toEqual(['json-lines']);
    await expect(resolveTransportList([path.join(ROOT, 'dist', 'transports', 'tcp.js')])).resolves.toBeDefined(); // the built-in module itself: same transport
  });
});
