import * as path from 'node:path';
import { describeIfChromium, openBrowser, openFile, type Browser } from '../helpers/chromium';
import { writeHtmlReport } from '../../src/report/html';
import { completed, errored, fixtureReport } from '../helpers/report-fixture';

/**
 * The HTML report in a real browser (Debian's chromium via playwright-core): the charts render, every
 * transport is named, and opening the page makes no request at all. Screenshot: reports/report-screenshot.png.
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
});
