import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figuresDir, loadRecords, reportProperties, saveRecord } from '../../src/jest/figures';
import { completed, errored, fixtureReport, skipped } from '../helpers/report-fixture';

describe('reportProperties', () => {
  test('flattens the key figures per transport and size; binary-wire cells are marked; failures say why', () => {
    const binary = { ...completed('tcp', [1000, 1100, 1200], 1024), framing: 'binary' as const };
    const properties = reportProperties(fixtureReport([completed('ipc', [500, 510, 520]), binary, errored('udp', 'udp: round trip: peer gone'), skipped('sab', 'no SharedArrayBuffer')]), 'bench');
    expect(properties).toMatchObject({
      'bench.ipc.0B.roundTripsPerSec.median': '510',
      'bench.tcp.binary.1024B.roundTripsPerSec.median': '1100',
      'bench.tcp.binary.1024B.mbPerSec': '1.13',
      'bench.udp.0B.status': 'errored: udp: round trip: peer gone',
      'bench.sab.0B.status': 'skipped: no SharedArrayBuffer',
    });
    expect(properties['bench.ipc.0B.roundTripsPerSec.ci95']).toMatch(/^\d+\.\.\d+$/);
    expect(properties['bench.ipc.0B.latencyMicros.p99']).toBeDefined();
    expect(properties['bench.ipc.0B.mbPerSec']).toBeUndefined();
  });
});

describe('records between a spec and the reporter', () => {
  const saved = process.env.IPCBENCH_JEST_DIR;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-figures-'));
    process.env.IPCBENCH_JEST_DIR = dir;
  });
  afterEach(() => {
    process.env.IPCBENCH_JEST_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('are read back per spec file, only those inside the asked window', () => {
    expect(figuresDir()).toBe(dir);
    saveRecord('/specs/a.test.js', { at: 1_000, test: 'old run', properties: { x: '1' } });
    saveRecord('/specs/a.test.js', { at: 5_000, test: 'this run', properties: { x: '2' } });
    saveRecord('/specs/b.test.js', { at: 5_000, test: 'other file', properties: { y: '3' } });
    expect(loadRecords('/specs/a.test.js', 4_000, 6_000).map((r) => r.test)).toEqual(['this run']);
    expect(loadRecords('/specs/b.test.js', 0, 10_000).map((r) => r.properties)).toEqual([{ y: '3' }]);
    expect(loadRecords('/specs/none.test.js', 0, 10_000)).toEqual([]);
  });

  test('drop lines older than a day when a spec writes, and skip a torn line', () => {
    const day = 24 * 3600_000;
    saveRecord('/specs/a.test.js', { at: 1_000, test: 'ancient', properties: {} });
    const [file] = fs.readdirSync(dir);
    fs.appendFileSync(path.join(dir, file), '{"at": 2000, "te');
    saveRecord('/specs/a.test.js', { at: day + 2_000, test: 'today', properties: {} });
    expect(loadRecords('/specs/a.test.js', 0, Infinity).map((r) => r.test)).toEqual(['today']);
  });

  test('an unwritable folder loses the figures, never the test', () => {
    process.env.IPCBENCH_JEST_DIR = path.join(dir, 'file');
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(() => saveRecord('/specs/a.test.js', { at: 1, test: '', properties: {} })).not.toThrow();
  });
});
