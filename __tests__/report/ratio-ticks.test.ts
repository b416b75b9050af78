import { ratioTicks } from '../../src/report/ratio-ticks';

describe('ratioTicks: labelled values for a log-scale ratio axis', () => {
  it('a narrow extent gets several ticks inside it, 1 included when inside', () => {
    const ticks = ratioTicks(0.95, 1.02);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks).toContain(1);
    for (const t of ticks) expect(t).toBeGreaterThanOrEqual(0.95 - 1e-9);
    for (const t of ticks) expect(t).toBeLessThanOrEqual(1.02 + 1e-9);
  });

  it('an extent far below 1 is labelled where the data are (the panel that showed one label)', () => {
    const ticks = ratioTicks(0.73, 1);
    expect(ticks.filter((t) => t < 0.9).length).toBeGreaterThanOrEqual(2);
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
  });

  it('a wide extent steps multiplicatively, even on the log scale', () => {
    expect(ratioTicks(0.2, 5)).toEqual([0.25, 0.5, 1, 2, 4]);
  });

  it('degenerate input still gives a usable axis', () => {
    expect(ratioTicks(1, 1)).toContain(1);
    expect(ratioTicks(Number.NaN, 2)).toEqual([1]);
    expect(ratioTicks(1.1, 0.9).length).toBeGreaterThanOrEqual(2);
  });
});
