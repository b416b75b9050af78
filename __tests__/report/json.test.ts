import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeJsonReport, readJsonReport, writeFileAtomic } from '../../src/report/json';
import { InputError } from '../../src/errors';
import { reportProblems, ReportSchemaError } from '../../src/report/schema';
import { completed, errored, fixtureReport, skipped } from '../helpers/report-fixture';
import type { CompletedResult } from '../../src/types';

/** A valid report with one result of each status. */
const sampleReport = () =>
  fixtureReport([completed('tcp', [10_000, 11_000, 12_000]), errored('ipc', 'ipc: handshake: expected 2, got 3'), skipped('udp', 'not on this platform')]);

describe('JSON report', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-json-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a valid report atomically and reads it back', () => {
    const file = path.join(dir, 'sub', 'bench.json');
    const report = sampleReport();
    writeJsonReport(file, report);
    expect(readJsonReport(file)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bench.json']); // no temp file left
  });

  it('never writes an invalid report, and leaves an existing file untouched', () => {
    const file = path.join(dir, 'bench.json');
    fs.writeFileSync(file, 'previous');
    const broken = sampleReport();
    (broken.results[0] as CompletedResult).roundTripsPerSec.median = 0;
    expect(() => writeJsonReport(file, broken)).toThrow(ReportSchemaError);
    expect(fs.readFileSync(file, 'utf8')).toBe('previous');
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,', /is not JSON/],
    ['a foreign file', '{"hello": "world"}', /is not a valid ipcbench report/],
    ['another schema version', '{"schemaVersion": 2}', /schemaVersion 2 is not supported/],
  ])('reading %s fails with a clear message naming the file', (_what, text, message) => {
    const file = path.join(dir, 'in.json');
    fs.writeFileSync(file, text);
    expect(() => readJsonReport(file)).toThrow(message);
    expect(() => readJsonReport(file)).toThrow(file);
    expect(() => readJsonReport(file)).toThrow(InputError);
  });

  it('reports a missing file by name', () => {
    expect(() => readJsonReport(path.join(dir, 'nope.json'))).toThrow(/cannot read .*nope\.json: ENOENT/);
  });

  it('lists schema problems readably', () => {
    expect(reportProblems({ schemaVersion: 1 })).toEqual(expect.arrayContaining([expect.stringContaining("must have required property 'results'")]));
    expect(reportProblems(sampleReport())).toEqual([]);
  });

  it('writeFileAtomic replaces content in one step', () => {
    const file = path.join(dir, 'x.txt');
    writeFileAtomic(file, 'a');
    writeFileAtomic(file, 'b');
    expect(fs.readFileSync(file, 'utf8')).toBe('b');
  });
});
