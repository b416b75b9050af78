import { payloadSizes } from '../../src/commands/options';
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
