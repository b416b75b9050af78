import * as fs from 'node:fs';
import * as path from 'node:path';
import type { default as Ajv, ValidateFunction } from 'ajv';

/** The shipped schema folder; the same path from src/report (ts-jest) and dist/report (built). */
export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');

// One Ajv instance for every schema ipcbench ships, and each schema compiled once per process. Ajv is
// loaded on first use (~50 ms of CPU): commands that never read or write a report do not pay for it.
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * The problems of `data` against the schema file `file` (a path), one readable line each
 * ("<instance path> <message>"); empty when it is valid.
 */
export function schemaProblems(file: string, data: unknown): string[] {
  let validate = compiled.get(file);
  if (!validate) {
    if (!ajv) {
      const { default: AjvClass } = require('ajv') as typeof import('ajv');
      const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
      ajv = addFormats(new AjvClass({ allErrors: true, strict: true, allowUnionTypes: true }));
    }
    validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
    compiled.set(file, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}
