#!/usr/bin/env node
/**
 * `npm test`: type-check everything (src, specs, jest config) while building dist/ and then running Jest.
 *
 *   type-check:  tsc -b tsconfig.typecheck.json (tsconfig.json, no output, incremental)
 *   build → Jest: tsc -b tsconfig.build.json, the schema validators (as `npm run build`), then
 *                 jest --json --outputFile=reports/jest-results.json [arguments given to npm test]
 *
 * Jest needs the build (peers and the CLI run from dist/) but not the type-check, which used to hold it
 * back by ~1–3 s on the 2-core reference machine; Jest leaves that much CPU idle at its start and in its
 * waits. Either failing fails `npm test`. The type-check's output is held back and printed after Jest's,
 * so the two never interleave. Ctrl-C or a kill of this script stops every child and what they started.
 * Every child runs in the environment of scripts/test-env.js: a fresh TMPDIR on tmpfs where there is a
 * suitable one, removed after the run, and no NODE_EXTRA_CA_CERTS (each costs the suite seconds; see that file).
 */
'use strict';
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { testEnvironment, cacheArgument } = require('./test-env');

const ROOT = path.join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');
const jest = require.resolve('jest/bin/jest');
const jestArgs = process.argv.slice(2);
const scratch = testEnvironment();
// Jest would put its cache under the children's TMPDIR: keep it in its usual folder (jest.config.ts sets none).
const cacheArgs = scratch.dir ? cacheArgument(jestArgs) : [];
const jobs = [
  // Build mode (-b) first asks whether anything changed since the last run (~0.3 s) and checks or
  // compiles only then: an unchanged tree skips the ~3.5 s type-check and the ~1.5 s incremental build.
  { name: 'type-check', quiet: true, steps: [[tsc, '-b', 'tsconfig.typecheck.json']] },
  {
    name: 'build and Jest',
    steps: [
      [tsc, '-b', 'tsconfig.build.json'],
      [path.join(__dirname, 'build-validators.js')],
      [jest, '--json', '--outputFile=reports/jest-results.json', ...cacheArgs, ...jestArgs],
    ],
  },
];

const children = new Set();
let stopped = false;
const held = [];

/** Runs one program; resolves with a problem line, or undefined when it exited 0. */
const step = (name, args, quiet) =>
  new Promise((resolve) => {
    // Its own process group, so that a signal reaches everything it started (Jest's workers and their
    // peers), not only the child: Jest killed by a signal leaves its workers running.
    const child = spawn(process.execPath, args, { cwd: ROOT, env: scratch.env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', detached: true });
    children.add(child);
    if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => held.push(chunk));
    child.on('error', (error) => resolve(`${name}: ${error.message}`));
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve(code === 0 ? undefined : `${name} failed (${signal ?? `exit status ${code}`})`);
    });
  });

const run = async ({ name, steps, quiet }) => {
  for (const args of steps) {
    const problem = stopped ? `${name} stopped` : await step(name, args, quiet);
    if (problem) return problem;
  }
  return undefined;
};

let stoppedBy;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    stopped = true;
    stoppedBy = signal;
    for (const child of children) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal); // the group is gone already
      }
    }
  });
}

Promise.all(jobs.map(run)).then((problems) => {
  scratch.remove(); // every child has ended (and Jest's global teardown found nothing of theirs running)
  for (const chunk of held) process.stderr.write(chunk);
  const failed = problems.filter(Boolean);
  for (const problem of failed) process.stderr.write(`npm test: ${problem}\n`);
  // Interrupted: the shell's convention, 128 + the signal's number (130 for Ctrl-C).
  process.exitCode = stoppedBy ? 128 + os.constants.signals[stoppedBy] : failed.length > 0 ? 1 : 0;
});
