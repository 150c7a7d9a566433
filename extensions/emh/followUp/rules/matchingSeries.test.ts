import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchingSeries } from './matchingSeries';

const series = [
  { seriesInstanceUID: 'old-t2', studyInstanceUID: 'mr-2024-03', modality: 'MR', description: 'AX T2 TSE' },
  { seriesInstanceUID: 'new-t1', studyInstanceUID: 'mr-2024-09', modality: 'MR', description: 'AX T1 TSE' },
  { seriesInstanceUID: 'new-t2', studyInstanceUID: 'mr-2024-09', modality: 'MR', description: 'ax t2 tse ' },
  { seriesInstanceUID: 'new-ct', studyInstanceUID: 'ct-2024-09', modality: 'CT', description: 'CT CAP' },
];

test('the same kind of series on the current study, else any of the same modality, else none', () => {
  const t2 = { seriesInstanceUID: 'old-t2', modality: 'MR', seriesDescription: 'AX T2 TSE' };
  assert.equal(matchingSeries(t2, series, ['mr-2024-09', 'ct-2024-09'])?.seriesInstanceUID, 'new-t2');
  const ct = { seriesInstanceUID: 'old-ct', modality: 'CT', seriesDescription: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST' };
  assert.equal(matchingSeries(ct, series, ['mr-2024-09', 'ct-2024-09'])?.seriesInstanceUID, 'new-ct');
  assert.equal(matchingSeries(ct, series, ['mr-2024-09']), null, 'no CT on the current study');
});
