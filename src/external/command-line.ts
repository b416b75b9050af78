/**
 * Splits a `--cmd` command line into argv *without a shell*: no variable expansion, globbing, pipes,
 * redirections or command substitution, so a command line can never run more than the one program it
 * names. Quoting follows POSIX sh for the common cases: '...' is literal, "..." allows \" \\ \$ \`,
 * a backslash outside quotes escapes the next character. Placeholders such as {port} are substituted
 * *after* splitting, inside single arguments, so a substituted value can never add arguments.
 */

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

/** Characters a shell would give meaning to; unquoted, they are refused rather than silently passed on. */
const SHELL_OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);

export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) current += line[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inArg = true;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new CommandLineError('the command line ends with a lone backslash');
      current += line[++i];
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else if (SHELL_OPERATORS.has(ch)) {
      throw new CommandLineError(
        `"${ch}" is a shell operator, but the command is run without a shell; quote it to pass it as text, or wrap the pipeline in a script`,
      );
    } else {
      current += ch;
      inArg = true;
    }
  }
  if (quote) throw new CommandLineError(`unterminated ${quote === "'" ? 'single' : 'double'} quote in the command line`);
  if (inArg) args.push(current);
  if (args.length === 0) throw new CommandLineError('the command line is empty');
  return args;
}

/** Replaces {name} placeholders in every argument; an unknown {name} is an error, not left in place. */
export function substitute(args: readonly string[], values: Readonly<Record<string, string>>): string[] {
  return args.map((arg) =>
    arg.replace(/\{([a-z]+)\}/g, (whole, name: string) => {
      if (!(name in values)) throw new CommandLineError(`unknown placeholder ${whole}; known: ${Object.keys(values).map((k) => `{${k}}`).join(', ')}`);
      return values[name];
    }),
  );
}
