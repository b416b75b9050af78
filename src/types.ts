/** Shared shapes only: the runtime contract (runtime-types.ts), the report (report-types.ts), faults (test hooks). */
export * from './runtime-types';
export * from './report-types';
export type { PeerFaults } from './faults';
