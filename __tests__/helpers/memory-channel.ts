import type { Channel } from '../../src/types';

/** Two in-memory Channel ends wired to each other (delivery on the next microtask, like real I/O). */
export function memoryPair(): [Channel, Channel] {
  const handlers: Array<(value: number) => void> = [() => undefined, () => undefined];
  const failures: Array<(error: Error) => void> = [() => undefined, () => undefined];
  const end = (self: 0 | 1): Channel => ({
    send: (value) => queueMicrotask(() => handlers[1 - self](value)),
    onMessage: (handler) => {
      handlers[self] = handler;
    },
    onFailure: (handler) => {
      failures[self] = handler;
    },
    close: async () => undefined,
  });
  return [end(0), end(1)];
}

/** Shipped in ipcbench/jest; re-exported for the specs. */
export { exchange } from '../../src/jest/exchange';
