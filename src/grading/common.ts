import { describeExit } from '../transports/peer-process';
import type { ExternalProcess } from '../external/process';
import type { Event } from './inbox';
import type { PeerExit } from '../types';

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The exit of the program if it comes within `ms`, else undefined. */
export async function exitWithin(proc: ExternalProcess, ms: number): Promise<PeerExit | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  const exit = await Promise.race([proc.handle.exited, timeout]);
  clearTimeout(timer);
  return exit;
}

/** "the program closed its end; it exited with status 13; its output ends with: ..." */
export async function describeEnd(reason: string, proc: ExternalProcess): Promise<string> {
  const exit = await exitWithin(proc, 300); // a crash closes the stream a moment before the exit is seen
  const output = proc.outputTail();
  return [`the program ${reason}`, exit ? `it ended with ${describeExit(exit)}` : '', output ? `its output ends with: ${output}` : '']
    .filter(Boolean)
    .join('; ');
}

/** A readable sentence for an event that was not the value we waited for. */
export async function describeMiss(event: Exclude<Event, { kind: 'value' }>, waitingFor: string, timeoutMs: number, proc: ExternalProcess): Promise<string> {
  if (event.kind === 'timeout') return `no ${waitingFor} within ${timeoutMs} ms`;
  return `waiting for ${waitingFor}: ${await describeEnd(event.reason, proc)}`;
}
