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

/** A ratio in (0, 10]. */
export function ratio(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 10) throw new InvalidArgumentError(`expected a ratio such as 0.95, got "${text}"`);
  return value;
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
