/** @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

// Two projects: `unit` asserts behaviour (fast, parallel); `bench` measures (serial, quick unless
// IPCBENCH_BENCH=full). `npm test` runs both so the benchmark path is always exercised.
// ts-jest only transpiles (tsconfig.jest.json sets isolatedModules): `npm test` type-checks everything
// once with tsc beside Jest (scripts/test.js), instead of ts-jest type-checking each file's imports again in
// every worker — that saved ~20 s of the 2-core budget. A type error still fails `npm test`.
// IPCBENCH_TEST_CPU=<file> npm test: one JSON line of CPU and wall seconds per spec file (see the helper).
const CPU_PER_FILE = '<rootDir>/__tests__/helpers/cpu-per-file.ts';
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] } as const;

const config: Config = {
  // Fails the run if any process the tests started outlives the suite.
  globalTeardown: '<rootDir>/__tests__/helpers/global-teardown.ts',
  // Three workers on 2 cores: many spec files spend much of their time waiting (peer start, timeouts,
  // npm), so a third keeps both cores busy. Measured on the quiet 2-vCPU machine, same tree, one after the
  // other: Jest 124.5 s with 2 workers, 105.8 s with 3, 107.7 s with 4. `npm run bench` stays serial.
  maxWorkers: 3,
  // Slowest files first even when Jest's cache is cold (a fresh clone): see the file.
  testSequencer: '<rootDir>/scripts/jest-sequencer.js',
  // Behaviour tests spawn real processes: on a loaded 2-core machine a CLI run can take well over Jest's
  // default 5 s without anything being wrong. Each test still bounds its own waits (step timeouts).
  testTimeout: 30_000,
  reporters: [
    'default',
    [
      'jest-junit',
      {
        outputDirectory: 'reports',
        outputName: 'junit.xml',
        // One <testsuite> per file, named after it: readable in GitLab/Jenkins test views.
        suiteNameTemplate: '{displayName}: {filepath}',
        classNameTemplate: '{displayName} › {classname}',
        titleTemplate: '{title}',
        ancestorSeparator: ' › ',
        addFileAttribute: 'true',
        testSuitePropertiesFile: 'junit-properties.js',
        testSuitePropertiesDirectory: 'scripts',
      },
    ],
  ],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.bench\\.test\\.ts$'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/no-unhandled-rejection.ts', CPU_PER_FILE],
    },
    {
      displayName: 'bench',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/__tests__/**/*.bench.test.ts'],
      setupFilesAfterEnv: [CPU_PER_FILE],
    },
  ],
};

export default config;
