import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertReport } from './schema';
import { readInputFile, MAX_REPORT_BYTES } from '../input-file';
import { InputError } from '../errors';
import type { Report } from '../types';

/**
 * Writes `content` to `file` atomically: a temp file in the same folder, then rename. A reader (or a
 * crash mid-write) never sees half a file.
 */
export function writeFileAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** The report as JSON text, validated against the schema first: an invalid report is never written. */
export function reportJson(report: Report): string {
  assertReport(report, 'the report about to be written');
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Validates against the schema, then writes atomically. */
export function writeJsonReport(file: string, report: Report): void {
  writeFileAtomic(file, reportJson(report));
}

/**
 * Reads and validates a report (a regular file of at most MAX_REPORT_BYTES); errors name the file and
 * say what is wrong, never a stack trace.
 */
export function readJsonReport(file: string): Report {
  const text = readInputFile(file, MAX_REPORT_BYTES);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not JSON: ${(error as Error).message.replace(/\n/g, '\\n')}`, { cause: error });
  }
  assertReport(data, file);
  return data;
}
