/** Moved to src/jest (shipped in ipcbench/jest); re-exported for the specs. */
export * from '../../src/jest/resources';
