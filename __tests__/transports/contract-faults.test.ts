import { allTransports } from '../../src/transports';
import { describeTransportContract } from '../../src/jest';

/**
 * The contract every registered transport must keep, part 2: a faulty peer (never ready, wrong
 * replies, crash, hang, garbage, bad exit status) ends the run with an error naming the transport and
 * the step, and leaves nothing behind. The same function users call from ipcbench/jest.
 *
 * Half of the transports (the 1st, 3rd, 5th, ... registered); contract-faults-2.test.ts checks the
 * others. Most of these checks' time is waiting for a timeout to fire (never ready, hang): two files
 * let Jest wait for both halves at once, each in its own worker, so the per-check leak checks stay exact.
 */
for (const transport of allTransports().filter((_, i) => i % 2 === 0)) describeTransportContract(transport, { parts: ['faults'] });
