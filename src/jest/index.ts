/**
 * `ipcbench/jest`: helpers for Jest suites. Loading this module touches no Jest global (they are looked
 * up when a helper is called), so it can be required anywhere.
 *
 * Entry file of the `./jest` subpath export: src/jest/index.ts (dist/jest/index.js).
 */
export { describeTransportContract, type ContractOptions } from './contract';
export { exchange } from './exchange';
