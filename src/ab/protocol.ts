import type { Environment, Step } from '../types';

/**
 * The line protocol between `ipcbench ab` and its arms (one JSON object a line). An arm is a
 * long-lived `ipcbench ab-arm` process: it says hello once (version + environment), then answers each
 * repeat request with one result line and exits when its stdin closes. Version 1.
 */
export const ARM_PROTOCOL = 1;

/** The subcommand ab appends to each arm's command line. */
export const ARM_SUBCOMMAND = ['ab-arm', '--protocol', String(ARM_PROTOCOL)] as const;

/** Appended for replacement arms (--arm-life): ab already has the environment, skip measuring it again. */
export const NO_ENV_FLAG = '--no-env';

export interface ArmHello {
  ipcbenchArm: typeof ARM_PROTOCOL;
  tool: { name: string; version: string };
  /** null when asked with --no-env. */
  env: Environment | null;
}

/** One repeat: a fresh peer of `transport`, measured inside the arm. payloadBytes null = classic wire. */
export interface RepeatRequest {
  id: number;
  transport: string;
  payloadBytes: number | null;
  roundTrips: number;
  warmup: number;
  readyTimeoutMs: number;
  stepTimeoutMs: number;
  sampleEvery: number;
  /** How the user set the two timeouts ("2 s (--timeout)"), for the arm's timeout messages; arms that predate it ignore it. */
  timeoutWords?: string;
}

/** What an arm measured in one repeat: the runner's RepeatSample with latency samples as a plain array. */
export interface ArmSample {
  roundTripsPerSec: number;
  handshakeNanos: number;
  measuredNanos: number;
  roundTrips: number;
  lastValue: number;
  cpuParent: number;
  cpuPeer: number | null;
  affinity: { parent: number[] | null; peer: number[] | null };
  latencyNanos: number[];
}

export type RepeatResponse =
  | { id: number; status: 'completed'; sample: ArmSample }
  | { id: number; status: 'skipped'; reason: string }
  | { id: number; status: 'errored'; error: { name: string; message: string; step?: Step } };

/** The hello of an arm's first process: with its environment. */
export type FirstHello = ArmHello & { env: Environment };
