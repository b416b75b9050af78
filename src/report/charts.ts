import { latencySampling, payloadWords } from './labels';
import type { CompletedResult, Report } from '../types';

/**
 * Vega-Lite specs for the HTML report, as plain data with inline values (rendered to SVG by
 * scripts/vega-svg.mjs). Pure: the same report always gives the same specs.
 *
 * Readable at sweep size (8 transports × 5 payloads = 40 series): a sweep is drawn as small multiples,
 * one panel per transport titled with its name, payload sizes along the axis or as the few colours
 * (≤ 6) a legend can hold — never one colour per transport × payload, which ran out of colours at 10.
 */
export type VegaLiteSpec = Record<string, unknown>;

export interface Chart {
  id: string;
  title: string;
  /** What the chart shows and how to read it, under the chart. */
  caption: string;
  spec: VegaLiteSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 560;
/** Panel size in small multiples: four panels a row fit the 72rem page. */
const PANEL = { width: 190, height: 150 };
const COLUMNS = 4;
const completed = (report: Report): CompletedResult[] => report.results.filter((r): r is CompletedResult => r.status === 'completed');

/** "classic" for the lab's bare counter, else the payload size: the x or colour of a sweep. */
const payloadLabel = (r: CompletedResult): string => payloadWords(r);

/** Payload labels in measuring order (classic first, then ascending sizes): the sort of every payload axis. */
function payloadOrder(results: readonly CompletedResult[]): string[] {
  const sorted = [...results].sort((a, b) => Number(a.framing === 'binary') - Number(b.framing === 'binary') || a.payloadBytes - b.payloadBytes);
  return [...new Set(sorted.map(payloadLabel))];
}

/** More than one payload (or wire) per transport: draw one panel per transport. */
const isSweep = (results: readonly CompletedResult[]): boolean => payloadOrder(results).length > 1;

const transports = (report: Report): string[] => [...new Set(report.results.map((r) => r.transport))];

/** One colour per transport, the same in every chart of a report. */
const transportColor = (report: Report, legend: boolean) => ({
  field: 'transport',
  type: 'nominal',
  scale: { domain: transports(report) },
  ...(legend ? {} : { legend: null }),
});

/** Small multiples: one panel per transport, panel title = transport name, in the report's order. */
function facetByTransport(report: Report, spec: VegaLiteSpec, independentY = false): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    columns: COLUMNS,
    facet: { field: 'transport', type: 'nominal', title: null, sort: transports(report), header: { labelFontSize: 13, labelFontWeight: 'bold', labelPadding: 4 } },
    ...(independentY ? { resolve: { scale: { y: 'independent' } } } : {}),
    spec: { ...PANEL, ...spec },
  };
}

/** Median round trips/s per transport × payload as bars, the 95 % CI (log scale) as a rule, every repeat as a tick. */
export function throughputChart(report: Report): Chart | null {
  const results = completed(report);
  if (results.length === 0) return null;
  const sweep = isSweep(results);
  const rows = results.map((r) => ({ transport: r.transport, payload: payloadLabel(r), median: r.roundTripsPerSec.median, lo: r.roundTripsPerSec.ci95?.[0] ?? null, hi: r.roundTripsPerSec.ci95?.[1] ?? null }));
  const runs = results.flatMap((r) => r.roundTripsPerSec.runs.map((value, i) => ({ transport: r.transport, payload: payloadLabel(r), run: i + 1, value })));
  // A sweep: payload along x inside each transport's panel. No sweep: one bar per transport.
  const x = sweep
    ? { field: 'payload', type: 'ordinal', title: null, sort: payloadOrder(results), axis: { labelAngle: 0, labelFontSize: 10 } }
    : { field: 'transport', type: 'nominal', title: null, sort: transports(report), axis: { labelAngle: 0 } };
  const y = { type: 'quantitative', title: 'round trips/s' };
  const layer = [
    { data: { values: rows }, mark: 'bar', encoding: { x, y: { field: 'median', ...y }, color: transportColor(report, false) } },
    { data: { values: rows }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' } } },
    { data: { values: runs }, mark: { type: 'tick', color: '#555', opacity: 0.7 }, encoding: { x, y: { field: 'value', ...y } } },
  ];
  return {
    id: 'throughput',
    title: 'Round trips per second',
    caption: `${sweep ? 'One panel per transport, payload sizes along the axis (each panel has its own scale). ' : ''}Bars: median over the repeats. Black lines: 95% confidence interval (log scale, geometric mean; absent with fewer than 3 repeats). Grey ticks: each repeat (a fresh peer).`,
    // Layers with their own data cannot be faceted by field: the sweep facets the data of every layer instead.
    spec: sweep ? facetLayers(layer, (inner) => facetByTransport(report, inner, true)) : { $schema: SCHEMA, width: WIDTH, height: 260, layer },
  };
}

/**
 * Facets a layered chart whose layers carry their own inline data (Vega-Lite facets one dataset only):
 * all rows go into one dataset tagged with their layer, and each layer filters its own back out.
 */
export function facetLayers(layer: ReadonlyArray<{ data: { values: object[] } } & Record<string, unknown>>, facet: (inner: VegaLiteSpec) => VegaLiteSpec): VegaLiteSpec {
  const values = layer.flatMap((l, i) => l.data.values.map((v) => ({ ...v, layer: i })));
  const layers = layer.map(({ data: _data, ...rest }, i) => ({ ...rest, transform: [{ filter: `datum.layer === ${i}` }] }));
  return { ...facet({ layer: layers }), data: { values } };
}

const PERCENTILES = [['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'max']] as const;

/** Latency percentiles per transport × payload, on a log scale (tails are orders of magnitude apart). */
export function latencyChart(report: Report): Chart | null {
  const results = completed(report);
  const rows = results.flatMap((r) => PERCENTILES.map(([key, label]) => ({ transport: r.transport, payload: payloadLabel(r), percentile: label, micros: Math.max(r.latencyMicros[key], 0.001) })));
  if (rows.length === 0) return null;
  const sweep = isSweep(results);
  const encoding = {
    x: { field: 'percentile', type: 'ordinal', sort: PERCENTILES.map(([, label]) => label), title: 'percentile', axis: { labelAngle: 0 } },
    y: { field: 'micros', type: 'quantitative', scale: { type: 'log' }, title: 'µs per round trip' },
    // A sweep: a colour and a shape per payload size (the same in every panel). No sweep: per transport.
    color: sweep ? { field: 'payload', type: 'ordinal', sort: payloadOrder(results), title: 'payload', scale: { scheme: 'viridis' } } : transportColor(report, true),
    ...(sweep ? { shape: { field: 'payload', type: 'ordinal', sort: payloadOrder(results), title: 'payload' } } : {}),
  };
  const mark = { type: 'line', point: true };
  return {
    id: 'latency',
    title: 'Round-trip latency percentiles',
    caption: `${sweep ? 'One panel per transport; colour and shape name the payload size. ' : ''}Microseconds for one round trip, from ${latencySampling(report.config)} (log scale, shared by all panels).`,
    spec: sweep
      ? { ...facetByTransport(report, { mark, encoding }), data: { values: rows } }
      : { $schema: SCHEMA, width: WIDTH, height: 260, data: { values: rows }, mark, encoding },
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
    caption: 'MB/s of payload moved, for each payload size that was measured (log scales). Colour and shape name the transport; each line is labelled at its right end.',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: 300,
      data: { values: rows },
      encoding: {
        x: { field: 'payloadBytes', type: 'quantitative', scale: { type: 'log' }, title: 'payload bytes' },
        y: { field: 'mbPerSec', type: 'quantitative', scale: { type: 'log' }, title: 'MB/s' },
        color: transportColor(report, true),
      },
      layer: [
        { mark: { type: 'line', point: false } },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: { shape: { field: 'transport', type: 'nominal', scale: { domain: transports(report) } } } },
        // The name at the last point of each line, so a series is identifiable without the legend.
        {
          transform: [{ window: [{ op: 'rank', as: 'rank' }], sort: [{ field: 'payloadBytes', order: 'descending' }], groupby: ['transport'] }, { filter: 'datum.rank === 1' }],
          mark: { type: 'text', align: 'left', dx: 6, fontSize: 11 },
          encoding: { text: { field: 'transport' } },
        },
      ],
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
