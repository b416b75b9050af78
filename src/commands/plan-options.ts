import { InvalidArgumentError } from 'commander';
import { transportNames } from '../transports';
import { isModulePath } from '../contract/plugins';
import { MAX_PAYLOAD_BYTES } from '../transports/binary-framing';
import { ConfigError } from '../config';
import { MAX_SPIN_BUDGET_MICROS } from '../transports/spin-budget-sweep';

// The flags that name what run and ab measure: transports, payload sizes, spin budgets.

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
