/**
 * `ipcbench/jest`: helpers for Jest suites. Measure inside a spec and attach the figures to JUnit.
 * @packageDocumentation
 */
export { measure, type MeasureOptions } from './measure';
export { junitProperties, type JunitPropertiesFunction, type JunitPropertiesOptions, type JunitSuite } from './junit-properties';
