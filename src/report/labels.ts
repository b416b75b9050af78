/** Names for results, shared by every output so the same result is called the same everywhere. */

export { formatBytes } from '../measure/units';
import { formatBytes } from '../measure/units';
import type { CompletedResult } from '../types';

/** Formats a figure for people: thousands separators, fixed decimals. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "12,000–14,500", or "too few repeats" where no interval means anything. */
export function intervalText(summary: { ci95: [number, number] | null }, decimals = 0): string {
  return summary.ci95 ? `${formatNumber(summary.ci95[0], decimals)}–${formatNumber(summary.ci95[1], decimals)}` : 'too few repeats';
}

/** The cells every result table starts with: median round trips/s, 95 % CI (log scale), CV (noisy flagged). */
export function rateCells(r: CompletedResult): [median: string, ci95: string, cv: string] {
  const rate = r.roundTripsPerSec;
  return [formatNumber(rate.median), intervalText(rate), `${percent(rate.cv)}${r.noisy ? ' noisy' : ''}`];
}

/**
 * The key of a result: transport × payload. Stable, machine-friendly: "tcp/0B" (the classic wire),
 * "ipc/bin/65536B" (the payload sweep's binary wire: a different benchmark even at 0 bytes).
 */
export function benchName(result: { transport: string; payloadBytes: number; framing?: string }): string {
  return `${result.transport}/${result.framing === 'binary' ? 'bin/' : ''}${result.payloadBytes}B`;
}

/** The same for people: "tcp · 0 B", "ipc · 64 KiB". */
export function displayName(result: { transport: string; payloadBytes: number }): string {
  return `${result.transport} · ${formatBytes(result.payloadBytes)}`;
}

/** 0.123 → "12.3%". */
export function percent(fraction: number, decimals = 1): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** What went over the wire: the classic bare counter, or binary frames with these payload sizes. */
export function wireLine(report: { config: { payloadBytes: number[] }; results: ReadonlyArray<{ framing?: string }> }): string {
  if (!report.results.some((r) => r.framing === 'binary')) return 'classic wire (bare counter, no payload)';
  return `binary wire, payloads ${report.config.payloadBytes.map(formatBytes).join(', ')}`;
}

/** Which round trips the latency percentiles come from, in words (config.sampleEvery = k). */
export function latencySampling(config: { sampleEvery: number }): string {
  const k = config.sampleEvery;
  if (k === 0) return 'not sampled (--sample-every 0)';
  return k === 1 ? 'every measured round trip of every repeat' : `every ${k}th measured round trip of every repeat`;
}

/** "Node v20.20.2", or "bun 1.2.3 (Node v24.3.0 API)": a Bun or Deno run is never called Node. */
export function runtimeWords(env: { node: string; runtime?: { name: string; version: string } }): string {
  const runtime = env.runtime;
  if (!runtime || runtime.name === 'node') return `Node ${env.node}`;
  return `${runtime.name} ${runtime.version} (Node ${env.node} API)`;
}
