import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactSite } from './compactSite';

const label = (lesion: Parameters<typeof compactSite>[0]): string => {
  const { site, side } = compactSite(lesion);
  return side === null ? site : `${site}, ${side}`;
};

test('compact site labels: abbreviated site, side as R / L / bilat., free text for other', () => {
  assert.equal(label({ site: 'paraspinal-thoracic', laterality: 'right', siteText: null }), 'Paraspinal th., R');
  assert.equal(label({ site: 'presacral', laterality: null, siteText: null }), 'Presacral');
  assert.equal(label({ site: 'paracostal', laterality: 'bilateral', siteText: null }), 'Paracostal, bilat.');
  assert.equal(label({ site: 'other', laterality: 'left', siteText: ' Adrenal ' }), 'Adrenal, L');
  assert.equal(label({ site: 'other', laterality: null, siteText: '' }), 'Other');
  assert.equal(label({ site: null, laterality: null, siteText: null }), 'Site not set');
});

test('the side stays apart from the site, so an ellipsis never hides it', () => {
  assert.deepEqual(compactSite({ site: 'paraspinal-lumbar', laterality: 'left', siteText: null }), { site: 'Paraspinal lumb.', side: 'L' });
  assert.deepEqual(compactSite({ site: null, laterality: 'right', siteText: null }), { site: 'Site not set', side: 'R' });
});
