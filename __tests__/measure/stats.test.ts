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

  it('gives a Student-t 95 % interval on the log scale (of the geometric mean)', () => {
    const s = summarize([10, 12, 14, 16, 18]);
    expect(s.mean).toBe(14);
    expect(s.median).toBe(14);
    // ln x: mean 2.61790, sd 0.23223, t(4) = 2.776 → exp(2.61790 ± 0.28831) = [10.274, 18.287]
    expect(s.ci95![0]).toBeCloseTo(10.274, 2);
    expect(s.ci95![1]).toBeCloseTo(18.287, 2);
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

  it('gives no interval below 3 repeats, and says so', () => {
    const s = summarize([42]);
    expect(s).toMatchObject({ median: 42, mean: 42, sd: 0, ci95: null, cv: 0, outliers: [] });
    expect(s.ci95Reason).toBe('too few repeats: 1, an interval needs at least 3');
    expect(summarize([14000, 60000]).ci95).toBeNull();
  });

  it('never gives a rate interval below zero, however wide the spread (the old linear one did)', () => {
    // Two repeats gave -31,217–74,531 round trips/s linearly; three wildly spread ones stay positive.
    const s = summarize([1000, 60000, 30000]);
    expect(s.ci95![0]).toBeGreaterThan(0);
    expect(s.ci95![0]).toBeLessThan(1000);
    expect(s.ci95![1]).toBeGreaterThan(60000);
  });

  it('has no log-scale interval for values that are not all positive', () => {
    expect(summarize([0, 1, 2]).ci95).toBeNull();
    expect(summarize([0, 1, 2]).ci95Reason).toMatch(/not every repeat is positive/);
  });

  it('refuses to summarize nothing', () => {
    expect(() => summarize([])).toThrow('no values');
  });
});
