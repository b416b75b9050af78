import { runPlan } from '../runner';
import { runPairs } from '../pairs';
import { getTransport } from '../transports';
import { resolveConfig, ConfigError } from '../config';
import { captureEnvironment } from '../measure/environment';
import { pinThisProcess, type PinMode } from '../measure/pinning';
import { buildReport } from '../report/build';
import { writeJsonReport } from '../report/json';
import { resultTable, environmentLine } from '../report/console';
import { assertReport } from '../report/schema';
import { progress } from '../report/progress';
import { remoteTransports } from './connect';
import { writeOutputs, type OutputOptions } from './outputs';
import type { BenchResult, RunConfig, Transport } from '../types';
import type { RunnerEvents } from '../runner';

export interface RunOptions extends Partial<Omit<RunConfig, 'pin'>>, OutputOptions {
  transport: string[];
  json?: string;
  quiet?: boolean;
  pin?: PinMode;
  pairs?: number;
  /** host:port of an `ipcbench serve`, and its token. */
  connect?: string;
  token?: string;
}

/** `ipcbench run`: measure, print, write reports. Returns the exit code (1 when a transport errored). */
export async function run(options: RunOptions): Promise<number> {
  const pairs = options.pairs ?? 1;
  if (pairs > 1 && options.payloadBytes) throw new ConfigError('--pairs measures the classic wire; run the payload sweep without --pairs');
  const config = resolveConfig({ ...options, pin: pinThisProcess(options.pin ?? 'none') });
  const jsonToStdout = options.json === '-';
  // With --json - stdout carries the JSON alone; everything for people goes to stderr.
  const human = jsonToStdout ? process.stderr : process.stdout;
  const say = (line: string): void => {
    if (!options.quiet) human.write(`${line}\n`);
  };
  const env = captureEnvironment();
  say(environmentLine(env));
  const transports = options.connect ? remoteTransports(options) : options.transport.map(getTransport);
  const cells = transports.length * (config.payloadBytes?.length ?? 1) * config.repeats * pairs; // one event per pair and repeat
  const bar = progress({ total: cells, stream: human, quiet: options.quiet });
  const results = await measure(transports, config, pairs, bar.events).finally(() => bar.stop());
  const report = buildReport(env, config, options.transport, results, config.payloadBytes);
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

/** One pair: interleaved repeats across transports. N pairs: each transport in turn, its pairs at once. */
async function measure(transports: Transport[], config: RunConfig, pairs: number, events: RunnerEvents): Promise<BenchResult[]> {
  if (pairs <= 1) return runPlan(transports, config, { events });
  const results: BenchResult[] = [];
  for (const transport of transports) results.push(await runPairs(transport, config, pairs, events));
  return results;
}
