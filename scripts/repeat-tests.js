#!/usr/bin/env node
/**
 * Flaky-test check: runs the whole `npm test` (type-check, build, Jest) N times in a row and prints, per
 * run, its exit status, pass/fail counts, wall time and load average; then every test that failed in any
 * run, with how often. Each run's Jest results are kept as reports/repeat/run-<i>.json and the summary
 * as reports/repeat/summary.json.
 *
 *   node scripts/repeat-tests.js 10        (or: npm run test:repeat -- 10)
 *
 * Exit status: 0 when every run passed, 1 otherwise, 2 for bad usage.
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const RESULTS = path.join(ROOT, 'reports', 'jest-results.json');
const OUT = path.join(ROOT, 'reports', 'repeat');

const runs = Number(process.argv[2] ?? NaN);
if (!Number.isInteger(runs) || runs < 1 || runs > 100 || process.argv.length > 3) {
  process.stderr.write(`usage: node scripts/repeat-tests.js N   (N: how many full npm test runs, 1 to 100; got ${JSON.stringify(process.argv.slice(2).join(' '))})\n`);
  process.exit(2);
}

let current;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopping = true;
    current?.kill(signal);
  });
}

/** One `npm test`: resolves with its exit status (or signal) and wall seconds; its output goes to ours. */
function npmTest() {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    current = spawn('npm', ['test'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    current.on('error', (error) => resolve({ status: error.message, seconds: 0 }));
    current.on('close', (code, signal) => resolve({ status: signal ?? code, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}

/** Failed tests and suites that failed to run, as "file › test" lines, from one Jest JSON results file. */
function failures(results) {
  const found = [];
  for (const suite of results.testResults) {
    const file = path.relative(ROOT, suite.name);
    const failed = suite.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed) found.push(`${file} › ${a.fullName}`);
    if (suite.status === 'failed' && failed.length === 0) found.push(`${file} › (the file failed to run: ${(suite.message || '').split('\n').find((l) => l.trim()) ?? 'no message'})`);
  }
  return found;
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const summary = [];
  for (let i = 1; i <= runs && !stopping; i++) {
    fs.rmSync(RESULTS, { force: true }); // a run that writes no results must not count the previous one's
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    process.stdout.write(`\n=== repeat-tests: run ${i} of ${runs} (load average ${load}) ===\n`);
    const { status, seconds } = await npmTest();
    const row = { run: i, status, seconds: Number(seconds.toFixed(1)), loadBefore: load, passed: 0, failed: 0, skipped: 0, failures: [] };
    if (fs.existsSync(RESULTS)) {
      const kept = path.join(OUT, `run-${i}.json`);
      fs.copyFileSync(RESULTS, kept);
      const results = JSON.parse(fs.readFileSync(kept, 'utf8'));
      Object.assign(row, { passed: results.numPassedTests, failed: results.numFailedTests, skipped: results.numPendingTests + results.numTodoTests, failures: failures(results) });
    } else {
      row.failures.push('(no Jest results: npm test failed before or inside Jest; see its output above)');
    }
    summary.push(row);
  }
  fs.writeFileSync(path.join(OUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

  process.stdout.write(`\n=== repeat-tests: ${summary.length} run(s)${stopping ? ' (interrupted)' : ''} ===\n`);
  for (const r of summary) {
    process.stdout.write(`run ${r.run}: ${r.status === 0 ? 'ok    ' : `FAILED (${r.status})`} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped, ${r.seconds} s (load before: ${r.loadBefore})\n`);
  }
  const counts = new Map();
  for (const r of summary) for (const f of r.failures) counts.set(f, (counts.get(f) ?? 0) + 1);
  if (counts.size === 0) process.stdout.write('no test failed in any run\n');
  else {
    process.stdout.write('failed in some run:\n');
    for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${n} of ${summary.length}: ${name}\n`);
  }
  const walls = summary.map((r) => r.seconds).sort((a, b) => a - b);
  if (walls.length > 0) process.stdout.write(`wall time: min ${walls[0]} s, median ${((walls[(walls.length - 1) >> 1] + walls[walls.length >> 1]) / 2).toFixed(1)} s, max ${walls[walls.length - 1]} s\n`);
  process.exitCode = !stopping && summary.every((r) => r.status === 0) ? 0 : 1;
}

main();
