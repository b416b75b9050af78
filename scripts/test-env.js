'use strict';
/**
 * The environment `npm test` gives the build, Jest and everything the specs start (scripts/test.js).
 *
 * - A scratch folder of its own as TMPDIR on tmpfs (/dev/shm), when that is a tmpfs with room that lets
 *   programs run: the specs create thousands of files (a packed tarball installed with its ~4,700 files,
 *   reports, sockets, graded programs' scratch folders), and on the reference machine's ext4 (mounted with
 *   `discard`) that cost ~4–6 s of CPU per run; the pack spec's `npm ci` alone spent 3.8 s in the kernel
 *   against 0.6 s on tmpfs. Fresh for each run and removed after it, so nothing a spec leaves (a program
 *   killed with SIGKILL cannot clean up) piles up; sticky and world-writable like /tmp, because one spec
 *   grades as an unprivileged user. A folder left by a run that was itself killed is removed by the next
 *   run (`sweepStale`). Elsewhere (no /dev/shm, Docker's 64 MiB one, mounted noexec) TMPDIR stays as it
 *   is: nesting a folder in an arbitrary temp folder could push unix socket paths past their 103-byte
 *   limit (macOS's temp folder alone is ~50 bytes).
 * - No NODE_EXTRA_CA_CERTS: with it every Node.js process parses the whole CA bundle as it starts —
 *   `node -e 0` took 70 ms of CPU instead of 22 ms on the reference machine, whose environment sets
 *   it — and the suite starts ~450 Node.js processes (peers, CLIs, npm). Nothing in the suite speaks TLS;
 *   npm runs offline there.
 *
 * Jest's cache and the V8 code cache ts-node keeps for the TypeScript compiler (it loads jest.config.ts)
 * stay where they would have been, under the usual temp folder: `cacheArgument`, V8_COMPILE_CACHE_CACHE_DIR.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SHM = '/dev/shm';
const TMPFS_MAGIC = 0x01021994;
const MIN_FREE_BYTES = 1 << 30; // the suite writes ~60 MB; leave room for what else uses /dev/shm
const PREFIX = 'ipcbench-test-';
const STALE_AFTER_MS = 15 * 60 * 1000; // older than any run: a live run in another pid namespace is never touched

/** `candidate` when it is a writable tmpfs with room, else undefined. */
function roomyTmpfs(candidate = SHM) {
  try {
    const stats = fs.statfsSync(candidate);
    fs.accessSync(candidate, fs.constants.W_OK);
    return stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= MIN_FREE_BYTES ? candidate : undefined;
  } catch {
    return undefined; // no such folder, not writable, or statfs not offered
  }
}

/** Whether programs can be run from `dir` (the specs run compiled lab programs and npm-installed ones): not noexec. */
function canExecuteIn(dir) {
  const probe = path.join(dir, 'exec-probe');
  try {
    fs.writeFileSync(probe, '#!/bin/sh\n', { mode: 0o700 });
    fs.accessSync(probe, fs.constants.X_OK); // access(2) answers EACCES on a noexec mount
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Removes scratch folders of earlier runs whose `npm test` is gone (killed before it could clean up).
 * The same rules as src/process/stale-dirs.ts, which ipcbench itself uses for its own folders (this
 * script runs before the build, so it cannot load that one): keep the two alike.
 */
function sweepStale(parent, now = Date.now()) {
  let names = [];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return [];
  }
  const removed = [];
  for (const name of names) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-[A-Za-z0-9]{6}$`).exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    const dir = path.join(parent, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.() || now - stat.mtimeMs < STALE_AFTER_MS) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return removed;
}

/**
 * The test run's environment; `tmpfs` is where to make the run's TMPDIR (null: nowhere). `env` is what
 * the children get, `dir` the run's own TMPDIR (undefined when TMPDIR is left as it is), `remove()`
 * deletes it (call it once every child has ended; it throws nothing, it says what it could not remove).
 */
function testEnvironment(base = process.env, tmpfs = roomyTmpfs()) {
  const { NODE_EXTRA_CA_CERTS: _slowStart, ...env } = base;
  const compileCache = path.join(os.tmpdir(), process.getuid ? `v8-compile-cache-${process.getuid()}` : 'v8-compile-cache', process.versions.v8);
  const kept = { V8_COMPILE_CACHE_CACHE_DIR: compileCache, ...env };
  if (fs.existsSync(SHM)) sweepStale(SHM); // whether or not it is used this time
  if (tmpfs && tmpfs !== SHM) sweepStale(tmpfs);
  if (!tmpfs) return { dir: undefined, env: kept, remove: () => undefined };
  const dir = fs.mkdtempSync(path.join(tmpfs, `${PREFIX}${process.pid}-`));
  if (!canExecuteIn(dir)) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { dir: undefined, env: kept, remove: () => undefined };
  }
  fs.chmodSync(dir, 0o1777);
  const remove = () => {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      process.stderr.write(`npm test: could not remove the run's temp folder ${dir}: ${error.message} (the next run removes it)\n`);
    }
  };
  return { dir, env: { ...kept, TMPDIR: dir }, remove };
}

/**
 * Jest's default cache folder is under TMPDIR; a fresh TMPDIR each run would start it cold every time
 * (ts-jest's compiled specs: ~5 s more on the reference machine). Keep it where Jest puts it by default,
 * unless the arguments choose one.
 */
function cacheArgument(jestArgs) {
  if (jestArgs.some((arg) => /^--cache(Directory|-directory)\b/.test(arg))) return [];
  // As jest-config's own default: <real temp folder>/jest_<uid in base 36>.
  let tmp = os.tmpdir();
  try {
    tmp = fs.realpathSync(tmp);
  } catch {
    // as Jest does: the path as given
  }
  const folder = path.join(tmp, 'jest');
  return [`--cacheDirectory=${process.getuid ? `${folder}_${process.getuid().toString(36)}` : folder}`];
}

module.exports = { testEnvironment, cacheArgument, roomyTmpfs, canExecuteIn, sweepStale, PREFIX, STALE_AFTER_MS };
