import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** scripts/test-env.js: the environment `npm test` gives its children (fresh tmpfs TMPDIR, no slow-start variables). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const testEnv = require('../../scripts/test-env.js') as {
  testEnvironment(base: NodeJS.ProcessEnv, tmpfs: string | null): { dir: string | undefined; env: NodeJS.ProcessEnv; remove(): void };
  cacheArgument(args: string[]): string[];
  roomyTmpfs(candidate: string): string | undefined;
  canExecuteIn(dir: string): boolean;
  sweepStale(parent: string, now?: number): string[];
  PREFIX: string;
  STALE_AFTER_MS: number;
};

let parent: string;
beforeEach(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'test-env-spec-'));
});
afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

test('on a suitable tmpfs the children get a fresh, sticky, world-writable TMPDIR named after this run, and no NODE_EXTRA_CA_CERTS', () => {
  const base = { PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', TMPDIR: '/elsewhere' };
  const scratch = testEnv.testEnvironment(base, parent);
  expect(path.dirname(scratch.dir!)).toBe(parent);
  expect(path.basename(scratch.dir!)).toMatch(new RegExp(`^${testEnv.PREFIX}${process.pid}-[A-Za-z0-9]{6}$`));
  expect(fs.statSync(scratch.dir!).mode & 0o7777).toBe(0o1777);
  expect(fs.readdirSync(scratch.dir!)).toEqual([]); // the exec probe is gone
  expect(scratch.env).toEqual({ PATH: '/usr/bin', TMPDIR: scratch.dir, V8_COMPILE_CACHE_CACHE_DIR: expect.stringContaining(os.tmpdir()) });
  expect(base.NODE_EXTRA_CA_CERTS).toBeDefined(); // the caller's own environment is left as it was

  fs.writeFileSync(path.join(scratch.dir!, 'left-by-a-spec'), 'x');
  scratch.remove();
  expect(fs.existsSync(scratch.dir!)).toBe(false);
});

test('without a suitable tmpfs TMPDIR stays as it is (a folder nested in any temp folder could make socket paths too long)', () => {
  const scratch = testEnv.testEnvironment({ TMPDIR: '/some/tmp', NODE_EXTRA_CA_CERTS: '/x.pem' }, null);
  expect(scratch.dir).toBeUndefined();
  expect(scratch.env).toEqual({ TMPDIR: '/some/tmp', V8_COMPILE_CACHE_CACHE_DIR: expect.any(String) });
  expect(() => scratch.remove()).not.toThrow();
});

test('a Node.js child started in that environment has its temp folder there', () => {
  const scratch = testEnv.testEnvironment(process.env, parent);
  const child = spawnSync(process.execPath, ['-e', 'console.log(require("os").tmpdir(), process.env.NODE_EXTRA_CA_CERTS === undefined)'], { env: scratch.env, encoding: 'utf8' });
  expect(child.stdout.trim()).toBe(`${scratch.dir} true`);
  scratch.remove();
});

test('only a writable tmpfs with room is taken, and only where programs may run', () => {
  expect(testEnv.roomyTmpfs('/proc')).toBeUndefined(); // not a tmpfs
  expect(testEnv.roomyTmpfs(path.join(parent, 'missing'))).toBeUndefined();
  const shm = '/dev/shm';
  if (fs.existsSync(shm) && fs.statfsSync(shm).type === 0x01021994 && fs.statfsSync(shm).bavail * fs.statfsSync(shm).bsize >= 1 << 30) {
    expect(testEnv.roomyTmpfs(shm)).toBe(shm);
  }
  expect(testEnv.canExecuteIn(parent)).toBe(true);
  expect(testEnv.canExecuteIn(path.join(parent, 'missing'))).toBe(false);
  expect(fs.readdirSync(parent)).toEqual([]);
});

describe('folders left by a run that was killed', () => {
  const old = Date.now() + testEnv.STALE_AFTER_MS + 60_000; // "now", as seen long after the folders were made
  const make = (name: string): string => {
    const dir = path.join(parent, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    return dir;
  };
  // A pid that is not running: a child that has exited (and been reaped).
  const deadPid = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();

  test('are removed by the next run when their run is gone and they are old', () => {
    const stale = make(`${testEnv.PREFIX}${deadPid}-abcDEF`);
    expect(testEnv.sweepStale(parent, old)).toEqual([stale]);
    expect(fs.existsSync(stale)).toBe(false);
  });

  test('are kept while their run lives, while they are young, or when they are not such folders', () => {
    const live = make(`${testEnv.PREFIX}${process.pid}-abcDEF`);
    const young = make(`${testEnv.PREFIX}${deadPid}-young1`);
    const other = make(`not-${testEnv.PREFIX}${deadPid}-abcDEF`);
    fs.symlinkSync(other, path.join(parent, `${testEnv.PREFIX}${deadPid}-link00`));
    expect(testEnv.sweepStale(parent)).toEqual([]); // the dead run's folder is young yet
    expect(testEnv.sweepStale(parent, old)).toEqual([young]); // and only it goes once old
    for (const dir of [live, other]) expect(fs.existsSync(path.join(dir, 'file'))).toBe(true);
  });
});

test("Jest's cache stays in its usual folder, unless the arguments choose one", () => {
  const [argument] = testEnv.cacheArgument(['--selectProjects', 'unit']);
  expect(argument).toMatch(/^--cacheDirectory=.*\/jest(_[0-9a-z]+)?$/);
  expect(testEnv.cacheArgument(['--cacheDirectory=/x'])).toEqual([]);
  expect(testEnv.cacheArgument(['--cacheDirectory', '/x'])).toEqual([]);
});
