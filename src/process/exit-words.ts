import type { PeerExit } from '../types';

/** "exit status 1" or "killed by SIGKILL": how a process ended, in the words every message uses. */
export function describeExit(exit: PeerExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`;
}
