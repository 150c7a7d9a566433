import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { resolveThresholds } from '../../inventory/rules/config';
import type { LesionTimepointValues } from './followUpTypes';
import { followUpHints } from './followUpHints';
import { changeAt } from './lesionChange';

const row = (
  timepoint: string,
  longAxisMm: number | null,
  t1Call: LesionTimepointValues['t1Call'],
  t2Call: LesionTimepointValues['t2Call'],
): LesionTimepointValues => ({
  timepoint,
  date: null,
  status: 'measured',
  longAxisMm,
  shortAxisMm: null,
  ctMeanHU: null,
  t1Call,
  t2Call,
});

const codes = (history: LesionTimepointValues[], baseline = 0) =>
  followUpHints(
    history,
    changeAt(
      history.map((r) => r.longAxisMm),
      history.length - 1,
      baseline,
    ),
  ).map((h) => h.code);

describe('followUpHints', () => {
  it('reads T1 turning hyperintense as fatty involution (L1 of the sample follow-up)', () => {
    const hints = followUpHints([row('T1', 42, 'iso', 'hypo'), row('T2', 30, 'hyper', 'hyper')], changeAt([42, 30], 1, 0));
    assert.deepEqual(
      hints.map((h) => [h.code, h.timepoint]),
      [['fatty-involution', 'T2']],
    );
  });

  it('reads T2 turning hypo or markedly hypo as iron deposition, not staying dark', () => {
    assert.deepEqual(codes([row('T1', 30, null, 'iso'), row('T2', 30, null, 'markedly-hypo')]), ['iron-deposition']);
    assert.deepEqual(codes([row('T1', 30, null, 'hyper'), row('T2', 30, null, 'hypo')]), ['iron-deposition']);
    assert.deepEqual(codes([row('T1', 30, null, 'hypo'), row('T2', 30, null, 'markedly-hypo')]), []);
  });

  it('compares with the last earlier time point that has a call', () => {
    assert.deepEqual(codes([row('T1', 30, 'iso', null), row('T2', 30, null, null), row('T3', 30, 'hyper', null)]), ['fatty-involution']);
    assert.deepEqual(codes([row('T1', 30, 'hyper', null), row('T2', 30, 'hyper', null)]), []);
    assert.deepEqual(codes([row('T1', 30, 'hyper', null)]), []);
  });

  it('flags growth of more than 20 % from the nadir, at the configured limit', () => {
    assert.deepEqual(codes([row('T1', 40, null, null), row('T2', 20, null, null), row('T3', 24, null, null)]), []); // exactly 20 %
    assert.deepEqual(codes([row('T1', 40, null, null), row('T2', 20, null, null), row('T3', 25, null, null)]), ['growth-from-nadir']);
    const strict = resolveThresholds({ followUp: { growthFromNadirPct: 10 } });
    const history = [row('T1', 20, null, null), row('T2', 23, null, null)];
    assert.deepEqual(
      followUpHints(history, changeAt([20, 23], 1, 0), strict).map((h) => h.code),
      ['growth-from-nadir'],
    );
  });

  it('flags a lesion seen again after it resolved', () => {
    assert.deepEqual(codes([row('T1', 40, null, null), row('T2', 0, null, null), row('T3', 12, null, null)]), ['reappeared']);
  });
});
