import { runPlan } from '../runner';
import { getTransport } from '../transports';
import { resolveConfig } from '../config';
import { captureEnvironment } from '../measure/environment';
import { buildReport } from '../report/build';
import { writeJsonReport } from '../report/json';
import { resultTable, environmentLine } from '../report/console';
import { assertReport } from '../report/schema';
import { progress } from '../report/progress';
import { writeOutputs, type OutputOptions } from './outputs';
import type { RunConfig } from '../types';

export interface RunOptions extends Partial<RunConfig>, OutputOptions {
  transport: string[];
  json?: string;
  quiet?: boolean;
}

/** `ipcbench run`: measure, print, write reports. Returns the exit code (1 when a transport errored). */
export async function run(options: RunOptions): Promise<number> {
  const config = resolveConfig(options);
  const jsonToStdout = options.json === '-';
  // With --json - stdout carries the JSON alone; everything for people goes to stderr.
  const human = jsonToStdout ? process.stderr : process.stdout;
  const say = (line: string): void => {
    if (!options.quiet) human.write(`${line}\n`);
  };
  const env = captureEnvironment();
  say(environmentLine(env));
  const transports = options.transport.map(getTransport);
  const bar = progress({ total: transports.length * config.repeats, stream: human, quiet: options.quiet });
  const results = await runPlan(transports, config, bar.events).finally(() => bar.stop());
  const report = buildReport(env, config, options.transport, results);
  say(resultTable(results));
  if (jsonToStdout) {
    assertReport(report, 'the report');
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (options.json) {
    writeJsonReport(options.json, report);
    say(`wrote ${options.json}`);
  }
  writeOutputs(report, options, say);
  const errored = results.filter((r) => r.status === 'errored');
  for (const r of errored) if (r.status === 'errored') process.stderr.write(`ipcbench: ${r.error.message}\n`);
  return errored.length > 0 ? 1 : 0;
}
