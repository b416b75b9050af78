import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectRuntime, runtimeLabel } from '../../src/measure/runtime';
import { captureEnvironment } from '../../src/measure/environment';
import { runtimeWords } from '../../src/report/labels';

/**
 * Runtime detection: this process is Node; Bun and Deno (which both report a Node version in
 * process.version) are named as themselves. Those two are checked with the real binaries when
 * IPCBENCH_BUN / IPCBENCH_DENO name them or they are on PATH, and skipped with the reason otherwise
 * (they are ~100 MB each, so CI does not install them).
 */
const RUNTIME_JS = path.join(__dirname, '..', '..', 'dist', 'measure', 'runtime.js');

function findBinary(envVar: string, name: string): string | undefined {
  const given = process.env[envVar];
  if (given) return fs.existsSync(given) ? given : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

it('this process is Node, with its version and executable, and the environment records it', () => {
  expect(detectRuntime()).toEqual({ name: 'node', version: process.version.slice(1), executable: process.execPath });
  expect(captureEnvironment().runtime).toEqual(detectRuntime());
  expect(runtimeLabel(detectRuntime())).toBe(`node ${process.version.slice(1)}`);
});

it('a Bun or Deno environment is never worded as Node', () => {
  expect(runtimeWords({ node: 'v24.3.0', runtime: { name: 'bun', version: '1.4.5' } })).toBe('bun 1.4.5 (Node v24.3.0 API)');
  expect(runtimeWords({ node: 'v20.20.0' })).toBe('Node v20.20.0'); // reports from before the runtime was recorded
});

const runtimes = [
  { name: 'bun', binary: findBinary('IPCBENCH_BUN', 'bun'), args: (file: string) => ['-e', `console.log(JSON.stringify(require(${JSON.stringify(file)}).detectRuntime()))`] },
  { name: 'deno', binary: findBinary('IPCBENCH_DENO', 'deno'), args: (file: string) => ['eval', `import { createRequire } from "node:module"; console.log(JSON.stringify(createRequire(import.meta.url)(${JSON.stringify(file)}).detectRuntime()))`] },
];

describe.each(runtimes)('$name, with the real binary', ({ name, binary, args }) => {
  if (!binary) {
    it.skip(`skipped: no ${name} binary (set IPCBENCH_${name.toUpperCase()} or put it on PATH)`, () => undefined);
    return;
  }
  it(`detects ${name}, not Node`, () => {
    const out = execFileSync(binary, args(RUNTIME_JS), { encoding: 'utf8', timeout: 30_000 });
    const runtime = JSON.parse(out.trim().split('\n').pop()!) as { name: string; version: string; executable: string };
    expect(runtime.name).toBe(name);
    expect(runtime.version).toMatch(/^\d+\.\d+/);
    expect(fs.realpathSync(runtime.executable)).toBe(fs.realpathSync(binary));
  });
});
