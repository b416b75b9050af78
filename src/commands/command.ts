import type { Command } from 'commander';

/**
 * How a command module hands its parsed options to the program. The module registers its commander
 * command, turns what commander parsed into its typed options object, and calls
 * `handle(name, options, execute)`; the program decides what happens then: `main` runs `execute`
 * and sets the exit code, `parseArguments` only records the options (in-process tests).
 */
export type Handle = <O>(name: string, options: O, execute: (options: O) => number | Promise<number>) => Promise<void>;

/** What every module in src/commands exports as `register`. */
export type Register = (program: Command, handle: Handle) => void;
