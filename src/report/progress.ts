import { formatNumber } from './console';
import { formatBytes } from '../measure/units';
import type { RunnerEvents } from '../runner';

export interface ProgressOptions {
  /** Repeats the run will do in all (transports × payloads × repeats). */
  total: number;
  /** Where people read progress: stdout, or stderr when stdout carries JSON. */
  stream: NodeJS.WriteStream;
  quiet?: boolean;
}

export interface Progress {
  events: RunnerEvents;
  /** Clears the bar; call before printing the final table. */
  stop(): void;
}

/**
 * Listens to the runner: a cli-progress bar when `stream` is a terminal, one plain line per repeat when
 * it is piped or logged (CI logs cannot redraw), nothing when quiet. It prints what the runner measured
 * and computes nothing itself.
 */
export function progress({ total, stream, quiet }: ProgressOptions): Progress {
  if (quiet) return { events: {}, stop: () => undefined };
  const line = (transport: string, repeat: number, of: number, rate: number, payload?: number): string =>
    `${transport}${payload === undefined ? '' : ` ${formatBytes(payload)}`} ${repeat}/${of}: ${formatNumber(rate)} round trips/s`;
  if (!stream.isTTY) {
    return {
      events: { repeatDone: (transport, repeat, of, sample, payload) => stream.write(`${line(transport, repeat, of, sample.roundTripsPerSec, payload)}\n`) },
      stop: () => undefined,
    };
  }
  const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress'); // terminals only: not loaded when piped
  const bar = new SingleBar({ stream, format: '{bar} {value}/{total} repeats | {last}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0, { last: '' });
  return {
    events: {
      repeatDone: (transport, repeat, of, sample, payload) => bar.increment({ last: line(transport, repeat, of, sample.roundTripsPerSec, payload) }),
    },
    stop: () => bar.stop(),
  };
}
