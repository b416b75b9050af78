import type { PeerExit } from '../types';
import type { ExternalProcess } from './process';
import type { Limits } from './sandbox';
import { describeExit } from '../process/exit-words';

/** The last lines of the program's output, quoted: enough to see the error, not only "Traceback …". */
export function lastLines(text: string, lines = 6, chars = 800): string {
  const kept = text.trim().split('\n').slice(-lines).join('\n');
  return kept.length > chars ? `…${kept.slice(-chars)}` : kept;
}

/** Why a program probably died, from its signal or its last words, naming the limit it hit. */
export function limitHint(exit: PeerExit | undefined, output: string, limits: Limits): string | undefined {
  if (exit?.signal === 'SIGXCPU') return `it used its ${limits.cpuSeconds} s of CPU time (the CPU limit)`;
  if (exit?.signal === 'SIGXFSZ') return `it wrote a file larger than ${limits.fileMiB} MiB (the file size limit)`;
  if (/MemoryError|Cannot allocate memory|std::bad_alloc|OutOfMemoryError|out of memory|memory allocation failed/i.test(output)) {
    return `an allocation failed: the memory limit is ${limits.memoryMiB} MiB of address space per process`;
  }
  if (/Resource temporarily unavailable|can't start new thread|fork: retry|EAGAIN|unable to create native thread/i.test(output)) {
    return `it could not start a process or thread: the limit is ${limits.processes} processes and threads`;
  }
  return undefined;
}

/** "it ended with exit status 1 (…limit…); its output ends with: …" — every part only when known. */
export function describeProgramEnd(proc: ExternalProcess, exit: PeerExit | undefined, limits: Limits): string {
  const output = proc.outputTail();
  const hint = proc.limitHit() ?? limitHint(exit, output, limits);
  return [
    exit ? `it ended with ${describeExit(exit)}` : '',
    hint ?? '',
    output ? `its output ends with:\n${lastLines(output)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
