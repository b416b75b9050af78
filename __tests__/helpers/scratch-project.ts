import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A project outside the repository that installs the packed tarball as a user would, offline: its
 * lockfile names the tarball and, for every other package, the version and integrity of this repo's own
 * lockfile, so `npm ci --offline` takes them from the npm cache that this repo's `npm ci` filled.
 */
export const REPO = path.join(__dirname, '..', '..');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export interface Packed {
  file: string;
  size: number;
  unpackedSize: number;
  files: string[];
}

/** `npm pack` of the repo as it is built now (no scripts: the caller builds first). */
export function packTarball(destination: string): Packed {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: REPO, encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  return { file: path.join(destination, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path).sort() };
}

/** Every lock entry the named packages need, found the way Node resolves (nearest node_modules upward). */
function closure(packages: Record<string, LockEntry>, roots: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (from: string, name: string, optional: boolean): void => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (packages[key]) {
        if (found.has(key)) return;
        found.add(key);
        const entry = packages[key];
        for (const dep of Object.keys(entry.dependencies ?? {})) visit(key, dep, false);
        for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(key, dep, true);
        return;
      }
      if (!dir) break;
    }
    if (!optional) throw new Error(`package-lock.json has no entry for ${name} (needed from ${from || 'the root'})`);
  };
  for (const name of roots) visit('', name, false);
  return found;
}

/**
 * Writes package.json and package-lock.json into `dir` (the tarball as a dependency, `devDependencies`
 * at the versions of this repo's lockfile) and runs `npm ci --offline`.
 */
export function installScratch(dir: string, tarball: string, devDependencies: readonly string[]): void {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const root = lock.packages[''];
  const spec = `file:${path.relative(dir, tarball)}`;
  const dev = Object.fromEntries(devDependencies.map((name) => [name, lock.packages[`node_modules/${name}`].version!]));
  const packages: Record<string, LockEntry> = {
    '': { name: 'scratch', dependencies: { ipcbench: spec }, devDependencies: dev },
    'node_modules/ipcbench': {
      version: root.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`,
      dependencies: root.dependencies,
      bin: root.bin,
    },
  };
  const needed = closure(lock.packages, [...Object.keys(root.dependencies ?? {}), ...devDependencies]);
  // With the tarball's address and integrity npm takes it from the cache without asking for the
  // package's metadata (which npm caches per request kind, so it may be missing offline).
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/?$/, '/');
  for (const key of needed) {
    const { dev: _dev, ...entry } = lock.packages[key];
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[key] = { ...entry, resolved: entry.resolved ?? `${registry}${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, dependencies: { ipcbench: spec }, devDependencies: dev }, null, 2));
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'scratch', lockfileVersion: 3, requires: true, packages }, null, 2));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}
