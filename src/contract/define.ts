import { callerFile, loadableFile } from './module-file';
import { shapeSupported } from './message-wire';
import { openParent } from './open-parent';
import type { TransportDefinition } from './types';
import type { Connection, MessageShape, OpenOptions, PayloadMessage, Transport, WaitStrategy } from '../runtime-types';
import type { FaultableTransport, PeerFaults } from '../faults';

/** Brand of a defined transport; Symbol.for so two copies of ipcbench (a plug-in's and ours) agree. */
const BRAND = Symbol.for('ipcbench.definedTransport');

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A transport made by {@link defineTransport}: what the runner measures and the registry holds. Only
 * `defineTransport` makes one (it checks the definition first).
 */
export interface DefinedTransport<PeerOptions = unknown> extends Transport {
  /** The definition's name: the registry key, `-t` name and report label. */
  readonly name: string;
  /** The definition's description, or a generic one. */
  readonly description: string;
  /** true when the peer is a worker thread (it shares this process's CPU affinity). */
  readonly threadPeer: boolean;
  /** What the user wrote, as given to defineTransport. */
  readonly definition: TransportDefinition<PeerOptions>;
  /** The file a peer loads to find this definition (by name among its exports). */
  readonly module: string;
  /** The definition's wait strategy, when its sides spin (see TransportDefinition.waitStrategy). */
  readonly waitStrategy: WaitStrategy | undefined;
  /** true, or why this platform cannot run the transport (the definition's `supported`). */
  supported(): true | string;
  /** true, or why one message cannot carry `payloadBytes` (the definition's `payloadSupported`). */
  payloadSupported(payloadBytes: number): true | string;
  /** true, or why this transport cannot carry payload messages of `shape` (objects need `carries: ['object', ...]`). */
  messageSupported(shape: MessageShape): true | string;
  /** What one payload message of `shape` is on this transport: bytes, a string (no bytes carried), or an object. */
  payloadMessage(shape: MessageShape): PayloadMessage;
}

/** The implementation; `open` also takes the test hooks (faults), which the public type leaves out. */
class Defined<PeerOptions> implements DefinedTransport<PeerOptions>, FaultableTransport {
  readonly [BRAND] = true;
  readonly name: string;
  readonly description: string;
  readonly threadPeer: boolean;
  readonly waitStrategy: WaitStrategy | undefined;

  constructor(
    readonly definition: TransportDefinition<PeerOptions>,
    public module: string,
  ) {
    this.name = definition.name;
    this.description = definition.description ?? `${definition.name} (plug-in transport)`;
    this.threadPeer = definition.peerRuns === 'worker';
    this.waitStrategy = definition.waitStrategy;
  }

  // Methods are own properties, so `{ ...transport, open }` keeps working like for a plain object.
  readonly supported = (): true | string => this.definition.supported?.() ?? true;

  readonly payloadSupported = (payloadBytes: number): true | string => this.definition.payloadSupported?.(payloadBytes) ?? true;

  readonly messageSupported = (shape: MessageShape): true | string => {
    if (this.definition.stream) return shape === 'bytes' ? true : 'a byte stream carries bytes, not objects';
    return shapeSupported(this.definition.carries, shape);
  };

  readonly payloadMessage = (shape: MessageShape): PayloadMessage => {
    if (shape === 'object') return 'object';
    return this.definition.stream || (this.definition.carries ?? ['bytes']).includes('bytes') ? 'bytes' : 'string';
  };

  /** Starts a fresh peer and resolves once both ends are connected and the peer signalled ready. */
  readonly open = (options: OpenOptions, faults?: PeerFaults): Promise<Connection> => openParent(this, options, faults);
}

/** true for a transport made by defineTransport (by any copy of ipcbench: a brand, not instanceof). */
export function isDefinedTransport(value: unknown): value is DefinedTransport {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Points a defined transport's peers at `file` (the module the user named, wherever defineTransport was called). */
export function setPeerModule(transport: DefinedTransport, file: string): void {
  (transport as { module: string }).module = file;
}

/**
 * Defines a transport from its two ends; ipcbench does the rest (starting the peer with the same
 * module, the ready signal and its timeout, exit status, CPU time, kill on error, fault injection, the
 * encoding of values and payloads). Export the result from the module, and register it (or pass the
 * module's path to `ipcbench run -t`).
 *
 * @throws TypeError naming the missing or invalid field.
 */
export function defineTransport<PeerOptions = unknown>(definition: TransportDefinition<PeerOptions>): DefinedTransport<PeerOptions> {
  checkDefinition(definition);
  const file = definition.module ?? callerFile();
  if (!file) throw new TypeError(`defineTransport "${definition.name}": cannot tell which file defines it; set "module" (e.g. module: __filename)`);
  return new Defined(definition, loadableFile(file));
}

/** Throws a TypeError naming the first field that is missing or of the wrong type. */
export function checkDefinition(definition: unknown): asserts definition is TransportDefinition {
  const where = (name: unknown): string => (typeof name === 'string' ? `transport "${name}"` : 'transport definition');
  if (typeof definition !== 'object' || definition === null) throw new TypeError(`a transport definition must be an object, got ${definition === null ? 'null' : typeof definition}`);
  const d = definition as Record<string, unknown>;
  if (typeof d.name !== 'string' || !NAME.test(d.name)) {
    throw new TypeError(`${where(d.name)}: "name" must be a string of letters, digits, '.', '-' or '_' (got ${JSON.stringify(d.name)})`);
  }
  for (const field of ['parent', 'peer'] as const) {
    if (typeof d[field] !== 'function') throw new TypeError(`${where(d.name)}: "${field}" must be a function (the ${field} end), got ${typeof d[field]}`);
  }
  for (const field of ['supported', 'payloadSupported'] as const) {
    if (d[field] !== undefined && typeof d[field] !== 'function') throw new TypeError(`${where(d.name)}: "${field}" must be a function if given`);
  }
  if (d.peerRuns !== undefined && d.peerRuns !== 'process' && d.peerRuns !== 'worker') {
    throw new TypeError(`${where(d.name)}: "peerRuns" must be 'process' or 'worker', got ${JSON.stringify(d.peerRuns)}`);
  }
  const wait = d.waitStrategy as { kind?: unknown; spinBudgetMicros?: unknown } | undefined;
  if (
    wait !== undefined &&
    !(typeof wait === 'object' && wait !== null &&
      ((wait.kind === 'busy-spin' && wait.spinBudgetMicros === null) || (wait.kind === 'hybrid' && typeof wait.spinBudgetMicros === 'number' && wait.spinBudgetMicros >= 0)))
  ) {
    throw new TypeError(`${where(d.name)}: "waitStrategy" must be { kind: 'busy-spin', spinBudgetMicros: null } or { kind: 'hybrid', spinBudgetMicros: <µs ≥ 0> }, got ${JSON.stringify(d.waitStrategy)}`);
  }
  const kinds = ['number', 'string', 'bytes', 'object'];
  if (d.carries !== undefined && !(Array.isArray(d.carries) && d.carries.length > 0 && d.carries.every((k) => kinds.includes(k as string)))) {
    throw new TypeError(`${where(d.name)}: "carries" must be a non-empty list of ${kinds.map((k) => `'${k}'`).join(', ')}`);
  }
}
