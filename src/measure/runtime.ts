/**
 * Which JavaScript runtime runs this process. Bun and Deno both set `process.version` to the Node
 * version they emulate, so a report that only said "Node v24.3.0" could not tell them apart: Bun is
 * recognised by `process.versions.bun`, Deno by its `Deno` global.
 */
export type RuntimeName = 'node' | 'bun' | 'deno';

/** The runtime that ran a process, as reports record it. */
export interface Runtime {
  name: RuntimeName;
  /** The runtime's own version (Bun's or Deno's, not the Node version they emulate), without a leading "v". */
  version: string;
  /** The binary that runs this process. */
  executable: string;
}

interface DenoGlobal {
  version?: { deno?: string };
  execPath?: () => string;
}

export function detectRuntime(): Runtime {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  const deno = (globalThis as { Deno?: DenoGlobal }).Deno;
  if (versions.bun) return { name: 'bun', version: versions.bun, executable: process.execPath };
  if (deno !== undefined || versions.deno) {
    return { name: 'deno', version: deno?.version?.deno ?? versions.deno ?? 'unknown', executable: deno?.execPath?.() ?? process.execPath };
  }
  return { name: 'node', version: process.version.replace(/^v/, ''), executable: process.execPath };
}

/** "node 20.20.2", "bun 1.2.3": how people name a runtime. */
export function runtimeLabel(runtime: Pick<Runtime, 'name' | 'version'> | undefined): string {
  return runtime ? `${runtime.name} ${runtime.version}` : 'unknown runtime';
}
