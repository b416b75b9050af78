import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeIfChromium, openBrowser, openFile, type Browser } from '../helpers/chromium';
import { summarize } from '../../src/grading/summary';
import { summaryHtml } from '../../src/grading/summary-html';
import type { StudentResult } from '../../src/grading/class-run';
import type { CheckResult, GradingResult } from '../../src/grading/checklist';

/**
 * The class summary page in a real browser (Debian's chromium via playwright-core): three charts
 * render, the failure table names each check with its most common message, and the page requests
 * nothing. Screenshot: reports/grading-summary-screenshot.png.
 */
const REPORTS = path.join(__dirname, '..', '..', 'reports');

const NAMES = { starts: 'starts and connects within 2 s', handshake: 'handshake: answers 1 with 2', increments: 'every increment correct (50 round trips)', terminates: 'terminates on 0' } as const;

function student(name: string, failures: Partial<Record<keyof typeof NAMES, string>>, rate: number | null): StudentResult {
  const checks: CheckResult[] = Object.entries(NAMES).map(([id, checkName]) => {
    const failure = failures[id as keyof typeof NAMES];
    return { id: id as CheckResult['id'], name: checkName, status: failure ? 'failed' : 'passed', score: failure ? 0 : 1, maxScore: 1, output: failure ?? 'ok' };
  });
  const result: GradingResult = {
    peer: { command: 'python3 client.py {host} {port}', transport: 'tcp', role: 'responder', wire: 'line', rounds: 50, timeoutMs: 2000 },
    checks,
    score: checks.reduce((s, c) => s + c.score, 0),
    maxScore: checks.length,
    figures: rate === null ? null : { roundTrips: 50, seconds: 50 / rate, roundTripsPerSec: rate, meanLatencyMicros: 1e6 / rate },
    peerOutput: '',
    containment: 'PID namespace',
    notes: [],
    seconds: 1,
  };
  return { student: name, result };
}

const EARLY = 'the program closed the stream after its last reply, before ipcbench sent 0: it must read the 0, then close';
const results = [
  student('ada', {}, 5200),
  student('bob', { terminates: EARLY }, 3100),
  student('cy', { terminates: EARLY }, 4100),
  student('dee', { starts: 'no connection to 127.0.0.1:4000 within 2 s', handshake: 'not run: the program did not start', increments: 'not run: the program did not start', terminates: 'not run: the program did not start' }, null),
  student('eve', { increments: 'round trip 14 of 50 timed: sent 39; the program closed its end of the stream; it ended with exit status 1; its output ends with:\nTraceback (most recent call last):\nRuntimeError: boom' }, null),
  student('fay', {}, 12000),
];

jest.setTimeout(60_000);

describeIfChromium('the grading summary')('grading summary page in headless chromium', () => {
  let browser: Browser;
  const file = path.join(REPORTS, 'grading-summary-browser-test.html');

  beforeAll(async () => {
    const summary = summarize(results, { jobs: 2, wallSeconds: 12.5, containment: 'PID namespace + unprivileged uid + rlimits', startedAt: '2026-11-25T16:00:00.000Z' });
    fs.mkdirSync(REPORTS, { recursive: true });
    fs.writeFileSync(file, summaryHtml(summary, results));
    browser = await openBrowser({ width: 1100, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the score histogram, the rate distribution and the failures per check; names the most common failure; requests nothing', async () => {
    const { page, requests } = await openFile(browser, file);
    const charts = await page.$$eval('figure.chart', (figures) => figures.map((f) => ({ id: f.id, box: f.querySelector('svg')!.getBoundingClientRect().toJSON() as { width: number; height: number } })));
    expect(charts.map((c) => c.id)).toEqual(['scores', 'rates', 'failures']);
    for (const { box } of charts) {
      expect(box.width).toBeGreaterThan(200);
      expect(box.height).toBeGreaterThan(80);
    }
    const checkRows = await page.$$eval('#checks tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(checkRows).toContainEqual(['terminates on 0', '3', `${EARLY} (2)`]);
    expect(checkRows).toContainEqual(['starts and connects within 2 s', '1', 'no connection to 127.0.0.1:4000 within 2 s (1)']);
    const failuresChart = await page.$eval('#failures svg', (svg) => svg.textContent ?? '');
    expect(failuresChart).toContain('terminates on 0');
    const body = await page.innerText('body');
    expect(body).toContain('6 students; mean score 2.83 / 4');
    expect(body).toContain('graded 2 at a time on');
    expect(body).toContain('RuntimeError: boom');
    await page.screenshot({ path: path.join(REPORTS, 'grading-summary-screenshot.png'), fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  });
});
