/**
 * ipcbench's own transports, registered through the same public registry a user's go into: each is
 * a defineTransport() definition in its own module, with nothing private to it.
 */
import { register } from '../contract/registry';
import { ipc, ipcAdvanced } from './child-process';
import { tcp } from './tcp';
import { unix } from './unix';
import { stdio } from './stdio';
import { worker } from './worker';
import { udp } from './udp';
import { sab, sabSpin, sabHybrid } from './sab-wait';

for (const transport of [ipc, ipcAdvanced, tcp, unix, stdio, worker, sab, sabSpin, sabHybrid, udp]) register(transport);

export { register, getTransport, findTransport, transportNames, allTransports } from '../contract/registry';
