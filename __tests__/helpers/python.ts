import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** python3 if it runs here, else the reason tests that need it are skipped. */
export const python: { ok: true } | { ok: false; reason: string } = (() => {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8', timeout: 5000 });
  if (probe.error) return { ok: false, reason: `python3 not runnable here (${(probe.error as NodeJS.ErrnoException).code})` };
  if (probe.stdout.trim() !== '3') return { ok: false, reason: 'python3 is not Python 3' };
  return { ok: true };
})();

/** describe, or describe.skip with the reason in its title. */
export const describeWithPython: jest.Describe | ((name: string, fn: () => void) => void) = python.ok
  ? describe
  : (name: string, fn: () => void) => describe.skip(`${name} (skipped: ${python.ok ? '' : python.reason})`, fn);

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'peers');
export const CLIENT = path.join(EXAMPLES, 'client.py');
export const SERVER = path.join(EXAMPLES, 'server.py');
