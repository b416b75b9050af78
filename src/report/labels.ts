/** Names for results, shared by every output so the same result is called the same everywhere. */

export { formatBytes } from '../measure/units';
import { formatBytes } from '../measure/units';
import type { CompletedResult, WaitStrategy } from '../types';

/**
 * Formats a figure for people: thousands separators, fixed decimals. Exactly what
 * `value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })`
 * gives (a spec compares them), without ICU: its first use cost ~10 ms of CPU in every process that
 * printed a table. Like ICU it rounds the shortest decimal form of the number (String(value)) half away
 * from zero, so 1.005 with 2 decimals is 1.01 (toFixed, on the binary value, says 1.00).
 */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  const [, whole, fraction = '', exponent = '0'] = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(value)))!;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent); // where the decimal point falls in `digits`
  const kept = point + decimals; // digits left of the rounding position
  let rounded = kept <= 0 ? '' : digits.slice(0, kept).padEnd(kept, '0');
  if ((digits[kept] ?? '0') >= '5' && kept >= 0) rounded = String(BigInt(rounded || '0') + 1n).padStart(Math.max(kept, 1), '0');
  rounded = rounded.padStart(decimals + 1, '0');
  const integer = rounded.slice(0, rounded.length - decimals).replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, ',');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${integer}${decimals > 0 ? `.${rounded.slice(rounded.length - decimals)}` : ''}`;
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

/**
 * The payload of a result for people: "classic" (the bare counter), "64 KiB" (bytes), "64 KiB object" /
 * "64 KiB string" when the message was not bytes (--message object, or a transport that carries strings).
 */
export function payloadWords(result: { payloadBytes: number; framing?: string; message?: string }): string {
  if (result.framing !== 'binary') return 'classic';
  return `${formatBytes(result.payloadBytes)}${result.message && result.message !== 'bytes' ? ` ${result.message}` : ''}`;
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
export function wireLine(report: { config: { payloadBytes: number[] }; results: ReadonlyArray<{ framing?: string; message?: string; transport: string; status?: string }> }): string {
  const binary = report.results.filter((r) => r.framing === 'binary');
  const carried = binary.filter((r) => r.status !== 'skipped');
  if (binary.length === 0) return 'classic wire (bare counter, no payload)';
  const line = `binary wire, payloads ${report.config.payloadBytes.map(formatBytes).join(', ')}`;
  // Bytes are the default and go unsaid; any other message shape is named, with the transports that used it.
  const others = [...new Set(carried.flatMap((r) => (r.message && r.message !== 'bytes' ? [r.message] : [])))];
  if (others.length === 0) return line;
  const users = (shape: string) => [...new Set(carried.filter((r) => r.message === shape).map((r) => r.transport))].join(', ');
  return `${line}; messages: ${others.map((shape) => `${MESSAGE_WORDS[shape] ?? shape} (${users(shape)})`).join(', ')}`;
}

const MESSAGE_WORDS: Record<string, string> = { object: 'an object of records', string: 'a string of the payload size' };

/** Which round trips the latency percentiles come from, in words (config.sampleEvery = k). */
export function latencySampling(config: { sampleEvery: number }): string {
  const k = config.sampleEvery;
  if (k === 0) return 'not sampled (--sample-every 0)';
  return k === 1 ? 'every measured round trip of every repeat' : `every ${k}th measured round trip of every repeat`;
}

/** How a spinning result waited, in words; '' for the transports that block. */
export function waitLabel(strategy: WaitStrategy | undefined): string {
  if (!strategy) return '';
  if (strategy.kind === 'busy-spin') return 'busy-spin: burns 1 CPU per side';
  return `spins ≤ ${formatNumber(strategy.spinBudgetMicros ?? 0)} µs, then sleeps`;
}

/** The transport as people read it: spinning ones carry their wait strategy, so a fast figure bought with a CPU says so. */
export function transportLabel(result: { transport: string; waitStrategy?: WaitStrategy }): string {
  const wait = waitLabel(result.waitStrategy);
  return wait ? `${result.transport} [${wait}]` : result.transport;
}

/** CPU µs per round trip, parent / peer ("?" where the peer did not report). */
export function cpuCell(r: CompletedResult): string {
  const cpu = r.cpuMicrosPerRoundTrip;
  if (!cpu) return '–';
  const micros = (value: number): string => formatNumber(value, value < 10 ? 2 : 1);
  return `${micros(cpu.parent)} / ${cpu.peer === null ? '?' : micros(cpu.peer)}`;
}

/** What the CPU column means, for the notes under every result table. */
export const CPU_NOTE =
  'CPU µs/rt: CPU time per round trip from the handshake to the stop, parent (its main thread) / peer (its process, or its own thread for a worker); a side that spins burns about the whole round trip.';

/** "Node v20.20.2", or "bun 1.2.3 (Node v24.3.0 API)": a Bun or Deno run is never called Node. */
export function runtimeWords(env: { node: string; runtime?: { name: string; version: string } }): string {
  const runtime = env.runtime;
  if (!runtime || runtime.name === 'node') return `Node ${env.node}`;
  return `${runtime.name} ${runtime.version} (Node ${env.node} API)`;
}
