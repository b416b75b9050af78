import * as path from 'node:path';
import { describeIfChromium, openBrowser, openFile, type Browser } from '../helpers/chromium';
import { writeHtmlReport } from '../../src/report/html';
import { writeFileAtomic } from '../../src/report/json';
import { abHtmlPage } from '../../src/report/ab-html';
import { completed, errored, fixtureReport, skipped } from '../helpers/report-fixture';
import { abFixture } from '../helpers/ab-fixture';
import type { BenchResult } from '../../src/types';

/**
 * The HTML report in a real browser (Debian's chromium via playwright-core): the charts render, every
 * transport is named, and opening the page makes no request at all. Screenshot: reports/report-screenshot.png.
 * At sweep size (8 transports × 5 payloads, 37 completed) every transport gets its own titled panel and
 * every payload its own colour + shape: reports/report-sweep-screenshot.png. The A/B page: reports/ab-screenshot.png.
 */
const REPORTS = path.join(__dirname, '..', '..', 'reports');

const report = fixtureReport([
  completed('ipc', [14000, 14500, 13800, 14200, 14100]),
  completed('ipc-advanced', [12000, 12500, 11800, 12300, 12100]),
  completed('tcp', [20000, 21000, 19000, 20500, 19900]),
  completed('tcp', [5000, 5200, 4900, 5100, 5000], 1024),
  completed('tcp', [900, 950, 920, 930, 910], 65536),
  completed('ipc', [3000, 3100, 2950, 3050, 3000], 1024),
  completed('ipc', [700, 720, 710, 705, 715], 65536),
  errored('udp', 'udp: handshake: expected 2, got 3'),
]);
const transports = ['ipc', 'ipc-advanced', 'tcp', 'udp'];

const SWEEP_TRANSPORTS = ['ipc', 'ipc-advanced', 'tcp', 'unix', 'stdio', 'worker', 'sab', 'udp'];
const SIZES = [0, 64, 1024, 65_536, 1_048_576];
const sweep = fixtureReport(
  SWEEP_TRANSPORTS.flatMap((t, ti) =>
    SIZES.map((size, si): BenchResult => {
      if (t === 'udp' && size >= 65_536) return { ...skipped(t, 'payload over the datagram limit', size), framing: 'binary' };
      if (t === 'stdio' && size === 1_048_576) return { ...skipped(t, 'not measured', size), framing: 'binary' };
      const base = (30_000 - ti * 2_500) / (1 + si * si * 0.6);
      return { ...completed(t, [1, 1.03, 0.97, 1.01, 0.99].map((f) => base * f), size), framing: 'binary' };
    }),
  ),
);

async function visibleCharts(browser: Browser, file: string, screenshot: string): Promise<{ sizes: number[][]; chartText: string; requests: string[] }> {
  const { page, requests } = await openFile(browser, file);
  const sizes = await page.$$eval('figure.chart svg', (svgs) => svgs.map((svg) => svg.getBoundingClientRect()).map((r) => [r.width, r.height]));
  const chartText = await page.$$eval('figure.chart svg', (svgs) => svgs.map((svg) => svg.textContent ?? '').join(' '));
  await page.screenshot({ path: path.join(REPORTS, screenshot), fullPage: true });
  await page.close();
  return { sizes, chartText, requests };
}

jest.setTimeout(60_000);

describeIfChromium('the HTML report')('HTML report in headless chromium', () => {
  let browser: Browser;
  const file = path.join(REPORTS, 'report-browser-test.html');

  beforeAll(async () => {
    writeHtmlReport(file, report);
    browser = await openBrowser({ width: 1200, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart as a visible SVG, names every transport, and requests nothing', async () => {
    const { page, requests } = await openFile(browser, file);
    const sizes = await page.$$eval('figure.chart svg', (svgs) => svgs.map((svg) => svg.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(sizes).toHaveLength(3);
    for (const [width, height] of sizes) {
      expect(width).toBeGreaterThan(100);
      expect(height).toBeGreaterThan(100);
    }
    const chartText = await page.$$eval('figure.chart svg', (svgs) => svgs.map((svg) => svg.textContent ?? '').join(' '));
    for (const name of ['ipc', 'ipc-advanced', 'tcp']) expect(chartText).toContain(name);
    const pageText = await page.innerText('body');
    for (const name of transports) expect(pageText).toContain(name);
    await page.screenshot({ path: path.join(REPORTS, 'report-screenshot.png'), fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  });

  it('at sweep size (37 series): one titled panel per transport, payload sizes named, nothing fetched', async () => {
    const file = path.join(REPORTS, 'report-sweep-browser-test.html');
    writeHtmlReport(file, sweep);
    const { sizes, chartText, requests } = await visibleCharts(browser, file, 'report-sweep-screenshot.png');
    expect(sizes).toHaveLength(3);
    for (const [width, height] of sizes) {
      expect(width).toBeGreaterThan(300);
      expect(width).toBeLessThanOrEqual(1200); // fits the viewport: no sideways scrolling
      expect(height).toBeGreaterThan(150);
    }
    for (const name of SWEEP_TRANSPORTS) expect(chartText).toContain(name);
    for (const size of ['64 B', '1 KiB', '64 KiB', '1 MiB']) expect(chartText).toContain(size);
    expect(chartText).not.toMatch(/…\d+ entries/); // no legend cut short
    expect(requests).toEqual([]);
  });

  it('the A/B page: verdicts and every pair in time order with the interval', async () => {
    const file = path.join(REPORTS, 'ab-browser-test.html');
    const drift = Array.from({ length: 10 }, (_, i): [number, number] => [20_000, 20_000 * (1.02 - i * 0.01)]);
    const slower = Array.from({ length: 10 }, (_, i): [number, number] => [14_000 * (1 + (i % 3) * 0.02), 10_500 * (1 + (i % 2) * 0.03)]);
    const report = abFixture([
      { transport: 'tcp', pairs: drift },
      { transport: 'ipc', pairs: slower },
      { transport: 'unix', pairs: [[15_000, 15_200], [15_100, 14_900]] },
    ]);
    writeFileAtomic(file, abHtmlPage(report));
    const { sizes, chartText, requests } = await visibleCharts(browser, file, 'ab-screenshot.png');
    expect(sizes).toHaveLength(1);
    expect(sizes[0][0]).toBeGreaterThan(300);
    for (const name of ['tcp · 0 B', 'ipc · 0 B', 'unix · 0 B', 'pair (time order)']) expect(chartText).toContain(name);
    // Every panel labels its own extent: ipc's pairs sit near 0.75, far below the 1 that log ticks labelled.
    for (const label of ['0.75', '0.8', '0.9', '0.96', '1.02']) expect(chartText).toContain(label);
    expect(requests).toEqual([]);
  });
});
