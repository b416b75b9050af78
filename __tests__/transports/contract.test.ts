import { allTransports } from '../../src/transports';
import { describeTransportContract } from '../../src/jest';

/**
 * The contract every registered transport must keep, part 1: the protocol end to end, on the classic
 * and the binary wire, and killing the peer is clean. The same function users call from ipcbench/jest,
 * so the two cannot drift. Faults are in contract-faults.test.ts and contract-faults-2.test.ts (separate
 * files so Jest can run them in parallel: most of their time is waiting).
 */
for (const transport of allTransports()) describeTransportContract(transport, { parts: ['protocol'] });
