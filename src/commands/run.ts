import { runPlan } from '../runner';
import { formatBytes } from '../measure/units';
import { getTransport } from '../transports';
import { resolveConfig } from '../config';
import { captureEnvironment } from '../measure/environment';
import { buildReport } from '../report/build';
import { writeJsonReport } from '../report/json';
import { resultTable, environmentLine, formatNumber } from '../report/console';
import { assertReport } from '../report/schema';
import type { RunConfig } from '../types';

export interface RunOptions extends Partial<RunConfig> {
  transport: string[];
  json?: string;
  quiet?: boolean;
}

/** `ipcbench run`: measure, print, write reports. Returns the exit code (1 when a transport errored). */
export async function run(options: RunOptions): Promise<number> {
  const config = resolveConfig(options);
  const jsonToStdout = options.json === '-';
  // With --json - stdout carries the JSON alone; everything for people goes to stderr.
  const say = (line: string): void => {
    if (!options.quiet) (jsonToStdout ? process.stderr : process.stdout).write(`${line}\n`);
  };
  const env = captureEnvironment();
  say(environmentLine(env));
  const transports = options.transport.map(getTransport);
  const results = await runPlan(transports, config, {
    repeatDone: (transport, repeat, of, sample, payload) =>
      say(`${transport}${payload === undefined ? '' : ` ${formatBytes(payload)}`} ${repeat}/${of}: ${formatNumber(sample.roundTripsPerSec)} round trips/s`),
  });
  const report = buildReport(env, config, options.transport, results, config.payloadBytes);
  say(resultTable(results));
  if (jsonToStdout) {
    assertReport(report, 'the report');
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (options.json) {
    writeJsonReport(options.json, report);
    say(`wrote ${options.json}`);
  }
  const errored = results.filter((r) => r.status === 'errored');
  for (const r of errored) if (r.status === 'errored') process.stderr.write(`ipcbench: ${r.error.message}\n`);
  return errored.length > 0 ? 1 : 0;
}
