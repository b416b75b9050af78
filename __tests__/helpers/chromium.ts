import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium, driven by playwright-core; specs that need it skip with the reason when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

export function describeIfChromium(what: string): jest.Describe {
  if (!hasChromium) console.warn(`skipping the browser test of ${what}: ${CHROMIUM} not found (apt-get install chromium)`);
  return hasChromium ? describe : describe.skip;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless chromium with a fresh profile (playwright passes it as --user-data-dir), removed on close. */
export async function openBrowser(viewport: { width: number; height: number }): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcbench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a local HTML file; `requests` collects every URL the page asked for besides itself. */
export async function openFile(browser: Browser, file: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.context.newPage();
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests };
}
