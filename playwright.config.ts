import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium';

const PORT = Number(process.env.EMH_E2E_PORT || 8181);
/** The e2e PACS (a real Orthanc started by e2e/pacs.spec.ts) listens here, behind the proxy. */
export const PACS_PORT = Number(process.env.EMH_E2E_PACS_PORT || 8182);

// Debian's Chromium, never a downloaded browser. Two cores and no GPU: one worker, and the
// viewer picks Cornerstone's CPU renderer on software WebGL by itself.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-output',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.EMH_E2E_JSON || 'e2e/artifacts/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: 'node scripts/serve.mjs',
    url: `http://127.0.0.1:${PORT}/`,
    env: { PORT: String(PORT), DICOMWEB_UPSTREAM: `http://127.0.0.1:${PACS_PORT}` },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
