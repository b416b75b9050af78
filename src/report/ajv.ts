import type { default as Ajv } from 'ajv';

/**
 * The one Ajv set-up for ipcbench's schemas: every problem (allErrors), strict schemas, formats from
 * ajv-formats. Both the build (standalone code, `source: true`) and the run-time fallback of validate.ts
 * use it, so generated and compiled validators report the same problems. Loads Ajv (~50 ms of CPU):
 * only the build and a process whose generated validator is missing or stale call it.
 */
export function newAjv(options: { source?: boolean } = {}): Ajv {
  const { default: AjvClass } = require('ajv') as typeof import('ajv');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  // ajv-formats sets code.formats (require("ajv-formats/dist/formats").fullFormats) for standalone code.
  return addFormats(new AjvClass({ allErrors: true, strict: true, allowUnionTypes: true, code: { source: options.source ?? false } }));
}
