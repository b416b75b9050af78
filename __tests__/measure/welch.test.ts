import { welchLogRatio } from '../../src/measure/welch';

describe('welchLogRatio()', () => {
  it('reproduces a hand-checked Welch test on the logs', () => {
    const a = [100, 110, 105, 95, 102];
    const b = [80, 85, 78, 82, 81];
    const r = welchLogRatio(a, b, 0.05);
    const ga = Math.exp(a.map(Math.log).reduce((s, v) => s + v, 0) / a.length);
    const gb = Math.exp(b.map(Math.log).reduce((s, v) => s + v, 0) / b.length);
    expect(r.ratio).toBeCloseTo(gb / ga, 12);
    expect(r.ci[0]).toBeLessThan(r.ratio);
    expect(r.ci[1]).toBeGreaterThan(r.ratio);
    expect(r.ci[1]).toBeLessThan(1); // clearly slower
    expect(r.pLower).toBeLessThan(0.001);
    expect(r.pLower + r.pHigher).toBeCloseTo(1, 12);
    expect(r.df).toBeGreaterThan(4);
    expect(r.df).toBeLessThanOrEqual(8);
  });

  it('matches scipy.stats.ttest_ind(equal_var=False) on the logs', () => {
    // scipy 1.17: ttest_ind(log(b), log(a), equal_var=False, alternative='less')
    const a = [10, 12, 11, 13, 12, 11];
    const b = [10, 11, 10, 12, 10, 11];
    const r = welchLogRatio(a, b, 0.05);
    expect(r.df).toBeCloseTo(9.626932592926524, 9);
    expect(r.pLower).toBeCloseTo(0.07895983541267756, 8);
  });

  it('identical samples give ratio 1 and p = 0.5', () => {
    const r = welchLogRatio([5, 6, 7], [5, 6, 7], 0.05);
    expect(r.ratio).toBeCloseTo(1, 12);
    expect(r.pLower).toBeCloseTo(0.5, 12);
    expect(r.ci[0]).toBeLessThan(1);
    expect(r.ci[1]).toBeGreaterThan(1);
  });

  it('refuses fewer than two samples a side or non-positive values', () => {
    expect(() => welchLogRatio([1], [1, 2], 0.05)).toThrow(RangeError);
    expect(() => welchLogRatio([1, 0], [1, 2], 0.05)).toThrow(RangeError);
  });
});
