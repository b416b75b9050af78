/**
 * ipcbench: honest benchmarks of inter-process communication on Node.js.
 *
 * The public API, and all of it: define and register transports, run a plan and get the report object,
 * render and write reports, compare two reports (the regression gate), and the error classes. Everything else in the package is private
 * (the `exports` map of package.json blocks deep imports). Jest helpers live in `ipcbench/jest`.
 * @packageDocumentation
 */

// Run a plan → the report object.
export { run, type RunOptions } from './api/run';
export type { RunnerEvents, RepeatSample } from './runner';
export { VERSION } from './version';

// The report object and its parts (schemaVersion 1, schema/report.schema.json).
export type { Report, BenchResult, CompletedResult, ErroredResult, SkippedResult, PairsFigure, PluginSource, RunSetup, Summary, Latency, Environment, RunConfig, Placement } from './report-types';
export type { Runtime, RuntimeName } from './measure/runtime';

// Define and register transports: the public transport contract.
export { defineTransport, isDefinedTransport, type DefinedTransport } from './contract/define';
export { register, getTransport, findTransport, transportNames, allTransports } from './transports';
export { streamEnd, type StreamEndOptions, type StreamPair } from './contract/stream-end';
export type { TransportDefinition, End, EndContext, ParentContext, PeerContext, StartedPeer, SpawnOptions, Message, MessageKind } from './contract/types';
export type { Transport, Connection, Channel, PeerHandle, PeerExit, OpenOptions, MessageShape, PayloadMessage, WaitStrategy, Framing, Step, DriveResult } from './runtime-types';

// Render and write reports.
export { writeJsonReport, readJsonReport } from './report/json';
export { reportProblems, assertReport, SCHEMA_PATH } from './report/schema';
export { resultTable } from './report/console';
export { reportMarkdown, gateMarkdown } from './report/markdown';
export { writeHtmlReport } from './report/html';
export { trackerExport, TRACKER_FORMATS, type TrackerFormat } from './report/trackers';

// Compare two reports: the regression gate.
export { compareReports, DEFAULT_GATE, type GateSettings, type GateResult, type Comparison, type Verdict, type Side } from './gate';

// Errors: every failure ipcbench raises on purpose is one of these.
export { IpcBenchError, UsageError, InputError, RunError, type IpcBenchErrorOptions } from './errors';
export { PeerError, ProtocolError, PeerTimeoutError, PeerFailureError } from './protocol/messages';
export { ReportSchemaError } from './report/schema';
