/**
 * `ipcbench/jest`: helpers for Jest suites. Check a transport against ipcbench's contract, measure inside
 * a spec and attach the figures to JUnit. Loading this module touches no Jest global (they are looked up
 * when a helper is called), so it can be required anywhere.
 *
 * Entry file of the `./jest` subpath export: src/jest/index.ts (dist/jest/index.js).
 * @packageDocumentation
 */
export { describeTransportContract, type ContractOptions } from './contract';
export { exchange } from './exchange';
export { measure, type MeasureOptions } from './measure';
export { junitProperties, type JunitPropertiesFunction, type JunitPropertiesOptions, type JunitSuite } from './junit-properties';
