#!/usr/bin/env node
/**
 * Records how long each spec file took in the last `npm test` (reports/jest-results.json) into
 * __tests__/spec-durations.json, which scripts/jest-sequencer.js uses to start the slowest files first
 * when Jest's own cache has no timing (a fresh clone, every CI run). Run it after a full, passing run
 * on a quiet machine and commit the file:  npm test && npm run test:durations
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const RESULTS = path.join(ROOT, 'reports', 'jest-results.json');
const TARGET = path.join(ROOT, '__tests__', 'spec-durations.json');

let results;
try {
  results = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
} catch (error) {
  process.stderr.write(`spec-durations: cannot read ${path.relative(ROOT, RESULTS)} (run npm test first): ${error.code ?? error.message}\n`);
  process.exit(2);
}
if (!results.success) {
  process.stderr.write('spec-durations: the last run did not pass; durations of a failing run would mislead the order\n');
  process.exit(2);
}

const seconds = {};
for (const file of [...results.testResults].sort((a, b) => (a.name < b.name ? -1 : 1))) {
  seconds[path.relative(ROOT, file.name).split(path.sep).join('/')] = Math.round((file.endTime - file.startTime) / 100) / 10;
}
const recordedAt = new Date(results.startTime).toISOString();
fs.writeFileSync(TARGET, `${JSON.stringify({ recordedAt, seconds }, null, 2)}\n`);
process.stdout.write(`spec-durations: ${Object.keys(seconds).length} spec files recorded in ${path.relative(ROOT, TARGET)}\n`);
