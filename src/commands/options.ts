import { InvalidArgumentError } from 'commander';

// Plain number parsers every command may use; the flags that name what to measure (transports, payload
// sizes, spin budgets) are in plan-options.ts, which loads the transport registry (~20 ms of CPU): a
// command that measures nothing (compare) does not load it.

/** commander parser: a whole number within [min, max]; anything else is a usage error (exit 2). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text.replace(/_/g, ''));
    if (!/^\d[\d_]*$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`; // not "to 9007199254740991"
      throw new InvalidArgumentError(`expected a whole number ${range}, got "${text}"`);
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

/** `--timeout <s>` of run and ab: both timeouts in ms, and the user's words for messages ("2 s (--timeout)"). */
export function timeoutFlag(secondsValue: number): { readyTimeoutMs: number; stepTimeoutMs: number; timeoutWords: string } {
  const ms = milliseconds(secondsValue);
  return { readyTimeoutMs: ms, stepTimeoutMs: ms, timeoutWords: `${secondsValue} s (--timeout)` };
}

/** A ratio in (0, 10]. */
export function ratio(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 10) throw new InvalidArgumentError(`expected a ratio such as 0.95, got "${text}"`);
  return value;
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
