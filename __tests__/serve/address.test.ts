import { parseHostPort, isLoopback, formatHostPort, AddressError } from '../../src/serve/address';

describe('parseHostPort', () => {
  it.each([
    ['127.0.0.1:5201', { host: '127.0.0.1', port: 5201 }],
    ['localhost:80', { host: '127.0.0.1', port: 80 }],
    ['[::1]:5201', { host: '::1', port: 5201 }],
    ['10.250.0.1:0', { host: '10.250.0.1', port: 0 }],
  ])('%s', (text, expected) => {
    expect(parseHostPort(text, '--listen', true)).toEqual(expected);
  });

  it.each([
    ['example.com:80', 'is not an IP address'],
    ['127.0.0.1', 'expected host:port'],
    ['127.0.0.1:70000', 'out of range'],
    ['::1:80', 'expected host:port'],
  ])('refuses %s', (text, why) => {
    expect(() => parseHostPort(text, '--listen', true)).toThrow(AddressError);
    expect(() => parseHostPort(text, '--listen', true)).toThrow(why);
  });

  it('refuses port 0 where a real port is needed (--connect)', () => {
    expect(() => parseHostPort('127.0.0.1:0', '--connect', false)).toThrow('--connect: port 0 is out of range (1–65535)');
  });
});

it('knows loopback from the rest, and formats IPv6 with brackets', () => {
  expect(['127.0.0.1', '127.1.2.3', '::1'].map(isLoopback)).toEqual([true, true, true]);
  expect(['0.0.0.0', '10.250.0.1', '::'].map(isLoopback)).toEqual([false, false, false]);
  expect(formatHostPort({ host: '::1', port: 1 })).toBe('[::1]:1');
});
