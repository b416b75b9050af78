import { runPlan, type RunnerEvents } from '../runner';
import { findTransport } from '../transports';
import { resolveTransportList } from '../contract/transport-list';
import { isDefinedTransport } from '../contract/define';
import { nearestPackage } from '../contract/plugins';
import { resolveConfig } from '../config';
import { checkSpinBudgets, withSpinBudgets } from '../transports/spin-budget-sweep';
import { UsageError } from '../errors';
import { insidePeer } from '../contract/in-peer';
import { captureEnvironment } from '../measure/environment';
import { buildReport } from '../report/build';
import type { MessageShape, PluginSource, Report, RunConfig, Transport } from '../types';

/** What to measure and how; every figure option falls back to the CLI's default. */
export interface RunOptions extends Partial<Omit<RunConfig, 'pin' | 'payloadBytes'>> {
  /**
   * Transports to measure, at least one: registered names (`'tcp'`), paths of plug-in modules
   * (`'./my-transport.js'`, relative to the working directory, as `ipcbench run -t` takes them), or
   * transports made by `defineTransport`.
   */
  transports: ReadonlyArray<string | Transport>;
  /**
   * Payload sweep on the binary wire: bytes per message, e.g. `[0, 64, 65536]`. Absent: the classic
   * wire (a bare counter), as `ipcbench run` without `--payload`.
   */
  payloadBytes?: readonly number[];
  /** What a payload message is: `'bytes'` (default) or `'object'` (a JSON-like object of records, message transports). */
  message?: MessageShape;
  /** Called after every repeat and for every finished result (progress, logging); never computes figures. */
  events?: RunnerEvents;
  /** Aborting it stops the run at once and kills its peers; `run()` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs a plan and returns the report object `ipcbench run --json` would write: every transport ×
 * payload size, `repeats` times with a fresh peer each, interleaved. A transport that fails is recorded
 * as an errored result (the others go on); a transport this platform cannot run is recorded as skipped.
 * Rejects with a `UsageError` for bad options, an unknown name (naming the known ones) or no transports, and an
 * `InputError` for a plug-in module that cannot be loaded. Called inside a peer (whose module's top level
 * runs again there), it rejects with a UsageError instead of starting peers of its own.
 *
 * @example
 * ```js
 * const { run } = require('ipcbench');
 * const report = await run({ transports: ['tcp', 'unix'], roundTrips: 2000, repeats: 3 });
 * for (const r of report.results) if (r.status === 'completed') console.log(r.transport, r.roundTripsPerSec.median);
 * ```
 */
export async function run(options: RunOptions): Promise<Report> {
  if (insidePeer()) {
    throw new UsageError("run() was called inside a peer: the peer loads the transport's module again to find it, so its top level runs there too; call run() only where the module is the program (e.g. if (require.main === module)) or from another file");
  }
  if (!options || !Array.isArray(options.transports) || options.transports.length === 0) {
    throw new UsageError('run() needs { transports: [...] } naming at least one transport');
  }
  const { roundTrips, warmup, repeats, readyTimeoutMs, stepTimeoutMs, sampleEvery, payloadBytes, message, spinBudgetMicros } = options;
  if (message !== undefined && message !== 'bytes' && message !== 'object') throw new UsageError(`message must be 'bytes' or 'object', got ${JSON.stringify(message)}`);
  const config = resolveConfig({
    roundTrips,
    warmup,
    repeats,
    readyTimeoutMs,
    stepTimeoutMs,
    sampleEvery,
    payloadBytes: payloadBytes && [...payloadBytes],
    message,
  });
  const { transports: listed, plugins } = await resolveTransports(options.transports);
  if (spinBudgetMicros !== undefined) config.spinBudgetMicros = checkSpinBudgets(spinBudgetMicros, listed);
  const transports = withSpinBudgets(listed, config.spinBudgetMicros);
  const env = captureEnvironment();
  const results = await runPlan(transports, config, { events: options.events, signal: options.signal });
  const report = buildReport(env, config, transports.map((t) => t.name), results, config.payloadBytes);
  return plugins.length > 0 ? { ...report, plugins } : report;
}

/** Names and paths as `-t` resolves them; a defined transport that is not a registered one is recorded as a plug-in. */
async function resolveTransports(entries: ReadonlyArray<string | Transport>): Promise<{ transports: Transport[]; plugins: PluginSource[] }> {
  const transports: Transport[] = [];
  const plugins: PluginSource[] = [];
  for (const entry of entries) {
    const resolved = typeof entry === 'string' ? await resolveTransportList([entry]) : { transports: [entry], plugins: ownPlugin(entry) };
    transports.push(...resolved.transports);
    plugins.push(...resolved.plugins.filter((p) => !plugins.some((q) => q.transport === p.transport)));
  }
  return { transports, plugins };
}

function ownPlugin(transport: Transport): PluginSource[] {
  if (!isDefinedTransport(transport) || findTransport(transport.name) === transport) return [];
  return [{ transport: transport.name, path: transport.module, package: nearestPackage(transport.module) }];
}
