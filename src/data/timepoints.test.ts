import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayNumber, groupTimepoints, isLaterVisit, isoDate, latestVisitSeries, timepointOf } from './timepoints';

const study = (studyInstanceUID: string, date: string | null) => ({ studyInstanceUID, date });

test('the sample case: CT and MR two days apart are one visit, the follow-up six months later the next', () => {
  const timepoints = groupTimepoints([
    study('fu-mr', '20240912'),
    study('ct', '20240312'),
    study('fu-ct', '20240910'),
    study('mr', '20240314'),
  ]);
  assert.deepEqual(timepoints, [
    { id: 'T1', date: '20240312', studyInstanceUIDs: ['ct', 'mr'] },
    { id: 'T2', date: '20240910', studyInstanceUIDs: ['fu-ct', 'fu-mr'] },
  ]);
  assert.equal(timepointOf(timepoints, 'fu-mr'), 'T2');
  assert.equal(timepointOf(timepoints, 'other'), null);
});

test('a study joins when within the window of the time point’s earliest date, not of its latest', () => {
  const timepoints = groupTimepoints([study('a', '20240101'), study('b', '20240125'), study('c', '20240205')]);
  // c is 11 days after b but 35 days after a: a new visit.
  assert.deepEqual(
    timepoints.map((t) => t.studyInstanceUIDs),
    [['a', 'b'], ['c']],
  );
  assert.deepEqual(
    groupTimepoints([study('a', '20240101'), study('b', '20240131')]).map((t) => t.id),
    ['T1'],
  );
  assert.deepEqual(
    groupTimepoints([study('a', '20240101'), study('b', '20240201')]).map((t) => t.id),
    ['T1', 'T2'],
  );
});

test('the window is configurable', () => {
  assert.equal(groupTimepoints([study('a', '20240101'), study('b', '20240103')], 1).length, 2);
  assert.equal(groupTimepoints([study('a', '20240101'), study('b', '20240301')], 90).length, 1);
});

test('undated studies: all undated are one time point; among dated ones they are a last one', () => {
  assert.deepEqual(groupTimepoints([study('a', ''), study('b', null)]), [{ id: 'T1', date: null, studyInstanceUIDs: ['a', 'b'] }]);
  assert.deepEqual(groupTimepoints([study('x', 'garbage'), study('a', '20240101'), study('b', '20240231')]), [
    { id: 'T1', date: '20240101', studyInstanceUIDs: ['a'] },
    { id: 'T2', date: null, studyInstanceUIDs: ['x', 'b'] },
  ]);
  assert.deepEqual(groupTimepoints([]), []);
});

test('same-day studies keep the order they were given in', () => {
  assert.deepEqual(groupTimepoints([study('b', '20240101'), study('a', '20240101')])[0].studyInstanceUIDs, ['b', 'a']);
});

test('dates', () => {
  assert.equal(dayNumber('19700102'), 1);
  assert.equal(dayNumber('20240230'), null);
  assert.equal(isoDate('20240312'), '2024-03-12');
  assert.equal(isoDate(null), null);
});

test('a later visit: by time point, not by date alone; an undated study is never later', () => {
  const studies = [study('ct', '20240312'), study('mr', '20240314'), study('fu', '20240910'), study('x', null)];
  assert.equal(isLaterVisit(studies, 'fu', 'ct'), true);
  assert.equal(isLaterVisit(studies, 'mr', 'ct'), false);
  assert.equal(isLaterVisit(studies, 'ct', 'fu'), false);
  assert.equal(isLaterVisit(studies, 'x', 'fu'), false);
});

test('several studies arriving together open on the first series of the latest visit', () => {
  const series = (uid: string, images = 1) => ({
    studyInstanceUID: uid.split(':')[0],
    seriesUID: uid,
    imageIds: Array(images).fill('x') as string[],
  });
  const dated = (uid: string, date: string | null, ...list: ReturnType<typeof series>[]) => ({
    studyInstanceUID: uid,
    studyDate: date,
    series: list,
  });
  const baseline = dated('ct', '20240312', series('ct:1'), series('ct:2'));
  const followUp = dated('fu-ct', '20240910', series('fu-ct:1', 0), series('fu-ct:2'));
  const followUpMr = dated('fu-mr', '20240912', series('fu-mr:1'));
  assert.equal(latestVisitSeries([baseline, followUp], null)?.seriesUID, 'fu-ct:2');
  // Same visit: what is shown stays (the MR two days later is no later visit).
  assert.equal(latestVisitSeries([baseline, followUp, followUpMr], 'fu-mr')?.seriesUID, 'fu-mr:1');
  assert.equal(latestVisitSeries([baseline, followUpMr, followUp], null)?.seriesUID, 'fu-mr:1');
  // Undated studies are never later.
  assert.equal(latestVisitSeries([baseline, dated('x', null, series('x:1'))], null)?.seriesUID, 'ct:1');
  assert.equal(latestVisitSeries([], null), undefined);
});
