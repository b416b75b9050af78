import { writeFileAtomic } from './json';

/** The path every output flag accepts for "standard output". Decided here, once, for every writer. */
export const STDOUT_PATH = '-';

/** Where one output goes: a file written atomically, or stdout for "-". */
export interface OutputTarget {
  /** The flag that asked for it, e.g. "--json". */
  flag: string;
  /** As the user gave it. */
  path: string;
  toStdout: boolean;
  write(text: string): void;
}

export function outputTarget(flag: string, path: string): OutputTarget {
  const toStdout = path === STDOUT_PATH;
  return {
    flag,
    path,
    toStdout,
    write: (text) => {
      if (toStdout) process.stdout.write(text);
      else writeFileAtomic(path, text);
    },
  };
}

/**
 * The outputs of one command, from its flags (`{ '--json': options.json, ... }`, unset ones ignored),
 * and where the text for people goes: stdout, or stderr when stdout carries an output so that it
 * stays machine-readable; nothing but errors when quiet.
 */
export class Outputs {
  readonly targets: OutputTarget[];
  readonly human: NodeJS.WriteStream;

  /** `print` replaces the human stream (in-process callers collect the lines). */
  constructor(
    flags: Record<string, string | undefined>,
    private readonly quiet = false,
    private readonly print?: (line: string) => void,
  ) {
    this.targets = Object.entries(flags)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([flag, path]) => outputTarget(flag, path));
    this.human = this.targets.some((t) => t.toStdout) ? process.stderr : process.stdout;
  }

  /** One line for people (progress, tables, "wrote x"). */
  say(line: string): void {
    if (this.quiet) return;
    if (this.print) this.print(line);
    else this.human.write(`${line}\n`);
  }

  /** Writes `render()` to the output `flag` asked for, if it was asked for, and says where it went. */
  write(flag: string, render: () => string, what = ''): void {
    const target = this.targets.find((t) => t.flag === flag);
    if (!target) return;
    target.write(render());
    if (!target.toStdout) this.say(`wrote ${target.path}${what && ` (${what})`}`);
  }
}
