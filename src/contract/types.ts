/**
 * The public transport contract: what a user writes to add a transport to ipcbench. Everything here is
 * a promise to users (exported from `ipcbench`); change it only in a compatible way.
 *
 * A transport is two *ends* of one channel — the parent's and the peer's. ipcbench does everything
 * else: it starts the peer (a process, or a worker thread) that loads the same module, waits for its
 * ready signal with a timeout, checks its exit status, reads its CPU time, kills it on any error,
 * injects protocol faults, and encodes the protocol values into messages (or byte frames).
 */
import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import type { WaitStrategy } from '../runtime-types';

/**
 * One message as ipcbench hands it to {@link End.send} and accepts it in {@link EndContext.deliver}.
 * Which kinds a transport is sent is decided by its {@link TransportDefinition.carries}: a bare number,
 * a decimal string, bytes (a u64 counter + payload), or a plain object (`--message object`).
 * A stream transport (`stream: true`) is only ever sent bytes (a string or a Buffer of framed bytes).
 */
export type Message = number | string | Uint8Array | object;

/** A kind of {@link Message} a message transport can carry unchanged from end to end. */
export type MessageKind = 'number' | 'string' | 'bytes' | 'object';

/**
 * One end of the channel, as the user's {@link TransportDefinition.parent} and
 * {@link TransportDefinition.peer} return it.
 */
export interface End {
  /**
   * Sends one message to the other end. ipcbench calls it in lockstep (the next call comes only after
   * the reply to this one arrived), so it may reuse buffers; it may send the same Buffer object again
   * with new contents, so a transport that queues messages must copy or serialize them synchronously.
   */
  send(message: Message): void;
  /** Releases the end's handles (sockets, listeners). ipcbench calls it exactly once. */
  close(): void | Promise<void>;
  /**
   * Optional, parent end: ipcbench is killing the peer (an error, a timeout, a cancelled run). Stop
   * anything that waits for the peer without the event loop (e.g. an `Atomics.wait` loop). The End is
   * closed after the peer is gone.
   */
  peerKilled?(): void;
  /**
   * Optional, parent end of a message transport that can wait for the peer without the event loop
   * (shared memory, a blocking read): waits synchronously up to `timeoutMs` ms for the next message
   * and returns it as `deliver` would be handed it, or `undefined` if none came in time (or the end
   * was closed or its peer killed). When present, ipcbench takes every message through it — `send`
   * must then only send, and nothing may go to `deliver` — and drives the round trips in one tight
   * synchronous loop: no callback, closure or event-loop turn per message. ipcbench gives the event
   * loop a turn whenever it returns `undefined` and about every 100 ms, so keep `timeoutMs` (ipcbench
   * asks for tens of ms) and check the clock only every few hundred spins if it spins.
   */
  receiveSync?(timeoutMs: number): Message | undefined;
  /**
   * Optional, parent end with receiveSync, for a bare-counter run (no payload) of a transport that
   * carries 'number': the round trips that need no timestamp, in the End's own loop. The request
   * `sent` is out; for each of up to `count` replies: wait for it (up to `timeoutMs` ms, as
   * receiveSync), check it is exactly `sent + 1`, and send `reply + 1` (as `send` would) — the reply
   * to that is then awaited next. Returns how many replies it checked and answered. It stops early —
   * fewer than `count` — at a reply that is not `sent + 1` (leave it unconsumed: the next receiveSync
   * returns it, and ipcbench reports it), when no reply came in time, or when the end was closed or
   * its peer killed; ipcbench then carries on through receiveSync. Either way one request is out on
   * return. ipcbench asks for at most ~1,000 at a time, so its clock and event loop still get a turn.
   */
  exchangeSync?(sent: number, count: number, timeoutMs: number): number;
  /**
   * Optional, peer end of a message transport whose peer hands messages over synchronously (a spinning
   * or blocking loop): ipcbench calls it at most once, after the handshake of a run without injected
   * faults. From then on, for each message that arrives, call `answer(message)` instead of `deliver`: a
   * Message is the reply — send it exactly as `send` would — and `undefined` means "deliver this one as
   * usual" (the stop message, anything unexpected). This saves the delivery and send calls per message;
   * every reply is still computed and checked by ipcbench. An End without it is served through `deliver`.
   */
  serveSync?(answer: (message: Message) => Message | undefined): void;
}

/** What ipcbench gives each end: where arriving messages and failures go. */
export interface EndContext {
  /**
   * Hand every message that arrives to ipcbench, as is (a number, a string, a Buffer/Uint8Array, an
   * object). The same function for the life of the end: pass it directly as a listener. For a stream
   * transport pass each chunk of bytes, optionally with the range of it that is new data.
   */
  readonly deliver: (message: Message, start?: number, end?: number) => void;
  /**
   * Report that the channel failed (the other side went away, the connection was reset). Only the
   * first failure counts; calls after it, or after the end was closed, are ignored.
   */
  readonly fail: (error: Error | string) => void;
  /**
   * Aborted when ipcbench gives up on opening this end (ready timeout, the peer exited, the run was
   * cancelled): stop waiting (e.g. `events.once(server, 'connection', { signal })`) and release handles.
   */
  readonly signal: AbortSignal;
  /**
   * Payload bytes per message in this run, or undefined on the classic wire (a bare counter).
   * Informational: ipcbench builds the messages itself.
   */
  readonly payloadBytes: number | undefined;
}

/** How the peer process is started; only for transports whose peer is a process. */
export interface SpawnOptions {
  /** Serialization of the child's IPC channel (`child_process.fork`): 'json' (default) or 'advanced'. */
  serialization?: 'json' | 'advanced';
  /** 'pipe': the peer's stdin and stdout are pipes to the parent (`peer.process.stdin/stdout`). Default: not connected. */
  stdio?: 'pipe';
}

/** The peer ipcbench started for this run, as the parent end sees it. */
export interface StartedPeer {
  /** The peer process (when the transport's peer runs as a process). */
  readonly process?: ChildProcess;
  /** The peer worker (when the transport's peer runs as a worker thread). */
  readonly worker?: Worker;
}

/** What the parent end gets: an {@link EndContext} plus the means to start the peer. */
export interface ParentContext<PeerOptions> extends EndContext {
  /**
   * Starts the peer with `options` (which ipcbench hands to {@link TransportDefinition.peer}: JSON for
   * a process, structured clone — so a SharedArrayBuffer works — for a worker). Call it exactly once,
   * after anything the peer needs exists (e.g. after the server listens). ipcbench then waits for the
   * peer's ready signal and for `parent()` to resolve, within the ready timeout.
   */
  startPeer(options: PeerOptions, spawn?: SpawnOptions): StartedPeer;
}

/** What the peer end gets: an {@link EndContext}. */
export type PeerContext = EndContext;

/**
 * A transport, as given to {@link defineTransport}. Write the two ends; ipcbench does the rest.
 *
 * @typeParam PeerOptions - what the parent hands the peer through {@link ParentContext.startPeer}.
 */
export interface TransportDefinition<PeerOptions = unknown> {
  /** Registry name, as used in `-t` and in reports: letters, digits, `-`, `_`, `.`. */
  readonly name: string;
  /** One line for help text and reports. */
  readonly description?: string;
  /** Where the peer runs: a separate process (default) or a worker thread of the parent process. */
  readonly peerRuns?: 'process' | 'worker';
  /**
   * true (default false): the ends carry a byte stream, and ipcbench frames the values (newline-delimited
   * decimal; length-prefixed binary frames with a payload); messages handed to `send` are strings or
   * Buffers of bytes, and `deliver` takes chunks in any split. false: each `send` arrives whole at the
   * other end as one message.
   */
  readonly stream?: boolean;
  /**
   * Message transports: the kinds of message the channel carries unchanged (default `['string',
   * 'bytes']`). A bare counter is sent as a number where 'number' is carried, else as a decimal string;
   * a payload as bytes where 'bytes' is carried, else as a string; `--message object` needs 'object'.
   */
  readonly carries?: readonly MessageKind[];
  /**
   * How the two sides wait for a message, when not by blocking (in the kernel or the event loop):
   * `{ kind: 'busy-spin', spinBudgetMicros: null }` — ipcbench then skips it with the reason where it
   * would live-lock (`--pin same`, a process allowed one CPU) and labels its results as burning a CPU
   * per side — or `{ kind: 'hybrid', spinBudgetMicros }` (spins that long, then sleeps; recorded).
   */
  readonly waitStrategy?: WaitStrategy;
  /** true, or why this platform cannot run the transport (then it is skipped with that reason). */
  supported?(): true | string;
  /** true, or why one message cannot carry `payloadBytes` (that size is then skipped). Default: any size. */
  payloadSupported?(payloadBytes: number): true | string;
  /**
   * Runs in the parent: sets up what the peer needs, calls `context.startPeer(options)` once, and
   * resolves with the parent's end once it is connected to the peer.
   */
  parent(context: ParentContext<PeerOptions>): Promise<End>;
  /** Runs in the peer (a process or worker that loaded the same module): connects and resolves with its end. */
  peer(options: PeerOptions, context: PeerContext): Promise<End>;
  /**
   * The file the peer loads to find this definition (by `name` among its exports). Default: the file
   * that called `defineTransport`. Set it (e.g. `module: __filename`) when that cannot be known, such
   * as in bundled code.
   */
  readonly module?: string;
}
