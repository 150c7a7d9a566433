import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choiceOrNull, optionalText, point, segment, text } from './commandArgs';

test('points are [column, row] of finite numbers; a segment is two of them', () => {
  assert.deepEqual(point([12.5, 3], 'centre'), [12.5, 3]);
  assert.throws(() => point([1, Number.NaN], 'centre'), /"centre" must be \[column, row\]/);
  assert.throws(() => point([1, 2, 3], 'centre'), /"centre" must be/);
  assert.deepEqual(
    segment(
      [
        [0, 0],
        [4, 3],
      ],
      'longAxis',
    ),
    [
      [0, 0],
      [4, 3],
    ],
  );
  assert.throws(() => segment([[0, 0]], 'longAxis'), /"longAxis" must be \[\[column, row\], \[column, row\]\]/);
});

test('text must be a non-empty string; optional text may be absent but not empty', () => {
  assert.equal(text({ site: 'presacral' }, 'site'), 'presacral');
  assert.throws(() => text({ site: '' }, 'site'), /"site" must be a non-empty string/);
  assert.throws(() => text({}, 'site'), /"site"/);
  assert.equal(optionalText({}, 'label'), undefined);
  assert.throws(() => optionalText({ label: 3 }, 'label'), /"label"/);
});

test('a choice is one of the known words, or null to give the automatic value back', () => {
  const isWeighting = (v: unknown): v is 'T1' | 'T2' => v === 'T1' || v === 'T2';
  assert.equal(choiceOrNull({ weighting: 'T2' }, 'weighting', isWeighting, 'weighting'), 'T2');
  assert.equal(choiceOrNull({}, 'weighting', isWeighting, 'weighting'), null);
  assert.equal(choiceOrNull({ weighting: null }, 'weighting', isWeighting, 'weighting'), null);
  assert.throws(() => choiceOrNull({ weighting: 'PD' }, 'weighting', isWeighting, 'weighting'), /Unknown weighting PD/);
});
