import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import { runProgram } from '../../src/cli';

/**
 * Runs a CLI command in this process, as `node dist/cli.js args...` would, and returns its exit code,
 * stdout and stderr: for specs about what a command says and which code it ends with, where starting
 * a process (~0.3 s CPU each) adds nothing. What is about the process itself — signals, the exit code
 * the OS sees, stdout/stderr routing of the real binary — stays with `runCli` (helpers/cli.ts), one
 * real spawn per behaviour.
 *
 * Output is captured per call (AsyncLocalStorage), so concurrent tests each see only their own; any
 * other write passes through. The program and its error mapping are `main`'s (runProgram in src/cli.ts).
 */
export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

interface Capture {
  stdout: string;
  stderr: string;
}

const current = new AsyncLocalStorage<Capture>();
let active = 0;
let restore: (() => void) | undefined;

function capture(): void {
  if (active++ > 0) return;
  const streams = [
    [process.stdout, 'stdout'],
    [process.stderr, 'stderr'],
  ] as const;
  const originals = streams.map(([stream, name]) => {
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      const store = current.getStore();
      if (!store) return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      store[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      if (callback) process.nextTick(callback);
      return true;
    } as typeof stream.write;
    return original;
  });
  // Jest's console buffers and never reaches process.stdout: commands that print with console.* would
  // escape the capture (and a check that stdout is empty would pass without looking).
  const printers = [
    ['log', 'stdout'],
    ['info', 'stdout'],
    ['error', 'stderr'],
    ['warn', 'stderr'],
  ] as const;
  const consoles = printers.map(([method, name]) => {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      const store = current.getStore();
      if (!store) return original.apply(console, args);
      store[name] += `${format(...args)}\n`;
    };
    return original;
  });
  restore = () => {
    streams.forEach(([stream], i) => (stream.write = originals[i] as typeof stream.write));
    printers.forEach(([method], i) => (console[method] = consoles[i]));
  };
}

function release(): void {
  if (--active > 0) return;
  restore?.();
  restore = undefined;
}

export async function cliInProcess(...args: string[]): Promise<InProcessRun> {
  const out: Capture = { stdout: '', stderr: '' };
  capture();
  try {
    const code = await current.run(out, () =>
      runProgram(args, { writeOut: (text) => void (out.stdout += text), writeErr: (text) => void (out.stderr += text) }),
    );
    return { code, ...out };
  } finally {
    release();
  }
}
