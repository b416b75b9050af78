/**
 * The errors ipcbench raises on purpose. Each carries the exit code the CLI ends with and, where it
 * wraps a lower-level failure, that failure as `cause` (so the one-line message stays readable and the
 * detail is still there for a debugger). The CLI maps any error to its exit code through the base class
 * (`exitCodeOf`), never through a chain of `instanceof` checks.
 */

/** Exit codes of the CLI; documented in `ipcbench --help`. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** The terminal hung up (SIGHUP) or the process that started ipcbench is gone. */
  hangup: 129,
  sigint: 130,
  /** Whoever read stdout stopped reading (`| head -1`): 128 + SIGPIPE, as a Unix tool killed by SIGPIPE. */
  brokenPipe: 141,
  sigterm: 143,
} as const;

/** Options of the {@link IpcBenchError} constructors. */
export interface IpcBenchErrorOptions {
  cause?: unknown;
  /** Defaults to EXIT.failed. */
  exitCode?: number;
  /** The message was already shown (commander prints its own usage errors): only the exit code counts. */
  reported?: boolean;
}

/** Base of every error the harness raises on purpose. */
export class IpcBenchError extends Error {
  readonly exitCode: number;
  readonly reported: boolean;

  constructor(message: string, options: IpcBenchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.reported = options.reported ?? false;
  }
}

/** Bad usage: a flag, an option value or a combination of them (exit 2). Nothing has been measured yet. */
export class UsageError extends IpcBenchError {
  constructor(message: string, options: Omit<IpcBenchErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: EXIT.usage });
  }
}

/** Bad input: a file that cannot be read or is not what it should be, an unusable output path (exit 2). */
export class InputError extends IpcBenchError {
  constructor(message: string, options: Omit<IpcBenchErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: EXIT.usage });
  }
}

/** The run itself failed: a peer misbehaved, a write failed after measuring (exit 1). */
export class RunError extends IpcBenchError {
  constructor(message: string, options: Omit<IpcBenchErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: EXIT.failed });
  }
}

/** The exit code for any thrown value: an IpcBenchError says its own, anything else is a failed run. */
export function exitCodeOf(error: unknown): number {
  return error instanceof IpcBenchError ? error.exitCode : EXIT.failed;
}

/** The one line the CLI prints for `error` (without the "ipcbench: " prefix). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
