/**
 * Whether this thread is an ipcbench peer. A peer loads the transport's module again, so that module's
 * top level runs again inside it; a run() there would start peers of its own, without end. A global
 * Symbol.for flag, so a second copy of ipcbench loaded by the plug-in sees it too.
 */
const PEER = Symbol.for('ipcbench.insidePeer');

export function markInsidePeer(): void {
  (globalThis as Record<symbol, unknown>)[PEER] = true;
}

export function insidePeer(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER] === true;
}
