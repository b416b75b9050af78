import { allTransports } from '../../src/transports';
import { describeTransportContract } from '../../src/jest';

/**
 * The contract every registered transport must keep, part 2: a faulty peer (never ready, wrong
 * replies, crash, hang, garbage, bad exit status) ends the run with an error naming the transport and
 * the step, and leaves nothing behind. The same function users call from ipcbench/jest.
 */
for (const transport of allTransports()) describeTransportContract(transport, { parts: ['faults'] });
