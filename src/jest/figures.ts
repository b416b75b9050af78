import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchResult, Report } from '../types';

/**
 * Figures measured inside a spec travel to the JUnit reporter through files: specs run in Jest's
 * workers, jest-junit's properties function runs in the main process after every file has finished.
 * One file of JSON lines per spec file; a line carries when it was measured, so the reporter takes
 * only the lines inside that spec file's run (older lines are leftovers of earlier runs).
 */
export interface MeasuredRecord {
  /** Epoch milliseconds when the measurement finished. */
  at: number;
  /** Jest's full name of the test that measured, or '' outside a test. */
  test: string;
  properties: Record<string, string>;
}

/** Lines older than this are dropped whenever a spec writes: the folder does not grow without bound. */
const KEEP_MS = 24 * 3600_000;

/** `IPCBENCH_JEST_DIR`, or a folder under the OS temp dir. */
export function figuresDir(): string {
  return process.env.IPCBENCH_JEST_DIR ?? path.join(os.tmpdir(), 'ipcbench-jest');
}

function fileFor(testPath: string): string {
  return path.join(figuresDir(), `${createHash('sha1').update(path.resolve(testPath)).digest('hex').slice(0, 20)}.jsonl`);
}

/** Appends one record for `testPath` (and prunes old lines). Never throws: figures are a report's extra. */
export function saveRecord(testPath: string, record: MeasuredRecord): void {
  try {
    const file = fileFor(testPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const kept = readRecords(file).filter((r) => r.at >= record.at - KEEP_MS);
    fs.writeFileSync(file, [...kept, record].map((r) => `${JSON.stringify(r)}\n`).join(''));
  } catch {
    // an unwritable temp dir loses the JUnit properties, not the test
  }
}

/** Records of `testPath` measured between `from` and `to` (epoch ms, inclusive). */
export function loadRecords(testPath: string, from: number, to: number): MeasuredRecord[] {
  return readRecords(fileFor(testPath)).filter((r) => r.at >= from && r.at <= to);
}

function readRecords(file: string): MeasuredRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as MeasuredRecord];
      } catch {
        return []; // a torn line from a killed run
      }
    });
}

/**
 * The key figures of a report as flat JUnit properties, `<prefix>.<transport>.<size>B.<figure>`; results of
 * the payload sweep are keyed `<prefix>.<transport>.binary.<size>B...`. Errored and skipped results say why.
 */
export function reportProperties(report: Report, prefix: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const r of report.results) {
    const key = `${prefix}.${r.transport}${r.framing === 'binary' ? '.binary' : ''}.${r.payloadBytes}B`;
    Object.assign(properties, resultProperties(key, r));
  }
  return properties;
}

function resultProperties(key: string, r: BenchResult): Record<string, string> {
  if (r.status === 'errored') return { [`${key}.status`]: `errored: ${r.error.message}` };
  if (r.status === 'skipped') return { [`${key}.status`]: `skipped: ${r.reason}` };
  const properties: Record<string, string> = {
    [`${key}.roundTripsPerSec.median`]: r.roundTripsPerSec.median.toFixed(0),
    [`${key}.roundTripsPerSec.ci95`]: r.roundTripsPerSec.ci95?.map((v) => v.toFixed(0)).join('..') ?? (r.roundTripsPerSec.ci95Reason ?? 'none'),
    [`${key}.latencyMicros.p50`]: String(r.latencyMicros.p50),
    [`${key}.latencyMicros.p99`]: String(r.latencyMicros.p99),
  };
  if (r.mbPerSec !== null) properties[`${key}.mbPerSec`] = r.mbPerSec.toFixed(2);
  return properties;
}
