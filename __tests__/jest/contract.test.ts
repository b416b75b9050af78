import { contractTransport } from '../../src/jest/contract';
import { getTransport } from '../../src/transports';
import { UsageError } from '../../src/errors';

/** What describeTransportContract accepts: a transport, or a module (what require() gives) exporting one. */
describe('describeTransportContract: which transport a module means', () => {
  const tcp = getTransport('tcp');

  test.each([
    ['the transport itself (module.exports = defineTransport(...))', tcp],
    ['a default export (export default defineTransport(...), compiled to CommonJS)', { __esModule: true, default: tcp }],
    ['a named export', { tcpTransport: tcp, helper: () => 1, VERSION: '1.0' }],
    ['a copy of it (a spread, or one made by another copy of ipcbench: same brand, another class)', { ...tcp }],
  ])('%s', (_what, value) => {
    expect(contractTransport(value).name).toBe('tcp');
  });

  test('a module exporting no transport, or several, is refused with a one-line UsageError saying what to pass', () => {
    expect(() => contractTransport({ helper: () => 1 })).toThrow(UsageError);
    expect(() => contractTransport({ helper: () => 1 })).toThrow(/^describeTransportContract: the module exports no transport \(/);
    expect(() => contractTransport({ a: tcp, b: getTransport('unix') })).toThrow(/^describeTransportContract: the module exports 2 transports \("tcp", "unix"\); pass one, /);
    expect(() => contractTransport(undefined)).toThrow(UsageError);
  });
});
