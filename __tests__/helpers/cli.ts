import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with a hard time limit so a hang fails instead of blocking. */
export async function runCli(args: string[], timeoutMs = 30_000, cwd?: string): Promise<Finished> {
  const started = startCli(args, [], cwd);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
  const finished = await started.done;
  clearTimeout(timer);
  return finished;
}

/** Starts `prefix... node dist/cli.js args...` and collects its output. */
export function startCli(args: string[], prefix: string[] = [], cwd?: string): { child: ChildProcess; done: Promise<Finished>; stdout(): string; stderr(): string } {
  const argv = [...prefix, process.execPath, CLI, ...args];
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

/** Waits until `read()` matches `pattern`, or fails after `ms` with what was read. */
export async function waitForOutput(read: () => string, pattern: RegExp, ms = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms; got: ${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts `ipcbench serve` and resolves once it listens, with its port. */
export async function startServe(args: string[], prefix: string[] = []) {
  const serve = startCli(['serve', ...args], prefix);
  const [, port] = await waitForOutput(serve.stdout, /listening on \S+:(\d+)\n/);
  return { ...serve, port: Number(port) };
}

/**
 * A scratch folder for CLI tests (removed after the file's tests): `cli` runs the CLI there, so
 * relative output paths land in it; `file` writes an input file into it and returns its path.
 */
export function scratchCli(): { tmp: string; cli: (...args: string[]) => Promise<Finished>; file: (name: string, data: unknown) => string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  return {
    tmp,
    cli: (...args) => runCli(args, 60_000, tmp),
    file: (name, data) => {
      const target = path.join(tmp, name);
      fs.writeFileSync(target, typeof data === 'string' ? data : JSON.stringify(data));
      return target;
    },
  };
}

