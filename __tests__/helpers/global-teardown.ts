import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveProcesses, stillThere } from './processes';

/**
 * After the whole suite: no process started by the tests may still run. Looks in /proc for any
 * process whose command line names a peer of this checkout (dist/peer.js, the test fixtures, the
 * example peers): scoped to this checkout, so other work on the machine (or an `ipcbench serve` you
 * started by hand) is ignored.
 */
const ROOT = path.join(__dirname, '..', '..');
const MARKERS = [path.join(ROOT, 'dist', 'peer.js'), path.join(ROOT, '__tests__', 'fixtures'), path.join(ROOT, 'examples', 'peers')];

function leftovers(): string[] {
  return liveProcesses()
    .filter((p) => p.pid !== process.pid && MARKERS.some((marker) => p.command.includes(marker)))
    .map((p) => `${p.pid}: ${p.command}`);
}

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync('/proc')) return; // not Linux: the per-file checks still ran
  const found = await stillThere(leftovers, 2000, 50);
  if (found.length > 0) throw new Error(`processes started by the tests are still running after the suite:\n${found.join('\n')}`);
}
