import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runOnce } from '../../src/runner';
import { resolveConfig } from '../../src/config';
import { livePeerCount } from '../../src/transports/peer-process';
import type { Transport } from '../../src/types';

/** Needs `npm run build` (the fixture and the peer run from dist/). */
describe('peer processes', () => {
  test('a peer whose own helper keeps its stderr open is still seen to exit (the run ends, nothing waits for the helper)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-helper-'));
    const pidFile = path.join(dir, 'helper.pid');
    process.env.HELPER_PID_FILE = pidFile;
    try {
      const transport = require('../fixtures/transports/helper-holds-stderr') as Transport;
      const config = resolveConfig({ roundTrips: 20, warmup: 2, repeats: 1, stepTimeoutMs: 5000 });
      const sample = await runOnce(transport, { config });
      expect(sample.lastValue).toBe(2 + 2 * 22);
      expect(livePeerCount()).toBe(0);
    } finally {
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      if (pid > 0) process.kill(pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      delete process.env.HELPER_PID_FILE;
    }
  }, 20_000);
});
