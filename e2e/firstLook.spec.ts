import { test } from '@playwright/test';
import { truth } from './helpers';
import { checkFirstLook } from './support/firstLookCheck';

/**
 * The first look of one manifest opened alone (support/firstLookCheck.ts; a PACS study's is in
 * pacs.spec.ts, beside its Orthanc).
 */

/** The sample CT (square pixels) and the oblique CT of non-square pixels (0.8 x 1.2 mm). */
const OPENINGS = [
  { name: 'ct', url: '/?manifest=sample/manifest.json', rows: truth.geometry.rows, columns: truth.geometry.columns },
  {
    name: 'oblique',
    url: `/?manifest=sample-oblique/${truth.obliqueSeries.manifest}`,
    rows: truth.obliqueSeries.rows,
    columns: truth.obliqueSeries.columns,
  },
];

for (const opening of OPENINGS)
  test(`the first look shows the opening image before the viewer draws it, then the viewer draws the same image in the same place (${opening.name})`, async ({
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await checkFirstLook(browser, testInfo, opening);
  });
