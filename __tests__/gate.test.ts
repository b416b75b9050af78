import { compareReports, DEFAULT_GATE } from '../src/gate';
import { completed, errored, skipped, fixtureReport, scaled } from './helpers/report-fixture';

const ipc = completed('ipc', [14000, 14300, 13900, 14100, 14200]);
const tcp = completed('tcp', [20000, 20500, 19800, 20100, 20300]);

describe('compareReports()', () => {
  it('the same report against itself: unchanged everywhere, passes', () => {
    const report = fixtureReport([ipc, tcp]);
    const gate = compareReports(report, report);
    expect(gate.passed).toBe(true);
    expect(gate.comparisons.map((c) => [c.name, c.verdict])).toEqual([
      ['ipc/0B', 'unchanged'],
      ['tcp/0B', 'unchanged'],
    ]);
    expect(gate.comparisons[0].ratio).toBeCloseTo(1, 12);
  });

  it('30 % slower: regression with ratio, CI below 1 and a small p; fails', () => {
    const gate = compareReports(fixtureReport([ipc, tcp]), fixtureReport([scaled(ipc, 0.7), tcp]));
    expect(gate.passed).toBe(false);
    const [slow, same] = gate.comparisons;
    expect(slow.verdict).toBe('regression');
    expect(slow.ratio).toBeCloseTo(0.7, 10);
    expect(slow.ci![1]).toBeLessThan(1);
    expect(slow.pSlower).toBeLessThan(0.001);
    expect(slow.reason).toMatch(/slower by 30\.0%, significant .* beyond the 10% threshold/);
    expect(same.verdict).toBe('unchanged');
  });

  it('significant but small (5 % slower, tight runs): unchanged, says why', () => {
    const c = compareReports(fixtureReport([ipc]), fixtureReport([scaled(ipc, 0.95)])).comparisons[0];
    expect(c.pSlower).toBeLessThan(DEFAULT_GATE.alpha);
    expect(c.verdict).toBe('unchanged');
    expect(c.reason).toMatch(/significant .* but within the 10% threshold/);
  });

  it('large but not significant (noisy runs): unchanged, says noise cannot be ruled out', () => {
    const noisy = completed('ipc', [14000, 7000, 15000, 6000, 14500]);
    const slower = completed('ipc', [9000, 6000, 14000, 5000, 8000]);
    const c = compareReports(fixtureReport([noisy]), fixtureReport([slower])).comparisons[0];
    expect(c.ratio!).toBeLessThan(0.9);
    expect(c.pSlower!).toBeGreaterThanOrEqual(0.05);
    expect(c.verdict).toBe('unchanged');
    expect(c.reason).toMatch(/not significant/);
  });

  it('30 % faster: improvement, passes', () => {
    const gate = compareReports(fixtureReport([ipc]), fixtureReport([scaled(ipc, 1.3)]));
    expect(gate.comparisons[0].verdict).toBe('improvement');
    expect(gate.passed).toBe(true);
  });

  it('keys by transport × payload: the same transport at two payloads is judged apart', () => {
    const small = completed('tcp', [20000, 20500, 19800], 64);
    const big = completed('tcp', [900, 910, 905], 65536);
    const gate = compareReports(fixtureReport([small, big]), fixtureReport([small, scaled(big, 0.6)]));
    expect(gate.comparisons.map((c) => [c.name, c.verdict])).toEqual([
      ['tcp/64B', 'unchanged'],
      ['tcp/65536B', 'regression'],
    ]);
  });

  it('errored current fails; skipped, missing, new and single-repeat results do not', () => {
    const one = completed('one', [100]);
    const gate = compareReports(
      fixtureReport([ipc, tcp, completed('sab', [1e6, 1.1e6]), one]),
      fixtureReport([errored('ipc', 'ipc: round trip: expected 3, got 4'), skipped('sab', 'no SharedArrayBuffer'), completed('udp', [5, 6]), one]),
    );
    const verdicts = Object.fromEntries(gate.comparisons.map((c) => [c.transport, c.verdict]));
    expect(verdicts).toEqual({ ipc: 'errored', tcp: 'missing', sab: 'skipped', one: 'inconclusive', udp: 'new' });
    expect(gate.passed).toBe(false);
    expect(gate.comparisons[0].reason).toBe('current run errored: ipc: round trip: expected 3, got 4');
  });

  it('threshold and alpha are honoured', () => {
    const base = fixtureReport([ipc]);
    const cur = fixtureReport([scaled(ipc, 0.85)]);
    expect(compareReports(base, cur, { threshold: 0.1, alpha: 0.05 }).passed).toBe(false);
    expect(compareReports(base, cur, { threshold: 0.2, alpha: 0.05 }).passed).toBe(true);
  });
});
