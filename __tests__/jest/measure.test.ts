import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measure } from '../../src/jest/measure';
import { junitProperties } from '../../src/jest/junit-properties';

describe('measure', () => {
  const saved = process.env.IPCBENCH_JEST_DIR;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-measure-'));
    process.env.IPCBENCH_JEST_DIR = dir;
  });
  afterAll(() => {
    process.env.IPCBENCH_JEST_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('returns the report of the run and leaves its figures for this spec file\'s JUnit properties', async () => {
    const started = Date.now();
    const report = await measure({ transports: ['tcp'], roundTrips: 100, warmup: 10, repeats: 1 });
    expect(report.results[0].status).toBe('completed');
    const properties = junitProperties({ environment: false })({ testFilePath: expect.getState().testPath!, perfStats: { start: started, end: Date.now() } });
    const key = `measure returns the report of the run and leaves its figures for this spec file's JUnit properties.tcp.0B.roundTripsPerSec.median`;
    expect(properties[key]).toMatch(/^\d+$/);
  }, 30_000);

  test('name replaces the test name in the keys', async () => {
    const started = Date.now();
    await measure({ name: 'quick', transports: ['tcp'], roundTrips: 50, warmup: 5, repeats: 1 });
    const properties = junitProperties({ environment: false })({ testFilePath: expect.getState().testPath!, perfStats: { start: started, end: Date.now() } });
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['quick.tcp.0B.roundTripsPerSec.median', 'quick.tcp.0B.latencyMicros.p50']));
  }, 30_000);
});
