import { payloadSizes, spinBudgets } from '../../src/commands/plan-options';
import { parseRunOptions } from '../../src/commands/run';
import { withSpinBudgets } from '../../src/transports/spin-budget-sweep';
import { getTransport } from '../../src/transports';
import { ConfigError, resolveConfig, DEFAULT_PAYLOAD_SWEEP } from '../../src/config';

describe('--payload sizes', () => {
  it('reads bytes with k/KiB and m/MiB as 1024 and 1024², keeping order and dropping repeats', () => {
    expect(payloadSizes('0,64,1k,64k,1m')).toEqual(DEFAULT_PAYLOAD_SWEEP);
    expect(payloadSizes(' 65536 , 2KiB,1MiB,64,64 ')).toEqual([65536, 2048, 1048576, 64]);
  });

  it.each(['abc', '', '1k,,2', '-1', '1.5k', '1g', '65m', '1e3'])('rejects %p with one ConfigError line', (text) => {
    expect(() => payloadSizes(text)).toThrow(ConfigError);
    expect(() => payloadSizes(text)).toThrow(/^--payload: expected byte sizes .*got "/);
  });

  it('resolveConfig checks sizes against the 64 MiB frame limit', () => {
    expect(resolveConfig({ payloadBytes: [0, 64] }).payloadBytes).toEqual([0, 64]);
    expect(resolveConfig({}).payloadBytes).toBeUndefined();
    expect(() => resolveConfig({ payloadBytes: [64 * 1024 * 1024] })).toThrow('64 MiB frame limit');
    expect(() => resolveConfig({ payloadBytes: [] })).toThrow(ConfigError);
  });
});

describe('--spin-budget', () => {
  it('reads µs (decimals, an optional us/µs unit), keeping order and dropping repeats', () => {
    expect(spinBudgets('0,2,10,50,200')).toEqual([0, 2, 10, 50, 200]);
    expect(spinBudgets(' 0.5us, 5 µs ,5')).toEqual([0.5, 5]);
  });

  it.each(['', 'x', '-1', '1e3', '2000000', '5,,6'])('rejects %p with one ConfigError line', (text) => {
    expect(() => spinBudgets(text)).toThrow(/^--spin-budget: expected microseconds from 0 to 1000000 .*got "/);
  });

  it('points "inf" to sab-spin, which is that budget', () => {
    expect(() => spinBudgets('0,inf')).toThrow(/add sab-spin to --transport/);
  });

  it('run expands sab-hybrid into one transport per budget, and refuses budgets without sab-hybrid', () => {
    const options = parseRunOptions({ transport: ['sab', 'sab-hybrid', 'sab-spin'], timeout: 5, spinBudget: '0,10' });
    expect(options.spinBudgetMicros).toEqual([0, 10]);
    const transports = withSpinBudgets(options.transport.map(getTransport), options.spinBudgetMicros);
    expect(transports.map((t) => [t.name, t.waitStrategy?.spinBudgetMicros])).toEqual([
      ['sab', undefined],
      ['sab-hybrid-0us', 0],
      ['sab-hybrid-10us', 10],
      ['sab-spin', null],
    ]);
    expect(() => parseRunOptions({ transport: ['sab'], timeout: 5, spinBudget: '10' })).toThrow(/--spin-budget sets the budgets of sab-hybrid; add it to --transport/);
  });
});
