import { InvalidArgumentError } from 'commander';
import { transportNames } from '../transports';
import { isModulePath } from '../contract/plugins';
import { MAX_PAYLOAD_BYTES } from '../transports/binary-framing';
import { ConfigError } from '../config';
import { MAX_SPIN_BUDGET_MICROS } from '../transports/spin-budget-sweep';

/** commander parser: a whole number within [min, max]; anything else is a usage error (exit 2). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text.replace(/_/g, ''));
    if (!/^\d[\d_]*$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${text}"`);
    }
    return value;
  };
}

/** Seconds as the user types them (may be fractional, at least a millisecond); flags in seconds stay in seconds. */
export function seconds(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0.001 || value > 600) {
    throw new InvalidArgumentError(`expected seconds from 0.001 to 600, got "${text}"`);
  }
  return value;
}

/** Seconds → whole milliseconds, for the options objects that count in ms. */
export function milliseconds(secondsValue: number): number {
  return Math.round(secondsValue * 1000);
}

/** A ratio in (0, 10]. */
export function ratio(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 10) throw new InvalidArgumentError(`expected a ratio such as 0.95, got "${text}"`);
  return value;
}

/**
 * "all", or a comma list of registered transport names and plug-in module paths (./x.js, /abs/x.mjs:
 * loaded when the command runs, see contract/plugins.ts).
 */
export function transportList(text: string): string[] {
  const known = transportNames();
  if (text.trim() === 'all') return known;
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !known.includes(name) && !isModulePath(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`unknown transport "${unknown.join(', ') || text}"; known: ${known.join(', ')}, or all, or a module path like ./my-transport.js`);
  }
  return [...new Set(names)];
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2 };

/**
 * Payload sizes: a comma list of byte counts, k/KiB and m/MiB = 1024 and 1024², e.g. "0,64,1k,64k,1m".
 * Throws a ConfigError (one line, exit 2), not commander's error with its usage hint.
 */
export function payloadSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => {
    const match = /^(\d+)\s*([a-z]*)$/i.exec(part.trim());
    const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
    const bytes = match && unit ? Number(match[1]) * unit : Number.NaN;
    if (!Number.isSafeInteger(bytes) || bytes > MAX_PAYLOAD_BYTES) {
      throw new ConfigError(`--payload: expected byte sizes up to 64 MiB like 0,64,1k,64k,1m (k = KiB, m = MiB), got "${part.trim()}"`);
    }
    return bytes;
  });
  return [...new Set(sizes)];
}

/** "10%" or a fraction "0.1" → 0.1; the practical threshold of the gate, strictly between 0 and 1. */
export function fraction(text: string): number {
  const trimmed = text.trim();
  const value = trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
  if (trimmed === '' || trimmed === '%' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new InvalidArgumentError(`expected a percentage like 10% or a fraction like 0.1 (between 0 and 1), got "${text}"`);
  }
  return value;
}

/** Significance level: a number in (0, 0.5]. */
export function alpha(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 0.5) {
    throw new InvalidArgumentError(`expected a significance level between 0 and 0.5, like 0.05, got "${text}"`);
  }
  return value;
}


/**
 * --spin-budget: a comma list of microseconds, e.g. "0,2,10,50,200" (0 = sleep at once). Throws a
 * ConfigError (one line, exit 2) naming the bad entry; "inf" points to sab-spin, which is that case.
 */
export function spinBudgets(text: string): number[] {
  const budgets = text.split(',').map((part) => {
    const trimmed = part.trim().replace(/\s*(µs|us)$/i, '');
    if (/^(inf|infinity|∞)$/i.test(trimmed)) throw new ConfigError('--spin-budget: an unbounded spin is sab-spin; add sab-spin to --transport instead of "inf"');
    const micros = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!(micros >= 0 && micros <= MAX_SPIN_BUDGET_MICROS)) {
      throw new ConfigError(`--spin-budget: expected microseconds from 0 to ${MAX_SPIN_BUDGET_MICROS} like 0,2,10,50,200, got "${part.trim()}"`);
    }
    return micros;
  });
  return [...new Set(budgets)];
}
