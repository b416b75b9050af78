import { InvalidArgumentError } from 'commander';
import { transportNames } from '../transports';

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

/** Seconds (may be fractional) → milliseconds. */
export function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 600) {
    throw new InvalidArgumentError(`expected seconds between 0 and 600, got "${text}"`);
  }
  return Math.round(value * 1000);
}

/** "all" or a comma list of registered transport names. */
export function transportList(text: string): string[] {
  const known = transportNames();
  if (text.trim() === 'all') return known;
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !known.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`unknown transport "${unknown.join(', ') || text}"; known: ${known.join(', ')}, or all`);
  }
  return [...new Set(names)];
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
