/**
 * Bad input in the browser: about 300 of the unit fuzz's damaged files (e2e/support/fuzzCorpus.ts)
 * are served and opened with `emh.load({urls})` in batches, beside a good CT. Each must end as
 * it ends in Node (src/data/fuzz/classify.ts): read refusals with the very same reason, decode
 * refusals in the list once decoding is done (`emh.refusals()`), images and documents
 * not refused. No uncaught error, and the viewer still answers and shows the right pixels.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorpusEntry } from './support/fuzzCorpus';
import { isReadableReason } from '../src/data/fuzz/refusalPatterns';
import { SAMPLE_DIR } from './fixtures/dicomFixtures';
import { expectImage, expectedGrey, imageToClient, openViewer, screenGrey, seriesUID, truth, watchConsole } from './helpers';

const BATCH = 40;
const LIVER = truth.organs.liver;

test.setTimeout(240_000);

let corpusDir = '';
let corpus: CorpusEntry[] = [];

test.beforeAll(() => {
  corpusDir = mkdtempSync(join(tmpdir(), 'emh-fuzz-'));
  const made = spawnSync('node', ['--import', 'tsx', 'e2e/support/fuzzCorpus.ts', corpusDir], { encoding: 'utf8', timeout: 180_000 });
  if (made.status !== 0) throw new Error(`fuzz corpus: ${made.stderr}`);
  corpus = JSON.parse(readFileSync(join(corpusDir, 'expected.json'), 'utf8')) as CorpusEntry[];
});

test('damaged files end as in Node: same refusals, no uncaught error, the viewer still responds', async ({ page }) => {
  const problems = watchConsole(page);
  if (process.env.FUZZ_DEBUG) page.on('console', (m) => console.log('PAGE', m.type(), m.text().slice(0, 300)));
  await page.route(
    (url) => url.pathname.startsWith('/fuzz/'),
    (route) =>
      route.fulfill({
        body: readFileSync(join(corpusDir, new URL(route.request().url()).pathname.slice('/fuzz/'.length))),
        contentType: 'application/dicom',
      }),
  );
  await openViewer(page, '?empty');
  const good = readdirSync(join(SAMPLE_DIR, 'ct-nc'))
    .filter((name) => name.endsWith('.dcm'))
    .sort();
  const goodReport = await page.evaluate(
    (urls) => window.emh.load({ urls }),
    good.map((name) => `sample/ct-nc/${name}`),
  );
  expect(goodReport).toEqual({ loaded: 60, refused: [], documents: 0 });

  const readRefusals = new Map<string, string[]>();
  let loaded = 0;
  let documents = 0;
  for (let start = 0; start < corpus.length; start += BATCH) {
    const urls = corpus.slice(start, start + BATCH).map((entry) => `fuzz/${entry.file}`);
    const report = await page.evaluate((u) => window.emh.load({ urls: u }), urls);
    loaded += report.loaded;
    documents += report.documents;
    for (const { file, reason } of report.refused) readRefusals.set(file, [...(readRefusals.get(file) ?? []), reason]);
  }
  const everyRefusal = await page.evaluate(() => window.emh.refusals());
  const allRefusals = new Map<string, string[]>();
  for (const { file, reason } of everyRefusal) allRefusals.set(file, [...(allRefusals.get(file) ?? []), reason]);

  const mismatches: string[] = [];
  for (const entry of corpus) {
    const { expected } = entry;
    const atRead = readRefusals.get(entry.file) ?? [];
    const all = allRefusals.get(entry.file) ?? [];
    const seen = `browser: read ${JSON.stringify(atRead)}, all ${JSON.stringify(all)}`;
    if (expected.status === 'refused' && expected.stage === 'read') {
      if (atRead.length !== 1 || atRead[0] !== expected.reason)
        mismatches.push(`${entry.damage}: Node refused at read "${expected.reason}"; ${seen}`);
    } else if (expected.status === 'refused') {
      if (atRead.length > 0 || all.length === 0 || !all.every(isReadableReason)) {
        mismatches.push(`${entry.damage}: Node refused at decode "${expected.reason}"; ${seen}`);
      }
    } else if (all.length > 0) {
      mismatches.push(`${entry.damage}: Node ${expected.status}; ${seen}`);
    }
  }
  const count = (predicate: (entry: CorpusEntry) => boolean): number => corpus.filter(predicate).length;
  const summary = {
    files: corpus.length,
    images: count((e) => e.expected.status === 'image'),
    documents: count((e) => e.expected.status === 'document'),
    readRefusals: count((e) => e.expected.status === 'refused' && e.expected.stage === 'read'),
    decodeRefusals: count((e) => e.expected.status === 'refused' && e.expected.stage === 'decode'),
  };
  console.log(`fuzz in the browser: ${JSON.stringify(summary)}; emh.load counted ${loaded} loaded, ${documents} documents`);
  expect(mismatches).toEqual([]);
  expect(summary.decodeRefusals).toBeGreaterThan(20);
  // Every file is in the report once: loaded (decoded or not), a document, or refused on reading.
  expect(loaded + documents + readRefusals.size).toBe(corpus.length);
  expect(documents).toBe(summary.documents);

  // Still responsive: the series list answers at once, and the good CT shows its liver.
  const listed = await page.evaluate((uid) => {
    const start = performance.now();
    const series = window.emh.series();
    return { ms: performance.now() - start, ct: series.find((s) => s.seriesInstanceUID === uid)?.imageCount };
  }, seriesUID('ct-nc'));
  expect(listed.ct).toBe(60);
  expect(listed.ms).toBeLessThan(500);
  await page.evaluate(([uid, n]) => window.emh.show(uid, { instanceNumber: n }), [seriesUID('ct-nc'), LIVER.recommendedSlice] as const);
  await expectImage(page, LIVER.recommendedSlice, 60);
  await page.keyboard.press('2');
  await expect(page.getByTestId('overlay-0').getByTestId('ov-window')).toHaveText('W 150 L 90');
  const [liver] = await imageToClient(page, [LIVER.rois[0].center]);
  expect(Math.abs((await screenGrey(page, liver, 8)) - expectedGrey(LIVER.ctHU, 150, 90))).toBeLessThan(8);
  await page.keyboard.press('ArrowDown');
  await expectImage(page, LIVER.recommendedSlice + 1, 60);

  // Cornerstone's worker manager logs each failed decode task itself before the loader's promise
  // rejects (and is reported above): a log line, not an uncaught error.
  expect(problems.filter((problem) => !/^console\.error: Error executing method 'decodeTask' on worker/.test(problem))).toEqual([]);
});
