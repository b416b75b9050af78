import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file that called into this folder (defineTransport's caller), read from the V8 call sites: the
 * peer loads that file to find the definition. ESM callers give a file: URL, turned into a path.
 */
export function callerFile(): string | undefined {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    const frames = new Error().stack as unknown as NodeJS.CallSite[];
    for (const frame of frames) {
      const name = frame.getFileName();
      if (!name || name.startsWith('node:')) continue;
      const file = name.startsWith('file:') ? fileURLToPath(name) : name;
      if (path.dirname(file) !== __dirname) return file;
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = original;
  }
}

/**
 * A file a peer (plain Node) can load for `file`: itself, or for a TypeScript source inside a package's
 * src/ folder, its compiled twin in dist/ (ipcbench's own transports under ts-jest).
 */
export function loadableFile(file: string): string {
  if (!/\.[cm]?ts$/.test(file)) return file;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
    const relative = path.relative(path.join(dir, 'src'), file);
    if (relative.startsWith('..')) return file;
    const compiled = path.join(dir, 'dist', relative.replace(/\.([cm]?)ts$/, '.$1js'));
    return fs.existsSync(compiled) ? compiled : file;
  }
  return file;
}
