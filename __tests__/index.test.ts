import * as path from 'node:path';
import { publicExports, unexportedTypes } from './helpers/public-exports';
import * as api from '../src/index';

/**
 * The public API is a promise: this list is the whole of it, so a change to it is a deliberate edit here
 * (and in the README), and every export carries TSDoc. Types are listed too; they vanish at run time.
 */
const PUBLIC = [
  'run', 'RunOptions', 'RunnerEvents', 'RepeatSample', 'VERSION',
  'Report', 'BenchResult', 'CompletedResult', 'ErroredResult', 'SkippedResult', 'PairsFigure', 'PluginSource', 'RunSetup', 'Summary', 'Latency', 'Environment', 'RunConfig', 'Placement', 'Runtime', 'RuntimeName', 'Framing', 'Step', 'PayloadMessage', 'WaitStrategy', 'DriveResult',
  'defineTransport', 'isDefinedTransport', 'DefinedTransport', 'register', 'getTransport', 'findTransport', 'transportNames', 'allTransports', 'streamEnd', 'StreamEndOptions', 'StreamPair',
  'TransportDefinition', 'End', 'EndContext', 'ParentContext', 'PeerContext', 'StartedPeer', 'SpawnOptions', 'Message', 'MessageKind',
  'Transport', 'Connection', 'Channel', 'PeerHandle', 'PeerExit', 'OpenOptions', 'MessageShape',
  'writeJsonReport', 'readJsonReport', 'reportProblems', 'assertReport', 'SCHEMA_PATH', 'resultTable', 'reportMarkdown', 'gateMarkdown', 'writeHtmlReport', 'trackerExport', 'TRACKER_FORMATS', 'TrackerFormat',
  'compareReports', 'DEFAULT_GATE', 'GateSettings', 'GateResult', 'Comparison', 'Verdict', 'Side',
  'IpcBenchError', 'IpcBenchErrorOptions', 'UsageError', 'InputError', 'RunError', 'PeerError', 'ProtocolError', 'PeerTimeoutError', 'PeerFailureError', 'ReportSchemaError',
];
const JEST = ['describeTransportContract', 'ContractOptions', 'exchange', 'measure', 'MeasureOptions', 'junitProperties', 'JunitPropertiesFunction', 'JunitPropertiesOptions', 'JunitSuite'];

describe.each([
  ['ipcbench', 'index.ts', PUBLIC],
  ['ipcbench/jest', 'jest/index.ts', JEST],
])('%s', (_name, entry, expected) => {
  const exports = publicExports(path.join(__dirname, '..', 'src', entry));

  test('exports exactly the listed names', () => {
    expect(exports.map((e) => e.name).sort()).toEqual([...expected].sort());
  });

  test('documents every export with TSDoc', () => {
    expect(exports.filter((e) => !e.documented).map((e) => e.name)).toEqual([]);
  });
});

test('the values among them are what require() gives', () => {
  const values = Object.keys(api).sort();
  expect(PUBLIC.filter((name) => values.includes(name)).sort()).toEqual(values);
});

test('the built declarations refer only to types the entry points export (test hooks such as PeerFaults are not among them)', () => {
  const dist = path.join(__dirname, '..', 'dist');
  expect(unexportedTypes([path.join(dist, 'index.d.ts'), path.join(dist, 'jest', 'index.d.ts')])).toEqual([]);
});
