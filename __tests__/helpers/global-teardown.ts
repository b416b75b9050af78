import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * After the whole suite: no process started by the tests may still run. Looks in /proc for any
 * process whose command line names a peer of this checkout (dist/peer.js, the test fixtures, the
 * example peers): scoped to this checkout, so other work on the machine (or an `ipcbench serve` you
 * started by hand) is ignored.
 */
const ROOT = path.join(__dirname, '..', '..');
const MARKERS = [path.join(ROOT, 'dist', 'peer.js'), path.join(ROOT, '__tests__', 'fixtures'), path.join(ROOT, 'examples', 'peers')];

function leftovers(): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (MARKERS.some((marker) => command.includes(marker))) found.push(`${entry}: ${command}`);
    } catch {
      // gone while we looked, or not ours to read
    }
  }
  return found;
}

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync('/proc')) return; // not Linux: the per-file checks still ran
  const deadline = Date.now() + 2000;
  let found = leftovers();
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = leftovers();
  }
  if (found.length > 0) throw new Error(`processes started by the tests are still running after the suite:\n${found.join('\n')}`);
}
