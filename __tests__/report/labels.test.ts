import fc from 'fast-check';
import { formatNumber, payloadWords, wireLine } from '../../src/report/labels';

describe('payload and message shape in words', () => {
  it('payloadWords: classic, bytes, and a named shape when the message was not bytes', () => {
    expect(payloadWords({ payloadBytes: 0 })).toBe('classic');
    expect(payloadWords({ payloadBytes: 65536, framing: 'binary' })).toBe('64 KiB');
    expect(payloadWords({ payloadBytes: 65536, framing: 'binary', message: 'bytes' })).toBe('64 KiB');
    expect(payloadWords({ payloadBytes: 1024, framing: 'binary', message: 'object' })).toBe('1 KiB object');
    expect(payloadWords({ payloadBytes: 1024, framing: 'binary', message: 'string' })).toBe('1 KiB string');
  });

  it('wireLine names a message shape other than bytes and the transports that used it', () => {
    const config = { payloadBytes: [64] };
    expect(wireLine({ config, results: [{ transport: 'tcp', framing: 'binary', message: 'bytes' }] })).toBe('binary wire, payloads 64 B');
    expect(wireLine({ config, results: [{ transport: 'tcp', framing: 'binary', message: 'object' }, { transport: 'ipc', framing: 'binary', message: 'object' }] })).toBe(
      'binary wire, payloads 64 B; messages: an object of records (tcp, ipc)',
    );
    expect(wireLine({ config, results: [{ transport: 'tcp', framing: 'binary', message: 'bytes' }, { transport: 'ipc', framing: 'binary', message: 'string' }] })).toBe(
      'binary wire, payloads 64 B; messages: a string of the payload size (ipc)',
    );
    expect(wireLine({ config: { payloadBytes: [0] }, results: [{ transport: 'tcp' }] })).toBe('classic wire (bare counter, no payload)');
  });
});

describe('formatNumber', () => {
  const icu = (x: number, decimals: number) => x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

  it('reads as before: thousands separators, fixed decimals, ties away from zero on the shortest decimal form', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,568');
    expect(formatNumber(1234.5, 1)).toBe('1,234.5');
    expect(formatNumber(0.5)).toBe('1');
    expect(formatNumber(-2.5)).toBe('-3');
    expect(formatNumber(1.005, 2)).toBe('1.01');
    expect(formatNumber(999.96, 1)).toBe('1,000.0');
    expect(formatNumber(-0.4)).toBe('-0');
    expect(formatNumber(1e21)).toBe('1,000,000,000,000,000,000,000');
    expect(formatNumber(1.5e-7, 3)).toBe('0.000');
  });

  it('is exactly toLocaleString(\'en-US\') with fixed decimals, for any double, ties and specials', () => {
    const specials = [0, -0, NaN, Infinity, -Infinity, 0.5, 1.5, 2.675, 1.045, 0.125, 0.0005, 9.995, 999999.5, 1.5e21, 5e-7, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, 0.1 + 0.2];
    for (const x of specials) for (let d = 0; d <= 4; d++) for (const v of [x, -x]) expect([v, d, formatNumber(v, d)]).toEqual([v, d, icu(v, d)]);
    const decimals = fc.integer({ min: 0, max: 4 });
    const near = fc.tuple(fc.integer({ min: -1e8, max: 1e8 }), fc.integer({ min: 0, max: 5 })).map(([n, d]) => (n + 0.5) / 10 ** d);
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: -1e7, max: 1e7 }), near), decimals, (x, d) => formatNumber(x, d) === icu(x, d)),
      { numRuns: 1000 },
    );
  });
});
