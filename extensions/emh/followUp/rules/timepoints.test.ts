import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { dayNumber, groupIntoTimepoints, isoDate } from './timepoints';

const study = (studyInstanceUID: string, date: string | null) => ({ studyInstanceUID, date });
const ids = (studies: Parameters<typeof groupIntoTimepoints>[0], window = 30) =>
  groupIntoTimepoints(studies, window).timepoints.map((t) => [t.id, t.date, [...t.studyInstanceUIDs]]);

describe('dayNumber / isoDate', () => {
  it('counts days across month, year and leap-year boundaries', () => {
    assert.equal(dayNumber('20240301')! - dayNumber('20240228')!, 2); // 2024 is a leap year
    assert.equal(dayNumber('20230301')! - dayNumber('20230228')!, 1);
    assert.equal(dayNumber('20250101')! - dayNumber('20241231')!, 1);
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['20240231', '2024-03-12', '202403', '', 'abcdefgh', '20241301']) assert.equal(dayNumber(bad), null, bad);
    assert.equal(dayNumber(null), null);
    assert.equal(isoDate('20240312'), '2024-03-12');
    assert.equal(isoDate('20240231'), null);
  });
});

describe('groupIntoTimepoints', () => {
  it('puts the sample case CT and MR (two days apart) in one time point, the follow-up in the next', () => {
    assert.deepEqual(ids([study('mr', '20240314'), study('ct', '20240312'), study('ct2', '20240910'), study('mr2', '20240912')]), [
      ['T1', '20240312', ['ct', 'mr']],
      ['T2', '20240910', ['ct2', 'mr2']],
    ]);
  });

  it('measures the window from the time point earliest date, across a year boundary', () => {
    // 20 Dec -> 19 Jan is 30 days (joins); 20 Dec -> 20 Jan is 31 days (next time point).
    assert.deepEqual(ids([study('a', '20241220'), study('b', '20250119'), study('c', '20250120')]), [
      ['T1', '20241220', ['a', 'b']],
      ['T2', '20250120', ['c']],
    ]);
  });

  it('does not chain: monthly studies do not creep into one visit', () => {
    // Each 20 days after the previous one, but the third is 40 days after the first.
    assert.deepEqual(ids([study('a', '20240131'), study('b', '20240220'), study('c', '20240311'), study('d', '20240331')]), [
      ['T1', '20240131', ['a', 'b']],
      ['T2', '20240311', ['c', 'd']],
    ]);
  });

  it('takes the window from the configuration', () => {
    assert.equal(groupIntoTimepoints([study('a', '20240312'), study('b', '20240314')], 1).timepoints.length, 2);
    assert.equal(groupIntoTimepoints([study('a', '20240312'), study('b', '20240312')], 0).timepoints.length, 1);
  });

  it('counts a study listed twice once, keeping the date either listing had', () => {
    assert.deepEqual(ids([study('a', null), study('a', '20240312'), study('b', '20240314')]), [['T1', '20240312', ['a', 'b']]]);
  });

  it('makes one time point of studies that are all undated, without a warning', () => {
    const grouping = groupIntoTimepoints([study('a', null), study('b', '')], 30);
    assert.deepEqual(grouping.timepoints, [{ id: 'T1', date: null, studyInstanceUIDs: ['a', 'b'] }]);
    assert.deepEqual(grouping.warnings, []);
  });

  it('puts undated studies in a last time point of their own, with a warning', () => {
    const grouping = groupIntoTimepoints([study('x', null), study('a', '20240312'), study('b', '20240910')], 30);
    assert.deepEqual(
      grouping.timepoints.map((t) => [t.id, t.date, [...t.studyInstanceUIDs]]),
      [
        ['T1', '20240312', ['a']],
        ['T2', '20240910', ['b']],
        ['T3', null, ['x']],
      ],
    );
    assert.equal(grouping.warnings.length, 1);
    assert.equal(grouping.warnings[0]!.code, 'undated-study');
    assert.match(grouping.warnings[0]!.message, /T3/);
  });

  it('gives no time point for no study', () => {
    assert.deepEqual(groupIntoTimepoints([], 30), { timepoints: [], warnings: [] });
  });
});
