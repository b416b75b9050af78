import { reportHtml, escapeHtml } from '../../src/report/html';
import { reportCharts } from '../../src/report/charts';
import { renderSvgs } from '../../src/report/svg';
import { completed, errored, fixtureReport } from '../helpers/report-fixture';

const sweep = fixtureReport([
  completed('ipc', [14000, 14500, 13800]),
  completed('tcp', [20000, 21000, 19000]),
  completed('tcp', [900, 950, 920], 65536),
  completed('ipc', [700, 720, 710], 65536),
  errored('udp', 'udp: handshake: expected 2, got <3>'),
]);

describe('reportCharts()', () => {
  it('makes throughput and latency charts, and the MB/s chart only when payloads were sent', () => {
    expect(reportCharts(sweep).map((c) => c.id)).toEqual(['throughput', 'latency', 'payload']);
    expect(reportCharts(fixtureReport([completed('ipc', [1, 2])])).map((c) => c.id)).toEqual(['throughput', 'latency']);
    expect(reportCharts(fixtureReport([errored('ipc', 'x')]))).toEqual([]);
  });

  it('keeps all chart data inline (no URL a renderer could fetch)', () => {
    for (const chart of reportCharts(sweep)) expect(JSON.stringify(chart.spec)).not.toMatch(/"url"/);
  });
});

describe('reportHtml()', () => {
  const charts = reportCharts(sweep);
  const html = reportHtml(sweep, charts, renderSvgs(charts.map((c) => c.spec)));

  it('inlines one SVG per chart, and has no script and no external resource', () => {
    expect(html.match(/<svg[\s>]/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    const urls = html.match(/(?:src|href)=["']?[a-z]+:\/\//gi) ?? [];
    expect(urls).toEqual([]);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes text from the report', () => {
    expect(html).toContain('udp: handshake: expected 2, got &lt;3&gt;');
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });
});
