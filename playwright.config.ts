import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium';

const PORT = Number(process.env.EMH_E2E_PORT || 8181);
/** The e2e PACS (a real Orthanc started by e2e/pacs.spec.ts) listens here, behind the proxy. */
export const PACS_PORT = Number(process.env.EMH_E2E_PACS_PORT || 8182);

// Specs that start the e2e Orthanc on PACS_PORT (they call startPacs): one at a time, beside the
// rest. Found by reading the specs, so a new one cannot run beside another on the same port.
// The OHIF plugin's specs run from playwright.ohif.config.ts (`npm run test:ohif`), not here.
const OHIF_SPECS = /(^|[\\/])ohif[^\\/]*\.spec\.ts$/;
const PACS_SPECS = readdirSync('e2e').filter(
  (f) => f.endsWith('.spec.ts') && !OHIF_SPECS.test(f) && readFileSync(`e2e/${f}`, 'utf8').includes('startPacs('),
);

// Debian's Chromium, never a downloaded browser; the viewer picks Cornerstone's CPU renderer on
// software WebGL by itself. Two workers on two cores: much of a spec's time is spent waiting
// (loading, workers, validators), so two browsers share the cores well. The PACS specs run in a
// project of their own with one worker, as they share one Orthanc port.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-output',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: Number(process.env.EMH_E2E_WORKERS || 2),
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
  // The PACS project comes first: listed last, its specs (about 3 minutes, one at a time) ran
  // after every other spec had ended, with the second worker idle.
  projects: [
    { name: 'pacs', testMatch: PACS_SPECS, workers: 1 },
    { name: 'viewer', testIgnore: [...PACS_SPECS, OHIF_SPECS] },
  ],
  webServer: {
    command: 'node scripts/serve.mjs',
    url: `http://127.0.0.1:${PORT}/`,
    env: { PORT: String(PORT), DICOMWEB_UPSTREAM: `http://127.0.0.1:${PACS_PORT}` },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
