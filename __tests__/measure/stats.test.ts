import { summarize, median, quantile, standardDeviation, tukeyOutliers, tQuantile95 } from '../../src/measure/stats';

describe('stats', () => {
  it('computes median and linear-interpolated quantiles from raw values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([1, 2], 0.75)).toBe(1.75);
  });

  it('uses the sample standard deviation (n − 1)', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(standardDeviation([7])).toBe(0);
  });

  it('gives a Student-t 95 % confidence interval of the mean', () => {
    const s = summarize([10, 12, 14, 16, 18]);
    expect(s.mean).toBe(14);
    expect(s.median).toBe(14);
    // sd = 3.1623, t(4) = 2.776 → half width 3.926
    expect(s.ci95[0]).toBeCloseTo(10.074, 2);
    expect(s.ci95[1]).toBeCloseTo(17.926, 2);
    expect(s.cv).toBeCloseTo(3.1623 / 14, 4);
    expect(tQuantile95(1)).toBe(12.706);
    expect(tQuantile95(100)).toBe(1.96);
  });

  it('flags outliers by Tukey fences without dropping them', () => {
    const runs = [100, 101, 99, 100, 102, 40];
    expect(tukeyOutliers(runs)).toEqual([5]);
    const s = summarize(runs);
    expect(s.outliers).toEqual([5]);
    expect(s.runs).toEqual(runs);
  });

  it('handles a single repeat (no spread, CI collapses to the value)', () => {
    const s = summarize([42]);
    expect(s).toMatchObject({ median: 42, mean: 42, sd: 0, ci95: [42, 42], cv: 0, outliers: [] });
  });

  it('refuses to summarize nothing', () => {
    expect(() => summarize([])).toThrow('no values');
  });
});
