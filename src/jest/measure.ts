import { run, type RunOptions } from '../api/run';
import { reportProperties, saveRecord } from './figures';
import type { Report } from '../types';

/** Options of {@link measure}: those of `run()`, plus the name its figures carry in JUnit. */
export interface MeasureOptions extends RunOptions {
  /** First part of every JUnit property key of this measurement. Default: the test's full name. */
  name?: string;
}

/** What Jest's `expect.getState()` tells about the running test (absent outside Jest). */
interface TestState {
  testPath?: string;
  currentTestName?: string;
}

function currentTest(): TestState {
  const expect = (globalThis as { expect?: { getState?: () => TestState } }).expect;
  return expect?.getState?.() ?? {};
}

/**
 * Measures inside a Jest test and returns the report (the same object as `run()`), so the test can
 * assert on it. When jest-junit's `testSuitePropertiesFile` points at {@link junitProperties}, the key
 * figures (median and 95 % CI of round trips/s, p50/p99 µs, MB/s; the reason of an errored or skipped
 * result) become `<properties>` of this spec file's `<testsuite>`, keyed
 * `<name>.<transport>.<size>B.<figure>`.
 *
 * @example
 * ```js
 * const { measure } = require('ipcbench/jest');
 * test('tcp round trips', async () => {
 *   const report = await measure({ transports: ['tcp'], roundTrips: 2000, repeats: 3 });
 *   expect(report.results[0].status).toBe('completed');
 * }, 60_000);
 * ```
 */
export async function measure(options: MeasureOptions): Promise<Report> {
  const report = await run(options);
  const { testPath, currentTestName = '' } = currentTest();
  if (testPath) {
    saveRecord(testPath, { at: Date.now(), test: currentTestName, properties: reportProperties(report, options.name ?? (currentTestName || 'ipcbench')) });
  }
  return report;
}
