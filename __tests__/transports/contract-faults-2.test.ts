import { allTransports } from '../../src/transports';
import { describeTransportContract } from '../../src/jest';

/**
 * The contract's faults (see contract-faults.test.ts) for the other half of the transports: the 2nd,
 * 4th, 6th, ... registered. Together the two files check every registered transport.
 */
for (const transport of allTransports().filter((_, i) => i % 2 === 1)) describeTransportContract(transport, { parts: ['faults'] });
