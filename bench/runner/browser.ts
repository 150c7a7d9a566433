/**
 * One fresh headless Chromium per measured run. A new browser (Playwright gives each launch
 * its own temporary profile directory) means a cold HTTP cache, no compiled-code cache and
 * no leftover workers from an earlier run.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM } from './paths';
import { CHROMIUM_ARGS } from '../../scripts/chromium';

export { CHROMIUM_ARGS };

/** Same window for both pages: CPU rendering cost scales with canvas pixels. */
export const WINDOW = { width: 1280, height: 800 };

export interface FreshBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchFresh(): Promise<FreshBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: WINDOW, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
