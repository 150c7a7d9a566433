import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestMatchingSeries, descriptionSimilarity, type SeriesDescriptor } from './seriesMatch';

const series = (
  seriesInstanceUID: string,
  modality: string,
  description: string,
  attributes: Record<string, unknown> = {},
  imageCount = 60,
): SeriesDescriptor => ({ seriesInstanceUID, modality, description, attributes, imageCount });

test('an MR is matched by weighting before description', () => {
  const current = series('now', 'MR', 'AX T2 HASTE', { weighting: 'T2' });
  const prior = [
    series('t1', 'MR', 'AX T1 VIBE', { weighting: 'T1' }),
    series('t2', 'MR', 'tse axial', { weighting: 'T2' }),
    series('ct', 'CT', 'AX T2 HASTE'),
  ];
  assert.equal(bestMatchingSeries(current, prior)?.seriesInstanceUID, 't2');
});

test('a CT is matched by contrast phase, then by the closest description', () => {
  const current = series('now', 'CT', 'Abdomen portal venous', { contrast: 'portal-venous' });
  const prior = [
    series('nc', 'CT', 'Abdomen non-contrast', { contrast: 'none' }),
    series('pv', 'CT', 'ABD PV 5mm', { contrast: 'portal-venous' }),
    series('pv2', 'CT', 'Abdomen portal venous 5mm', { contrast: 'portal-venous' }),
  ];
  assert.equal(bestMatchingSeries(current, prior)?.seriesInstanceUID, 'pv2');
  // Without attributes (no extension), the description decides.
  assert.equal(
    bestMatchingSeries(series('x', 'CT', 'CT NC abdomen'), [series('a', 'CT', 'CT PV'), series('b', 'CT', 'NC abdomen')])
      ?.seriesInstanceUID,
    'b',
  );
});

test('no series of the modality: no match; ties go to the longer series', () => {
  assert.equal(bestMatchingSeries(series('x', 'CT', 'a'), [series('m', 'MR', 'a')]), null);
  assert.equal(
    bestMatchingSeries(series('x', 'CT', 'a'), [series('short', 'CT', 'b', {}, 3), series('long', 'CT', 'b', {}, 60)])?.seriesInstanceUID,
    'long',
  );
});

test('descriptions compare by words', () => {
  assert.equal(descriptionSimilarity('t1_vibe_FS', 'T1 VIBE fs'), 1);
  assert.equal(descriptionSimilarity('', ''), 0);
});
