// Jest's test sequencer, with one change: a spec file Jest has no timing for yet is ranked by the time it
// took when the durations below were recorded, instead of by its size in bytes.
//
// Why: Jest runs the slowest files first so that no worker is left alone with a long file at the end,
// but it learns durations only from its own cache. A fresh clone (every CI run) has none and falls back
// to file size: the 9-line contract-faults spec, ~20 s of waiting for ten transports, then started
// last and ran alone for its whole length. `npm run test:durations` rewrites the table from the last
// run (reports/jest-results.json); a stale or missing entry only costs speed, never a test.
'use strict';
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.join(__dirname, '..');
let recorded;
try {
  recorded = require('../__tests__/spec-durations.json').seconds;
} catch {
  recorded = {};
}

class RecordedDurationsSequencer extends Sequencer {
  /** Milliseconds, as Jest's cache keeps them: the cache's own figure first, else the recorded one. */
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const seconds = recorded[path.relative(ROOT, test.path).split(path.sep).join('/')];
    return seconds == null ? undefined : seconds * 1000;
  }
}

module.exports = RecordedDurationsSequencer;
