import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { writeHtmlReport } from '../../src/report/html';
import { completed, errored, fixtureReport } from '../helpers/report-fixture';

/**
 * The HTML report in a real browser (Debian's chromium via playwright-core): the charts render, every
 * transport is named, and opening the page makes no request at all. Screenshot: reports/report-screenshot.png.
 */
const CHROMIUM = '/usr/bin/chromium';
const REPORTS = path.join(__dirname, '..', '..', 'reports');
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the browser test of the HTML report: ${CHROMIUM} not found (apt-get install chromium)`);
const describeIfChromium = hasChromium ? describe : describe.skip;

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

describeIfChromium('HTML report in headless chromium', () => {
  let browser: BrowserContext;
  let userDataDir: string;
  const file = path.join(REPORTS, 'report-browser-test.html');

  beforeAll(async () => {
    writeHtmlReport(file, report);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-chromium-'));
    // A fresh profile every time (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it('renders every chart as a visible SVG, names every transport, and requests nothing', async () => {
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
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
