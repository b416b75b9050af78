import type { PeerFaults } from '../faults';
import type { MessageShape } from '../runtime-types';

/** What the parent hands a peer (one JSON argument to a process, or workerData to a worker). */
export interface PeerSpec {
  /** The file to load: it exports the transport definition named `name`. */
  module: string;
  name: string;
  /** What the parent end passed to startPeer: handed to the definition's peer(). */
  options: unknown;
  payloadBytes?: number;
  message?: MessageShape;
  /** Test hooks: the responder commits these faults. */
  faults?: PeerFaults;
}
