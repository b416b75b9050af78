import { reportCharts, type Chart } from './charts';
import { renderSvgs } from './svg';
import { RESULT_HEADER, resultRows } from './rows';
import { formatNumber } from './console';
import { latencySampling, runtimeWords, wireLine } from './labels';
import { writeFileAtomic } from './json';
import { assertReport } from './schema';
import type { Report } from '../types';

/**
 * A self-contained HTML report: charts as inline SVG rendered now, tables, environment. No script, no
 * external resource; a Content-Security-Policy forbids fetching anything, so it opens offline and the
 * same everywhere (CI artifacts, mail attachments).
 */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function htmlTable(header: readonly string[], rows: readonly string[][]): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr${row[2] === 'ERROR' ? ' class="error"' : ''}>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The start of every self-contained page: a CSP that forbids fetching anything, the title, the style. */
export function htmlHead(title: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>`;
}

export const PAGE_STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; } tr.error td { color: #a00; }
figure { margin: 1rem 0; } figcaption { color: #555; font-size: 0.9rem; } .chart svg { max-width: 100%; height: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; } dt { color: #555; } dd { margin: 0; }`;

export function reportHtml(report: Report, charts: readonly Chart[], svgs: readonly string[]): string {
  const { env, config } = report;
  const title = `ipcbench ${report.tool.version}: ${config.transports.join(', ')}`;
  const facts: [string, string][] = [
    ['machine', `${env.os}, kernel ${env.kernel}, ${env.arch}`],
    ['CPU', `${env.cpuModel}, ${env.cores} logical cores, affinity ${env.affinity?.join(',') ?? 'unknown'}`],
    ['runtime', `${runtimeWords(env)}, V8 ${env.v8}${env.runtime ? `, ${env.runtime.executable}` : ''}`],
    ['load average', env.loadAverage.map((l) => l.toFixed(2)).join(' ')],
    ['started', env.startedAt],
    ['plan', `${formatNumber(config.roundTrips)} round trips × ${config.repeats} repeats after ${formatNumber(config.warmup)} warm-up; ${wireLine(report)}`],
  ];
  const figures = charts
    .map((chart, i) => `<figure class="chart" id="${chart.id}">\n<h2>${escapeHtml(chart.title)}</h2>\n${svgs[i]}\n<figcaption>${escapeHtml(chart.caption)}</figcaption>\n</figure>`)
    .join('\n');
  const noPayload = charts.some((c) => c.id === 'payload') ? '' : '<p>No payload sweep in this report: MB/s applies only to runs that send a payload.</p>';
  return `${htmlHead(title, PAGE_STYLE)}
<h1>${escapeHtml(title)}</h1>
<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<h2>Results</h2>
${htmlTable(RESULT_HEADER, resultRows(report.results))}
${figures}
${noPayload}
<h2>How to read this</h2>
<ul>
<li><b>round trips/s</b>: median over the repeats; each repeat starts a fresh peer. One round trip is a request and its reply.</li>
<li><b>95% CI</b>: Student-t interval on the log scale (of the geometric mean of the repeats, never below zero; "too few repeats" below 3); <b>CV</b> is sd / mean, marked noisy above 10%.</li>
<li><b>latency</b>: percentiles of single round trips, from ${escapeHtml(latencySampling(report.config))}.</li>
<li><b>MB/s</b>: payload bytes moved per second, for runs that send a payload.</li>
</ul>
</body>
</html>
`;
}

/** Validates the report and renders the whole page, charts included. */
export function htmlPage(report: Report): string {
  assertReport(report, 'the report');
  const charts = reportCharts(report);
  return reportHtml(report, charts, renderSvgs(charts.map((c) => c.spec)));
}

/** Renders the page and writes it atomically. */
export function writeHtmlReport(file: string, report: Report): void {
  writeFileAtomic(file, htmlPage(report));
}
