import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { junitProperties } from '../../src/jest/junit-properties';
import { saveRecord } from '../../src/jest/figures';
import { writeJsonReport } from '../../src/report/json';
import { completed, fixtureReport } from '../helpers/report-fixture';

describe('junitProperties', () => {
  const saved = process.env.IPCBENCH_JEST_DIR;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-junit-'));
    process.env.IPCBENCH_JEST_DIR = dir;
  });
  afterEach(() => {
    process.env.IPCBENCH_JEST_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every suite gets the environment; a suite gets the figures measured during its own run', () => {
    saveRecord('/specs/a.test.js', { at: 5_000, test: 't', properties: { 'quick.tcp.0B.roundTripsPerSec.median': '1234' } });
    const properties = junitProperties();
    const a = properties({ testFilePath: '/specs/a.test.js', perfStats: { start: 4_000, end: 6_000 } });
    expect(a).toMatchObject({ 'env.cores': expect.stringMatching(/^\d+$/), 'env.node': process.version, 'quick.tcp.0B.roundTripsPerSec.median': '1234' });
    expect(Object.keys(a).filter((k) => k.startsWith('env.'))).toHaveLength(10);
    const b = properties({ testFilePath: '/specs/b.test.js', perfStats: { start: 4_000, end: 6_000 } });
    expect(b['quick.tcp.0B.roundTripsPerSec.median']).toBeUndefined();
    const later = properties({ testFilePath: '/specs/a.test.js', perfStats: { start: 7_000, end: 8_000 } });
    expect(later['quick.tcp.0B.roundTripsPerSec.median']).toBeUndefined();
  });

  test('adds the figures of report files; a missing file is left out, an invalid one says why', () => {
    const file = path.join(dir, 'bench.json');
    writeJsonReport(file, fixtureReport([completed('tcp', [900, 1000, 1100])]));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{');
    const properties = junitProperties({ environment: false, reports: [file, path.join(dir, 'missing.json'), path.join(dir, 'broken.json')] })({ testFilePath: '/specs/a.test.js' });
    expect(properties).toMatchObject({ 'bench.tcp.0B.roundTripsPerSec.median': '1000', [`bench.${file}.startedAt`]: '2026-11-25T12:00:00.000Z' });
    expect(properties[`bench.${file}.config`]).toBe('10000 round trips x 5 repeats, 1000 warm-up');
    expect(properties[`bench.${path.join(dir, 'broken.json')}.error`]).toMatch(/is not JSON/);
    expect(Object.keys(properties).some((k) => k.includes('missing') || k.startsWith('env.'))).toBe(false);
  });
});
