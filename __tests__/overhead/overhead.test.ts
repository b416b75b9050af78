import { measureOverhead } from '../../src/overhead/overhead';
import { rawIpc, rawTcp, rawUnix, rawWorker, rawSab, rawSpin } from '../../src/overhead/raw-loops';
import { findPython, pythonTcpRate } from '../../src/overhead/python';
import { overheadTable } from '../../src/commands/overhead';
import { resolveConfig } from '../../src/config';
import { lingeringChildren } from '../helpers/processes';

/** Proves the overhead path works with tiny counts; the ratios themselves are measured by `npm run bench:overhead`. */
describe('overhead measurement', () => {
  afterEach(async () => expect(await lingeringChildren()).toEqual([]));

  it.each([
    ['ipc', rawIpc],
    ['tcp', rawTcp],
    ['unix', rawUnix],
    ['worker', rawWorker],
    ['sab', rawSab],
    ['sab-spin', rawSpin],
  ])('the hand-written %s loop completes and reports a positive rate', async (_name, loop) => {
    expect(await loop(200, 20)).toBeGreaterThan(0);
  });

  it('interleaves raw and harness runs and computes harness/raw per mechanism', async () => {
    const measured: string[] = [];
    const result = await measureOverhead(resolveConfig({ roundTrips: 200, warmup: 20 }), 2, ['tcp', 'ipc'], {
      measured: (what, round) => measured.push(`${round} ${what}`),
    }, false);
    expect(measured).toEqual(['1 tcp raw', '1 tcp harness', '1 ipc raw', '1 ipc harness', '2 tcp harness', '2 tcp raw', '2 ipc harness', '2 ipc raw']);
    for (const row of result.rows) {
      expect(row.raw).toHaveLength(2);
      expect(row.harness).toHaveLength(2);
      expect(row.ratio).toBeGreaterThan(0);
    }
    expect(result.python).toEqual({ skipped: 'not requested' });
    expect(overheadTable(result, 0.95)).toMatch(/^tcp\s+[\d,]+\s+[\d,]+\s+\d\.\d{3}/m);
  });

  it('skips a busy-spinning mechanism whole (raw loop and harness) under --pin same, with the reason', async () => {
    const result = await measureOverhead({ ...resolveConfig({ roundTrips: 50, warmup: 5 }), pin: { mode: 'same', parent: [0], peer: [0] } }, 1, ['sab-spin'], {}, false);
    expect(result.rows).toEqual([expect.objectContaining({ mechanism: 'sab-spin', skipped: expect.stringMatching(/^--pin same: busy-spinning needs two CPUs/), raw: [], harness: [] })]);
    expect(overheadTable(result, 0.95)).toMatch(/^sab-spin skipped \(raw loop and harness\): --pin same: busy-spinning needs two CPUs/m);
  });

  const python = findPython();
  (('command' in python) ? it : it.skip)('runs the Python reference ping-pong (skipped without python3)', async () => {
    expect(await pythonTcpRate((python as { command: string }).command, 200, 20)).toBeGreaterThan(0);
  });
});
