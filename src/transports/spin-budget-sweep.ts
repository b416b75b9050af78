import { ConfigError } from '../config';
import { sabWaitTransport } from './sab-wait';
import type { Transport } from '../runtime-types';

/** The longest spin budget a sweep takes: a second of spinning per wait is already sab-spin. */
export const MAX_SPIN_BUDGET_MICROS = 1_000_000;

/**
 * With spin budgets, sab-hybrid becomes one result per budget (sab-hybrid-10us, ...): ordinary
 * results, so the sweep is interleaved, repeated, reported and compared like any other run — a
 * separate sweep command would have to repeat all of that.
 */
export function withSpinBudgets(transports: readonly Transport[], spinBudgetMicros?: readonly number[]): Transport[] {
  return transports.flatMap((transport) =>
    transport.name === 'sab-hybrid' && spinBudgetMicros
      ? spinBudgetMicros.map((budget) => sabWaitTransport({ kind: 'hybrid', spinBudgetMicros: budget }, `sab-hybrid-${budget}us`))
      : [transport],
  );
}

/** The API's spinBudgetMicros, checked as --spin-budget is: µs in range, and only with sab-hybrid. */
export function checkSpinBudgets(budgets: readonly number[], transports: readonly Transport[]): number[] {
  for (const micros of budgets) {
    if (typeof micros !== 'number' || !(micros >= 0 && micros <= MAX_SPIN_BUDGET_MICROS)) {
      throw new ConfigError(`spinBudgetMicros must be microseconds from 0 to ${MAX_SPIN_BUDGET_MICROS}, got ${String(micros)}`);
    }
  }
  if (budgets.length === 0) throw new ConfigError('spinBudgetMicros must list at least one budget');
  if (!transports.some((t) => t.name === 'sab-hybrid')) throw new ConfigError('spinBudgetMicros sets the budgets of sab-hybrid; add it to transports');
  return [...new Set(budgets)];
}
