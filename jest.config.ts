/** @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

// Two projects: `unit` asserts behaviour (fast, parallel); `bench` measures (serial, quick unless
// IPCBENCH_BENCH=full). `npm test` runs both so the benchmark path is always exercised.
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] } as const;

const config: Config = {
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
    },
    {
      displayName: 'bench',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/__tests__/**/*.bench.test.ts'],
    },
  ],
};

export default config;
