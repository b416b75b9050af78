import { escapeHtml, htmlHead } from '../report/html';
import { renderSvgs } from '../report/svg';
import type { VegaLiteSpec } from '../report/charts';
import { concurrencyNote, oneLine, type ClassSummary } from './summary';
import type { StudentResult } from './class-run';

/**
 * The class summary as one self-contained HTML page: score histogram, rate distribution, failures
 * per check (each with its most common message), and a table of students. Charts are Vega-Lite
 * rendered to inline SVG now (scripts/vega-svg.mjs); the page loads nothing.
 */
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

interface SummaryChart {
  id: string;
  title: string;
  caption: string;
  spec: VegaLiteSpec;
}

export function summaryCharts(s: ClassSummary): SummaryChart[] {
  const scores = Array.from({ length: Math.floor(s.maxScore) + 1 }, (_, score) => ({ score, students: s.histogram.find((h) => h.score === score)?.students ?? 0 }));
  const charts: SummaryChart[] = [
    {
      id: 'scores',
      title: 'Score histogram',
      caption: `Students per score (out of ${s.maxScore}).`,
      spec: {
        $schema: SCHEMA,
        width: 520,
        height: 220,
        data: { values: scores },
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          x: { field: 'score', type: 'ordinal', title: 'score', axis: { labelAngle: 0 } },
          y: { field: 'students', type: 'quantitative', title: 'students', axis: { tickMinStep: 1 } },
        },
      },
    },
    {
      id: 'failures',
      title: 'Failures per check',
      caption: 'Students who failed each check; the table below gives each check’s most common message.',
      spec: {
        $schema: SCHEMA,
        width: 520,
        height: { step: 26 },
        data: { values: s.checks.map((c) => ({ check: c.name, failed: c.failed })) },
        mark: { type: 'bar', color: '#e45756' },
        encoding: {
          y: { field: 'check', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } },
          x: { field: 'failed', type: 'quantitative', title: 'students who failed it', axis: { tickMinStep: 1 }, scale: { domain: [0, Math.max(1, s.students)] } },
        },
      },
    },
  ];
  if (s.rates.length > 0) {
    charts.splice(1, 0, {
      id: 'rates',
      title: 'Rate distribution',
      caption: 'Round trips per second of each student whose round trips ran (log scale; triangles: cut short by the deadline or a missing 0, the rate so far). Each dot is one student.',
      spec: {
        $schema: SCHEMA,
        width: 520,
        height: 110,
        data: { values: s.rates.map((r) => ({ ...r, kind: r.partial ? 'cut short' : 'complete' })) },
        mark: { type: 'point', size: 70, opacity: 0.8, filled: true },
        encoding: {
          x: { field: 'roundTripsPerSec', type: 'quantitative', title: 'round trips/s', scale: { type: 'log' } },
          yOffset: { field: 'student', type: 'nominal' },
          shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['complete', 'cut short'], range: ['circle', 'triangle'] } },
          tooltip: [{ field: 'student' }, { field: 'roundTripsPerSec', format: ',.0f' }],
        },
      },
    });
  }
  return charts;
}

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
td.n { text-align: right; } .note { color: #555; font-size: 0.9rem; } figure { margin: 1rem 0; } figcaption { color: #555; font-size: 0.9rem; }
.chart svg { max-width: 100%; height: auto; } tr.full td:first-child::after { content: " ✓"; color: #2a7; }`;

function row(cells: string[], numeric: number[] = [], cls = ''): string {
  return `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

export function summaryHtml(s: ClassSummary, results: readonly StudentResult[]): string {
  const charts = summaryCharts(s);
  const svgs = renderSvgs(charts.map((c) => c.spec));
  const figures = charts.map((c, i) => `<figure class="chart" id="${c.id}"><h2>${escapeHtml(c.title)}</h2>\n${svgs[i]}\n<figcaption>${escapeHtml(c.caption)}</figcaption></figure>`).join('\n');
  const checkRows = s.checks.map((c) => row([c.name, String(c.failed), c.mostCommon ? `${c.mostCommon.example} (${c.mostCommon.students})` : ''], [1]));
  const studentRows = results.map(({ student, result }) =>
    row(
      [
        student,
        `${result.score}/${result.maxScore}`,
        result.figures ? `${Math.round(result.figures.roundTripsPerSec).toLocaleString('en-US')}${result.figures.partial ? ' (so far)' : ''}` : '—',
        oneLine(result.checks.find((c) => c.status === 'failed')?.output ?? ''),
      ],
      [1, 2],
      result.score === result.maxScore ? 'full' : '',
    ),
  );
  return `${htmlHead('ipcbench grade: class summary', STYLE)}
<h1>Class summary</h1>
<p>${s.students} students; mean score <b>${s.meanScore.toFixed(2)}</b> / ${s.maxScore}, median ${s.medianScore}; full marks: <b>${s.fullMarks}</b>.</p>
<p class="note">${escapeHtml(concurrencyNote(s))}</p>
${figures}
<h2>Failures per check, with the most common message</h2>
<table id="checks"><thead><tr><th>check</th><th>failed</th><th>most common failure (students)</th></tr></thead><tbody>
${checkRows.join('\n')}
</tbody></table>
<h2>Students</h2>
<table id="students"><thead><tr><th>student</th><th>score</th><th>round trips/s</th><th>first failure</th></tr></thead><tbody>
${studentRows.join('\n')}
</tbody></table>
<p class="note">Containment: ${escapeHtml(s.run.containment)}. Started ${escapeHtml(s.run.startedAt)}.</p>
</body>
</html>
`;
}
