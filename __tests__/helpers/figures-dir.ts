import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Points IPCBENCH_JEST_DIR (where measure() leaves figures for the JUnit reporter) at a fresh temp
 * folder for each test ('each') or for the whole file ('all'); restores the variable and removes the
 * folder afterwards. `dir()` is the current folder.
 */
export function useFiguresDir(scope: 'each' | 'all' = 'each'): { dir(): string } {
  const saved = process.env.IPCBENCH_JEST_DIR;
  let dir = '';
  (scope === 'each' ? beforeEach : beforeAll)(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-figures-'));
    process.env.IPCBENCH_JEST_DIR = dir;
  });
  (scope === 'each' ? afterEach : afterAll)(() => {
    if (saved === undefined) delete process.env.IPCBENCH_JEST_DIR;
    else process.env.IPCBENCH_JEST_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir };
}
