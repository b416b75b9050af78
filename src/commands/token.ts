import { UsageError } from '../errors';
import { readInputFile } from '../input-file';

/** The environment variable `run --connect` and `serve` read the token from when no flag names one. */
export const TOKEN_ENV = 'IPCBENCH_TOKEN';
const MAX_TOKEN_FILE_BYTES = 4096;

/** The token flags of `run` and `serve`. */
export interface TokenFlags {
  token?: string;
  tokenFile?: string;
}

/** A token the user chose, and where it came from (to name in messages instead of the token itself). */
export interface ChosenToken {
  token: string;
  from: string;
}

/** Help text shared by the two commands, so they explain the same three ways the same way. */
export const TOKEN_HELP = {
  /** Why argv is the worst of the three places for a secret. */
  argvNote: `visible in the process list: prefer --token-file or $${TOKEN_ENV}`,
  tokenFile: 'read the token from the first line of this file',
};

/**
 * The token from --token, --token-file or $IPCBENCH_TOKEN, in that order; undefined when none is set.
 * Naming both flags is a usage error; the environment is only a fallback.
 */
export function chosenToken(flags: TokenFlags, env: NodeJS.ProcessEnv = process.env): ChosenToken | undefined {
  if (flags.token !== undefined && flags.tokenFile !== undefined) throw new UsageError('--token and --token-file both name a token; give one');
  let chosen: ChosenToken | undefined;
  if (flags.token !== undefined) chosen = { token: flags.token, from: '--token' };
  else if (flags.tokenFile !== undefined) {
    const text = readInputFile(flags.tokenFile, MAX_TOKEN_FILE_BYTES, `--token-file ${flags.tokenFile}`);
    chosen = { token: text.split(/\r?\n/)[0], from: `the token in ${flags.tokenFile}` };
  } else if (env[TOKEN_ENV] !== undefined) chosen = { token: env[TOKEN_ENV], from: TOKEN_ENV };
  if (chosen) checkToken(chosen);
  return chosen;
}

/** Tokens travel as one line of printable ASCII. */
export function checkToken({ token, from }: ChosenToken): void {
  if (!/^[\x21-\x7e]{1,128}$/.test(token)) throw new UsageError(`${from} must be 1 to 128 printable characters without spaces`);
}
