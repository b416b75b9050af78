import * as os from 'node:os';
import * as fs from 'node:fs';
import type { Environment } from '../types';
import { measureTimerCostNanos } from './clock';
import { detectRuntime } from './runtime';

/** Parses a Linux CPU list such as "0-3,6" into [0,1,2,3,6]. */
export function parseCpuList(list: string): number[] {
  return list
    .trim()
    .split(',')
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
}

/**
 * CPUs a process may run on — its main thread, or thread `tid` of it — as the kernel reports them
 * (Linux /proc Cpus_allowed_list); null where the platform does not tell.
 */
export function cpuAffinity(pid: number | 'self' = 'self', tid?: number): number[] | null {
  try {
    const status = fs.readFileSync(tid === undefined ? `/proc/${pid}/status` : `/proc/${pid}/task/${tid}/status`, 'utf8');
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
    return line ? parseCpuList(line[1]) : null;
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(release);
    if (pretty) return pretty[1];
  } catch {
    // not Linux, or no os-release: fall through
  }
  return `${os.type()} ${os.release()}`;
}

/** Everything a reader needs to judge a figure: recorded with every result. */
export function captureEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    os: osName(),
    platform: process.platform,
    kernel: os.release(),
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    // The machine's logical CPUs, whatever this process may use: availableParallelism() follows the
    // affinity, so under --pin or taskset it said "1 cores" (the affinity is recorded apart, below).
    cores: cpus.length || os.availableParallelism(),
    node: process.version,
    v8: process.versions.v8,
    affinity: cpuAffinity(),
    loadAverage: os.loadavg(),
    exposeGc: typeof globalThis.gc === 'function',
    startedAt: new Date().toISOString(),
    timerCostNanos: Math.round(measureTimerCostNanos() * 10) / 10,
    runtime: detectRuntime(),
  };
}
