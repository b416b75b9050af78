import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { newAjv } from './ajv';

/** The shipped schema folder; the same path from src/report (ts-jest) and dist/report (built). */
export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');

/**
 * Where the build writes each schema's validator as standalone code (`dist/validators/<name>.js`, by
 * scripts/build-validators.js); the same path from src/report and dist/report. Loading one costs
 * ~2 ms of CPU against ~90 ms for loading Ajv and compiling the schemas in every process.
 */
export const VALIDATORS_DIR = path.join(__dirname, '..', '..', 'dist', 'validators');

/** What a generated validator module exports: Ajv's standalone function, and the schema text it was made from. */
export type GeneratedValidator = ValidateFunction & { schemaSha256?: string };

/** Hex SHA-256 of a schema's text: what ties a generated validator to the file it was made from. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Where the build writes the generated module of schema file `file` (by its name). */
export function generatedValidatorPath(file: string): string {
  return path.join(VALIDATORS_DIR, `${path.basename(file, '.json')}.js`);
}

/**
 * The build's validator of `file` when it was generated from exactly this schema text (hash of the file
 * as it is now), else undefined: a schema edited since the last build can never be checked by old code.
 */
export function generatedValidator(file: string, text: string): GeneratedValidator | undefined {
  const generated = generatedValidatorPath(file);
  if (!fs.existsSync(generated)) return undefined;
  const validate = require(generated) as GeneratedValidator;
  return validate.schemaSha256 === sha256(text) ? validate : undefined;
}

// Each schema's validator once per process: the generated one, or (no build, or a schema changed since)
// one compiled here by Ajv, which reports exactly the same problems, only slower to start.
const validators = new Map<string, ValidateFunction>();

function validatorOf(file: string): ValidateFunction {
  let validate = validators.get(file);
  if (!validate) {
    const text = fs.readFileSync(file, 'utf8');
    validate = generatedValidator(file, text) ?? newAjv().compile(JSON.parse(text));
    validators.set(file, validate);
  }
  return validate;
}

/**
 * The problems of `data` against the schema file `file` (a path), one readable line each
 * ("<instance path> <message>"); empty when it is valid.
 */
export function schemaProblems(file: string, data: unknown): string[] {
  const validate = validatorOf(file);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}
