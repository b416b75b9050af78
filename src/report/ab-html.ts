import { escapeHtml, htmlHead, htmlTable, PAGE_STYLE } from './html';
import { renderSvgs } from './svg';
import { gateRows } from './rows';
import { displayName, percent, runtimeWords } from './labels';
import { assertAbReport, type AbReport } from './ab-json';
import { abHeader } from './ab-text';
import type { VegaLiteSpec } from './charts';
import { ratioTicks } from './ratio-ticks';

/**
 * The A/B page: the verdicts, then every pair's ratio B/A in the order measured with the interval of
 * the geometric mean behind it — a trend across pairs (drift that did not cancel) or one wild pair is
 * visible at a glance. One small panel per benchmark, so a sweep stays readable.
 */
export function pairRatioChart(report: AbReport): VegaLiteSpec | null {
  const compared = report.comparisons.filter((c) => c.pairs.length > 0);
  if (compared.length === 0) return null;
  const columns = Math.min(3, compared.length);
  const x = { field: 'pair', type: 'quantitative', title: 'pair (time order)', axis: { tickMinStep: 1, format: 'd' }, scale: { domain: [0.5, report.plan.pairs + 0.5] } };
  // One panel per benchmark (concat, not facet): each gets its own labelled ticks (see ratio-ticks.ts).
  const panels = compared.map((c) => {
    const points = c.pairs.map((p) => ({ pair: p.index, ratio: p.b / p.a, order: p.order === 'AB' ? 'A then B' : 'B then A' }));
    const band = { ratio: c.ratio, lo: c.ci?.[0] ?? null, hi: c.ci?.[1] ?? null, floor: 1 - report.settings.threshold, one: 1 };
    const extent = [...points.map((p) => p.ratio), band.ratio, band.lo, band.hi, band.floor, band.one].filter((v): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v));
    const y = {
      type: 'quantitative',
      scale: { type: 'log', zero: false, nice: false, padding: 8 },
      axis: { values: ratioTicks(Math.min(...extent), Math.max(...extent)), format: '~r', labelOverlap: 'greedy' },
      title: 'B/A round trips/s',
    };
    const bandLayer = (mark: object, encoding: object) => ({ data: { values: [band] }, mark, encoding });
    return {
      title: { text: displayName(c), fontSize: 13 },
      width: columns === 1 ? 560 : 300,
      height: 170,
      layer: [
        bandLayer({ type: 'rect', color: '#4c78a8', opacity: 0.18 }, { y: { field: 'lo', ...y }, y2: { field: 'hi' } }),
        bandLayer({ type: 'rule', color: '#4c78a8', strokeWidth: 2 }, { y: { field: 'ratio', ...y } }),
        bandLayer({ type: 'rule', color: '#999' }, { y: { field: 'one', ...y } }),
        bandLayer({ type: 'rule', color: '#c00', strokeDash: [5, 4] }, { y: { field: 'floor', ...y } }),
        {
          data: { values: points },
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            x,
            y: { field: 'ratio', ...y },
            shape: { field: 'order', type: 'nominal', title: 'pair order' },
            color: { field: 'order', type: 'nominal', scale: { domain: ['A then B', 'B then A'], range: ['#222', '#e45756'] }, title: 'pair order' },
          },
        },
      ],
    };
  });
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', columns, concat: panels };
}

export function abHtml(report: AbReport, chartSvg: string | null): string {
  const { a, b } = report.arms;
  const headline = report.passed ? 'no regression' : 'REGRESSION';
  const facts: [string, string][] = [
    ['arm A', `${a.command} — ${runtimeWords(a.report.env)}`],
    ['arm B', `${b.command} — ${runtimeWords(b.report.env)}`],
    ['machine', `${a.report.env.os}, kernel ${a.report.env.kernel}, ${a.report.env.cpuModel}, ${a.report.env.cores} logical cores`],
    ['load average', a.report.env.loadAverage.map((l) => l.toFixed(2)).join(' ')],
    ['started', a.report.env.startedAt],
    ['plan', `${report.plan.pairs} pairs A B B A … × ${report.plan.roundTrips} round trips after ${report.plan.warmup} warm-up; fresh peer per repeat`],
    ['gate', `regression = paired t-test on ln(B/A) significant at α ${report.settings.alpha} and B/A < ${(1 - report.settings.threshold).toFixed(2)}`],
    ...report.envDifferences.map((d): [string, string] => ['note', `the arms differ in ${d}`]),
  ];
  const chart = chartSvg
    ? `<figure class="chart" id="pairs">\n<h2>B/A per pair, in time order</h2>\n${chartSvg}\n<figcaption>Each dot is one pair (black: A ran first, red: B ran first), log scale. Blue line and band: geometric-mean ratio and its ${percent(1 - 2 * report.settings.alpha, 0)} interval (absent with too few pairs). Grey: no change (1). Red dashes: the regression threshold. A trend along the pairs is drift the interleaving did not cancel.</figcaption>\n</figure>`
    : '<p>No pair was measured on both arms: nothing to chart.</p>';
  return `${htmlHead(`ipcbench ab: ${headline}`, PAGE_STYLE)}
<h1>ipcbench ab: ${escapeHtml(headline)}</h1>
<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<h2>Verdicts</h2>
${htmlTable(abHeader(report), gateRows(report))}
${chart}
</body>
</html>
`;
}

/** Validates, renders the chart, returns the page. */
export function abHtmlPage(report: AbReport): string {
  assertAbReport(report);
  const spec = pairRatioChart(report);
  return abHtml(report, spec ? renderSvgs([spec])[0] : null);
}
