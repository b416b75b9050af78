import { displayName, latencySampling } from './labels';
import type { CompletedResult, Report } from '../types';

/**
 * Vega-Lite specs for the HTML report, as plain data with inline values (rendered to SVG by
 * scripts/vega-svg.mjs). Pure: the same report always gives the same specs.
 */
export type VegaLiteSpec = Record<string, unknown>;

export interface Chart {
  id: string;
  title: string;
  /** What the chart shows and how to read it, under the chart. */
  caption: string;
  spec: VegaLiteSpec;
}

const WIDTH = 560;
const completed = (report: Report): CompletedResult[] => report.results.filter((r): r is CompletedResult => r.status === 'completed');

/** One colour per transport, the same in every chart of a report. */
const transportColor = (report: Report, legend: boolean) => ({
  field: 'transport',
  type: 'nominal',
  scale: { domain: [...new Set(report.results.map((r) => r.transport))] },
  ...(legend ? {} : { legend: null }),
});

/** Median round trips/s per transport × payload as bars, the 95 % CI of the mean as a bar, every repeat as a tick. */
export function throughputChart(report: Report): Chart | null {
  const results = completed(report);
  if (results.length === 0) return null;
  const rows = results.map((r) => ({ name: displayName(r), transport: r.transport, median: r.roundTripsPerSec.median, lo: Math.max(0, r.roundTripsPerSec.ci95[0]), hi: r.roundTripsPerSec.ci95[1] }));
  const runs = results.flatMap((r) => r.roundTripsPerSec.runs.map((value, i) => ({ name: displayName(r), run: i + 1, value })));
  // Many bars: slant the labels so "ipc-advanced · 64 KiB" does not run into its neighbour.
  const axis = rows.length > 4 ? { labelAngle: -35, labelAlign: 'right', labelLimit: 200 } : { labelAngle: 0 };
  const x = { field: 'name', type: 'nominal', title: null, sort: null, axis };
  return {
    id: 'throughput',
    title: 'Round trips per second',
    caption: 'Bars: median over the repeats. Black lines: 95% confidence interval of the mean. Grey ticks: each repeat (a fresh peer).',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: 260,
      layer: [
        { data: { values: rows }, mark: 'bar', encoding: { x, y: { field: 'median', type: 'quantitative', title: 'round trips/s' }, color: transportColor(report, false) } },
        { data: { values: rows }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
        { data: { values: runs }, mark: { type: 'tick', color: '#555', opacity: 0.7 }, encoding: { x, y: { field: 'value', type: 'quantitative' } } },
      ],
    },
  };
}

const PERCENTILES = [['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'max']] as const;

/** Latency percentiles per transport × payload, on a log scale (tails are orders of magnitude apart). */
export function latencyChart(report: Report): Chart | null {
  const rows = completed(report).flatMap((r) => PERCENTILES.map(([key, label]) => ({ name: displayName(r), percentile: label, micros: Math.max(r.latencyMicros[key], 0.001) })));
  if (rows.length === 0) return null;
  return {
    id: 'latency',
    title: 'Round-trip latency percentiles',
    caption: `Microseconds for one round trip, from ${latencySampling(report.config)} (log scale).`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: 260,
      data: { values: rows },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'percentile', type: 'ordinal', sort: PERCENTILES.map(([, label]) => label), title: 'percentile', axis: { labelAngle: 0 } },
        y: { field: 'micros', type: 'quantitative', scale: { type: 'log' }, title: 'µs per round trip' },
        color: { field: 'name', type: 'nominal', title: 'transport · payload', legend: { labelLimit: 240 } },
      },
    },
  };
}

/** MB/s against payload size per transport; only results that sent a payload have an MB/s figure. */
export function payloadChart(report: Report): Chart | null {
  const rows = completed(report)
    .filter((r) => r.payloadBytes > 0 && r.mbPerSec !== null)
    .map((r) => ({ transport: r.transport, payloadBytes: r.payloadBytes, mbPerSec: r.mbPerSec }));
  if (rows.length === 0) return null;
  return {
    id: 'payload',
    title: 'Throughput against payload size',
    caption: 'MB/s of payload moved, for each payload size that was measured (log scale of size).',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: 260,
      data: { values: rows },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'payloadBytes', type: 'quantitative', scale: { type: 'log' }, title: 'payload bytes' },
        y: { field: 'mbPerSec', type: 'quantitative', title: 'MB/s' },
        color: transportColor(report, true),
      },
    },
  };
}

/**
 * The wait-strategy trade: median latency against the CPU both sides burn per round trip, one point per
 * result. Spinning moves a point left-to-right (more CPU) and down (less latency); blocking the opposite.
 */
export function cpuChart(report: Report): Chart | null {
  const rows = completed(report)
    .filter((r) => r.cpuMicrosPerRoundTrip && r.cpuMicrosPerRoundTrip.peer !== null)
    .map((r) => ({
      transport: r.transport,
      cpu: Math.max(r.cpuMicrosPerRoundTrip!.parent + r.cpuMicrosPerRoundTrip!.peer!, 0.001),
      p50: Math.max(r.latencyMicros.p50, 0.001),
    }));
  if (rows.length === 0) return null;
  const x = { field: 'cpu', type: 'quantitative', scale: { type: 'log' }, title: 'CPU µs per round trip (parent + peer)' };
  const y = { field: 'p50', type: 'quantitative', scale: { type: 'log' }, title: 'p50 latency µs' };
  return {
    id: 'cpu',
    title: 'Latency against CPU per round trip',
    caption: 'Each point is one result: median round-trip latency against the CPU time both sides spent per round trip (log scales). Down is faster, left is cheaper; a spinning transport buys its latency with CPU.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: 300,
      data: { values: rows },
      layer: [
        { mark: { type: 'point', filled: true, size: 80 }, encoding: { x, y, color: transportColor(report, false) } },
        { mark: { type: 'text', align: 'left', dx: 7, dy: -6, fontSize: 11 }, encoding: { x, y, text: { field: 'transport' } } },
      ],
    },
  };
}

export function reportCharts(report: Report): Chart[] {
  return [throughputChart(report), latencyChart(report), cpuChart(report), payloadChart(report)].filter((c): c is Chart => c !== null);
}
