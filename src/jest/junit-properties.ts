import { captureEnvironment } from '../measure/environment';
import { readJsonReport } from '../report/json';
import { loadRecords, reportProperties } from './figures';

/** The part of jest-junit's test suite result that {@link junitProperties} reads. */
export interface JunitSuite {
  /** Absolute path of the spec file. */
  testFilePath: string;
  /** When the spec file started and finished (epoch ms). */
  perfStats?: { start: number; end: number };
}

/** Options of {@link junitProperties}. */
export interface JunitPropertiesOptions {
  /**
   * ipcbench JSON reports (e.g. written by `ipcbench run --json` in an earlier CI step) whose key figures
   * go into every suite's properties, keyed `bench.<transport>.<size>B.<figure>`. Missing files are left out.
   */
  reports?: readonly string[];
  /** Add the environment (`env.os`, `env.cpuModel`, `env.loadAverage`, ...). Default true. */
  environment?: boolean;
}

/** A function jest-junit calls for every `<testsuite>`: property name → value. */
export type JunitPropertiesFunction = (suite: JunitSuite) => Record<string, string>;

const ENV_KEYS = ['os', 'kernel', 'arch', 'cpuModel', 'cores', 'node', 'v8', 'affinity', 'loadAverage', 'timerCostNanos'] as const;

/**
 * Builds the function for jest-junit's `testSuitePropertiesFile`: every `<testsuite>` of junit.xml gets the
 * environment, the figures of the given report files, and what {@link measure} measured in that spec file.
 * jest-junit loads that file with `require()` and calls its export, so the file is one line:
 *
 * @example
 * ```js
 * // junit-properties.js, next to jest.config.js
 * module.exports = require('ipcbench/jest').junitProperties();
 * // jest.config.js
 * reporters: ['default', ['jest-junit', { testSuitePropertiesFile: 'junit-properties.js' }]]
 * ```
 */
export function junitProperties(options: JunitPropertiesOptions = {}): JunitPropertiesFunction {
  let shared: Record<string, string> | undefined;
  return (suite) => {
    // Computed at the first call, i.e. when jest-junit writes the file after every spec has run.
    shared ??= { ...(options.environment === false ? {} : environmentProperties()), ...fileProperties(options.reports ?? []) };
    const from = suite.perfStats?.start ?? 0;
    const to = suite.perfStats?.end ?? Date.now();
    const measured = suite.testFilePath ? loadRecords(suite.testFilePath, from, to + 1000) : [];
    return Object.assign({}, shared, ...measured.map((r) => r.properties)) as Record<string, string>;
  };
}

function environmentProperties(): Record<string, string> {
  const env = captureEnvironment();
  return Object.fromEntries(ENV_KEYS.map((key) => [`env.${key}`, Array.isArray(env[key]) ? env[key].join(',') : String(env[key])]));
}

function fileProperties(files: readonly string[]): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const file of files) {
    try {
      const report = readJsonReport(file);
      properties[`bench.${file}.startedAt`] = report.env.startedAt;
      properties[`bench.${file}.config`] = `${report.config.roundTrips} round trips x ${report.config.repeats} repeats, ${report.config.warmup} warm-up`;
      Object.assign(properties, reportProperties(report, 'bench'));
    } catch (error) {
      if (!/ENOENT/.test((error as Error).message)) properties[`bench.${file}.error`] = (error as Error).message;
    }
  }
  return properties;
}
