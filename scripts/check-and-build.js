#!/usr/bin/env node
/**
 * `npm test`'s pretest: type-check everything (src, tests, jest config) and build dist/ (tsc, then the
 * schema validators: scripts/build-validators.js, as `npm run build` does), side by side.
 * Both are single-threaded tsc runs of ~10–15 s each on the 2-core reference machine; one after the other
 * they were a third of the 60 s budget. Either failing fails the script (and so `npm test`), with its
 * own output. Both are incremental: a second run on an unchanged tree only re-reads the files.
 */
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const tsc = require.resolve('typescript/bin/tsc');
// Each job is a list of node programs run one after the other; the jobs run side by side.
const jobs = [
  ['type-check', [[tsc, '--noEmit', '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join('node_modules', '.cache', 'ipcbench', 'typecheck.tsbuildinfo')]]],
  ['build', [[tsc, '-p', 'tsconfig.build.json'], [path.join(__dirname, 'build-validators.js')]]],
];

const children = [];
let stopped = false;
const step = (name, args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
    children.push(child);
    child.on('error', (error) => resolve(`${name}: ${error.message}`));
    child.on('close', (code, signal) => resolve(code === 0 ? undefined : `${name} failed (${signal ?? `exit status ${code}`})`));
  });
const run = async ([name, steps]) => {
  for (const args of steps) {
    const problem = stopped ? `${name} stopped` : await step(name, args);
    if (problem) return problem;
  }
  return undefined;
};

// Ctrl-C reaches both tsc processes through the terminal; a plain kill of this script must not leave them running.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => {
  stopped = true;
  children.forEach((child) => child.kill(signal));
});

Promise.all(jobs.map(run)).then((problems) => {
  const failed = problems.filter(Boolean);
  for (const problem of failed) process.stderr.write(`pretest: ${problem}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
});
