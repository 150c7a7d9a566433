import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium';

/**
 * The EMH plugin inside OHIF (e2e/ohif*.spec.ts): `npm run test:ohif`. Not in the default
 * `npm test` yet; the spec starts its own Orthanc and OHIF server on EMH_E2E_PORT (+1).
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: /[\\/]ohif[^\\/]*\.spec\.ts$/,
  outputDir: 'e2e/artifacts/ohif-output',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
});
