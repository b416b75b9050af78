import { runtimeLabel } from '../measure/runtime';
import type { Environment, Report } from '../types';

/**
 * How two runs' circumstances differ, in words: a different runtime, CPU model, CPU placement (pin mode,
 * or how many CPUs the run may use) or machine changes figures by itself, so a comparison across them
 * measures the setting, not the code.
 * The machine is told by OS, kernel, architecture and logical cores (no host name is recorded).
 */
export function environmentDifferences(a: Pick<Report, 'env' | 'config'>, b: Pick<Report, 'env' | 'config'>, names: [string, string] = ['baseline', 'current']): string[] {
  const differences: string[] = [];
  const differ = (what: string, x: string, y: string): void => {
    if (x !== y) differences.push(`${what}: ${names[0]} ${x}, ${names[1]} ${y}`);
  };
  differ('runtime', runtimeOf(a.env), runtimeOf(b.env));
  differ('CPU model', a.env.cpuModel, b.env.cpuModel);
  differ('pin mode', a.config.pin?.mode ?? 'none', b.config.pin?.mode ?? 'none');
  differ('machine', machineOf(a.env), machineOf(b.env));
  // A restriction from outside (taskset, a container's cpuset) that the pin mode does not tell.
  if (a.env.affinity && b.env.affinity) differ('CPUs the run may use', String(a.env.affinity.length), String(b.env.affinity.length));
  return differences;
}

function runtimeOf(env: Environment): string {
  // Reports from before the runtime was recorded were all written by Node.
  return env.runtime ? runtimeLabel(env.runtime) : `node ${env.node.replace(/^v/, '')}`;
}

function machineOf(env: Environment): string {
  return `${env.os}, kernel ${env.kernel}, ${env.arch}, ${env.cores} cores`;
}
