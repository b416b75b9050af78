import { resolveConfig, DEFAULT_CONFIG, ConfigError } from '../src/config';

describe('resolveConfig', () => {
  it('fills in defaults', () => {
    expect(resolveConfig()).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig({ repeats: 2, warmup: undefined })).toEqual({ ...DEFAULT_CONFIG, repeats: 2 });
  });

  it.each([
    ['roundTrips', 0],
    ['roundTrips', -5],
    ['warmup', 1.5],
    ['repeats', Number.NaN],
    ['readyTimeoutMs', 0],
  ])('rejects %s = %p with a ConfigError naming the field', (key, value) => {
    expect(() => resolveConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => resolveConfig({ [key]: value })).toThrow(new RegExp(`^${key} must be a whole number`));
  });
});
