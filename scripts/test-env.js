'use strict';
/**
 * The environment `npm test` gives the build, Jest and everything the specs start (scripts/test.js).
 *
 * - A scratch folder of its own as TMPDIR, on tmpfs (/dev/shm) when that has room: the specs create
 *   thousands of files (a packed tarball installed with its ~4,700 files, reports, sockets, graded
 *   programs' scratch folders), and on the reference machine's ext4 (mounted with `discard`) that cost
 *   ~4–6 s of CPU per run; the pack spec's `npm ci` alone spent 3.8 s in the kernel against 0.6 s on tmpfs. Fresh for each run
 *   and removed after it, so nothing a spec leaves (a program killed with SIGKILL cannot clean up) piles
 *   up; sticky and world-writable like /tmp, because one spec grades as an unprivileged user. A folder
 *   left by a run that was itself killed is removed by the next run (see `sweepStale`).
 * - No NODE_EXTRA_CA_CERTS: with it every Node.js process parses the whole CA bundle as it starts —
 *   `node -e 0` took 70 ms of CPU instead of 22 ms on the reference machine, whose environment sets
 *   it — and the suite starts ~450 Node.js processes (peers, CLIs, npm). Nothing in the suite speaks TLS;
 *   npm runs offline there.
 *
 * Jest and ts-node keep their caches where they would have been (under the usual temp folder): see
 * `cacheArgument` and V8_COMPILE_CACHE_CACHE_DIR below.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TMPFS_MAGIC = 0x01021994;
const MIN_FREE_BYTES = 1 << 30; // the suite writes ~60 MB; leave room for what else uses /dev/shm
const PREFIX = 'ipcbench-test-';
const STALE_AFTER_MS = 15 * 60 * 1000; // older than any run: a live run in another pid namespace is never touched

/** The folder to hold each run's scratch folder: a tmpfs with room, else the usual temp folder. */
function scratchParent(candidate = '/dev/shm') {
  try {
    const stats = fs.statfsSync(candidate);
    fs.accessSync(candidate, fs.constants.W_OK);
    if (stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= MIN_FREE_BYTES) return candidate;
  } catch {
    // no such folder, not writable, or statfs not offered: use the temp folder
  }
  return os.tmpdir();
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes scratch folders of earlier runs whose `npm test` is gone (killed before it could clean up). */
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
 * The test run's environment: `env` is what the children get, `remove()` deletes the scratch folder
 * (call it once every child has ended).
 */
function testEnvironment(base = process.env, parent = scratchParent()) {
  sweepStale(parent);
  const dir = fs.mkdtempSync(path.join(parent, `${PREFIX}${process.pid}-`));
  fs.chmodSync(dir, 0o1777);
  const { NODE_EXTRA_CA_CERTS: _slowStart, ...env } = base;
  // ts-node (it loads jest.config.ts) keeps compiled TypeScript under TMPDIR: keep it where it was (~0.3 s).
  const compileCache = path.join(os.tmpdir(), `v8-compile-cache-${process.getuid?.() ?? ''}`, process.versions.v8);
  return {
    dir,
    env: { V8_COMPILE_CACHE_CACHE_DIR: compileCache, ...env, TMPDIR: dir },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Jest's default cache folder is under TMPDIR; a fresh TMPDIR each run would start it cold every time
 * (ts-jest's compiled specs: ~5 s more on the reference machine). Keep it where Jest puts it by default, unless the caller chose one.
 */
function cacheArgument(jestArgs) {
  if (jestArgs.some((arg) => /^--cache(Directory|-directory)\b/.test(arg))) return [];
  // As jest-config's own default: <real temp folder>/jest_<uid in base 36>.
  const folder = path.join(fs.realpathSync(os.tmpdir()), 'jest');
  return [`--cacheDirectory=${process.getuid ? `${folder}_${process.getuid().toString(36)}` : folder}`];
}

module.exports = { testEnvironment, cacheArgument, scratchParent, sweepStale, PREFIX, STALE_AFTER_MS };
