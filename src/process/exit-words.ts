import type { PeerExit } from '../types';

/** "exit status 1" or "killed by SIGKILL": how a process ended, in the words every message uses. */
export function describeExit(exit: PeerExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`;
}

/** "peer exited (exit status 1)": how a failure caused by a peer's exit starts (the runner then adds nothing). */
export function peerExitedWords(exit: PeerExit): string {
  return `peer exited (${describeExit(exit)})`;
}
