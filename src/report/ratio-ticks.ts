/**
 * Tick values for a ratio axis on a log scale. Vega's own log ticks label powers of ten and thin the
 * rest to blanks, so a panel spanning 0.74–1.0 showed one label; here each panel gets a handful of
 * labelled values inside its own extent, with 1 (no change) among them when it lies inside.
 */
const LINEAR_STEPS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

export function ratioTicks(low: number, high: number, most = 6): number[] {
  if (!(low > 0) || !(high > 0) || !Number.isFinite(low) || !Number.isFinite(high)) return [1];
  const [lo, hi] = low <= high ? [low, high] : [high, low];
  // Wide extents (a factor of 3 or more) look even on a log scale only with multiplicative steps.
  if (hi / lo >= 3) return withOne(powersOfTwo(lo, hi, most), lo, hi);
  const step = LINEAR_STEPS.find((s) => (hi - lo) / s <= most) ?? LINEAR_STEPS[LINEAR_STEPS.length - 1];
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) ticks.push(round(k * step));
  if (ticks.length < 2) return withOne([round(lo), round(hi)], lo, hi);
  return withOne(ticks, lo, hi);
}

function powersOfTwo(lo: number, hi: number, most: number): number[] {
  const first = Math.ceil(Math.log2(lo) - 1e-9);
  const last = Math.floor(Math.log2(hi) + 1e-9);
  const stride = Math.max(1, Math.ceil((last - first + 1) / most));
  const ticks: number[] = [];
  for (let e = first; e <= last; e += stride) ticks.push(round(2 ** e));
  return ticks;
}

function withOne(ticks: number[], lo: number, hi: number): number[] {
  const inside = lo <= 1 && 1 <= hi;
  return inside && !ticks.includes(1) ? [...ticks, 1].sort((a, b) => a - b) : ticks;
}

const round = (v: number): number => Number(v.toPrecision(6));
