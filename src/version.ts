import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package version, read from package.json (same relative path from src/ and dist/). */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
