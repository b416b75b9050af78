import * as path from 'node:path';
import { defineTransport, checkDefinition, isDefinedTransport } from '../../src/contract/define';
import { register, getTransport, transportNames } from '../../src/transports';
import { UsageError } from '../../src/errors';

const ends = { parent: async () => ({ send: () => undefined, close: () => undefined }), peer: async () => ({ send: () => undefined, close: () => undefined }) };

describe('defineTransport', () => {
  it('records the file that defined it, compiled twin for TypeScript sources (what the peer loads)', () => {
    const t = defineTransport({ name: 'here', ...ends });
    expect(t.module).toBe(path.join(__dirname, 'define.test.ts')); // a test file has no twin in dist/
    expect(getTransport('tcp') && isDefinedTransport(getTransport('tcp'))).toBe(true);
    expect((getTransport('tcp') as ReturnType<typeof defineTransport>).module).toMatch(/dist\/transports\/tcp\.js$/);
  });

  it('an explicit module wins', () => {
    expect(defineTransport({ name: 'there', module: '/x/y.js', ...ends }).module).toBe('/x/y.js');
  });

  it.each([
    [{ ...ends }, /"name" must be a string/],
    [{ name: 'bad name', ...ends }, /"name" must be a string of letters/],
    [{ name: 'a', peer: ends.peer }, /transport "a": "parent" must be a function \(the parent end\), got undefined/],
    [{ name: 'a', parent: ends.parent }, /transport "a": "peer" must be a function \(the peer end\), got undefined/],
    [{ name: 'a', ...ends, peerRuns: 'thread' }, /"peerRuns" must be 'process' or 'worker'/],
    [{ name: 'a', ...ends, carries: ['xml'] }, /"carries" must be a non-empty list/],
    [null, /must be an object, got null/],
  ])('refuses an invalid definition, naming the field: %#', (definition, message) => {
    expect(() => checkDefinition(definition)).toThrow(message);
  });

  it('carries message kinds into what a payload message is', () => {
    expect(defineTransport({ name: 'j', carries: ['number', 'string', 'object'], ...ends }).payloadMessage('bytes')).toBe('string');
    expect(defineTransport({ name: 's', stream: true, ...ends }).messageSupported('object')).toMatch(/byte stream/);
  });
});

describe('the registry', () => {
  it('holds the ten built-ins, registered like any transport', () => {
    expect(transportNames()).toEqual(['ipc', 'ipc-advanced', 'tcp', 'unix', 'stdio', 'worker', 'sab', 'sab-spin', 'sab-hybrid', 'udp']);
  });

  it('register adds a transport once and refuses a second one with the same name', () => {
    const mine = register(defineTransport({ name: 'registry-test', ...ends }));
    expect(register(mine)).toBe(mine);
    expect(getTransport('registry-test')).toBe(mine);
    expect(() => register(defineTransport({ name: 'tcp', ...ends }))).toThrow(/"tcp" is already registered/);
    expect(() => register(defineTransport({ name: 'tcp', ...ends }))).toThrow(UsageError);
    expect(() => getTransport('nope')).toThrow(/unknown transport "nope"; known: ipc, /);
    expect(() => getTransport('nope')).toThrow(UsageError);
  });
});
