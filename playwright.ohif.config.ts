import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium';

/**
 * The EMH plugin inside OHIF (e2e/ohif*.spec.ts): `npm run test:ohif`, and a step of `npm test`
 * (scripts/test.mjs fetches OHIF and builds the plugin first). The spec starts its own Orthanc
 * and OHIF server on EMH_E2E_PORT (+1).
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: /[\\/]ohif[^\\/]*\.spec\.ts$/,
  outputDir: 'e2e/artifacts/ohif-output',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.EMH_E2E_JSON || 'e2e/artifacts/ohif-results.json' }]],
  use: {
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
