import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { resolveThresholds } from '../../inventory/rules/config';
import { seriesWeighting, weightingFromText, weightingFromTiming } from './seriesWeighting';

describe('weightingFromText', () => {
  it('reads the common names', () => {
    const cases: [string, string][] = [
      ['AX T1 TSE', 'T1'],
      ['AX T2 TSE', 'T2'],
      ['t1_tse_tra', 'T1'],
      ['t2_tse_tra_fs', 'T2'],
      ['Sag T2W', 'T2'],
      ['COR T1WI', 'T1'],
      ['AX-T2-FS', 'T2'],
      ['COR STIR', 'STIR'],
      ['T2 STIR SAG', 'STIR'],
      ['t2_tirm_cor', 'STIR'],
      ['AX FLAIR', 'FLAIR'],
      ['T2 FLAIR', 'FLAIR'],
      ['PD FS COR', 'PD'],
      ['Proton Density', 'PD'],
      ['DWI b800', 'DWI'],
      ['ep2d_diff_b50_800', 'DWI'],
      ['ADC', 'DWI'],
      ['VIBE pre', 'T1'],
      ['HASTE cor', 'T2'],
    ];
    for (const [text, weighting] of cases) assert.equal(weightingFromText(text), weighting, text);
  });

  it('reads T1 FLAIR as T1: it is T1-weighted', () => {
    assert.equal(weightingFromText('AX T1 FLAIR'), 'T1');
    assert.equal(weightingFromText('t1_flair_tra'), 'T1');
  });

  it('does not mistake T2* or SWI for T2, nor maps for weighted images', () => {
    for (const text of ['T2*', 'AX T2* GRE', 't2 * fl2d', 'T2STAR', 'T2 star', 'SWI', 'T2 map', 'T1 MAP MOLLI', 'R2* map', 'PDFF']) {
      assert.equal(weightingFromText(text), 'unknown', text);
    }
  });

  it('says nothing for text without a weighting', () => {
    for (const text of ['', '   ', 'LOCALIZER', 'AX', '*tse2d1_15', 'T12 level', 'PT2 something']) {
      assert.equal(weightingFromText(text), null, text);
    }
    assert.equal(weightingFromText(null), null);
  });
});

describe('weightingFromTiming', () => {
  it('T1 when TR < 800 and TE < 30 (the sample AX T1 TSE: 550 / 12)', () => {
    assert.equal(weightingFromTiming(550, 12), 'T1');
    assert.equal(weightingFromTiming(799.9, 29.9), 'T1');
    assert.equal(weightingFromTiming(800, 12), 'unknown');
    assert.equal(weightingFromTiming(550, 30), 'unknown');
  });

  it('T2 when TR > 2000 and TE > 60 (the sample AX T2 TSE: 4000 / 100)', () => {
    assert.equal(weightingFromTiming(4000, 100), 'T2');
    assert.equal(weightingFromTiming(2000.1, 60.1), 'T2');
    assert.equal(weightingFromTiming(2000, 100), 'unknown');
    assert.equal(weightingFromTiming(4000, 60), 'unknown');
  });

  it('PD when TR > 2000 and TE < 30', () => {
    assert.equal(weightingFromTiming(3000, 20), 'PD');
    assert.equal(weightingFromTiming(2000, 20), 'unknown');
    assert.equal(weightingFromTiming(3000, 30), 'unknown');
  });

  it('is unknown between the bands, without values, or with an inversion pulse', () => {
    assert.equal(weightingFromTiming(1200, 40), 'unknown');
    assert.equal(weightingFromTiming(3000, 45), 'unknown');
    assert.equal(weightingFromTiming(null, 12), 'unknown');
    assert.equal(weightingFromTiming(550, undefined), 'unknown');
    assert.equal(weightingFromTiming(Number.NaN, 12), 'unknown');
    assert.equal(weightingFromTiming(2300, 3, 900), 'unknown', 'MPRAGE timing would otherwise read as PD');
    assert.equal(weightingFromTiming(550, 12, 0), 'T1', 'InversionTime 0 is no inversion');
  });

  it('uses configured limits', () => {
    const t = resolveThresholds({ weighting: { t1MaxTrMs: 1000 } });
    assert.equal(weightingFromTiming(900, 12, null, t), 'T1');
  });
});

describe('seriesWeighting', () => {
  it('lets the user override win over everything', () => {
    const decision = seriesWeighting({ seriesDescription: 'AX T1 TSE', repetitionTimeMs: 550, echoTimeMs: 12, override: 'T2' });
    assert.deepEqual(decision, { weighting: 'T2', source: 'override', reason: 'set by the user' });
  });

  it('prefers the description to timing', () => {
    const decision = seriesWeighting({ seriesDescription: 'COR STIR', repetitionTimeMs: 4000, echoTimeMs: 70 });
    assert.equal(decision.weighting, 'STIR');
    assert.equal(decision.source, 'description');
  });

  it('reads SeriesDescription, then ProtocolName, then SequenceName', () => {
    assert.equal(seriesWeighting({ seriesDescription: 'AX', protocolName: 't2_tse_tra', sequenceName: 'T1' }).weighting, 'T2');
    const bySequence = seriesWeighting({ seriesDescription: 'Series 5', protocolName: '', sequenceName: 'T1_SE' });
    assert.equal(bySequence.weighting, 'T1');
    assert.match(bySequence.reason, /SequenceName/);
  });

  it('falls back to timing, then to unknown', () => {
    assert.deepEqual(seriesWeighting({ seriesDescription: 'AX', repetitionTimeMs: 4000, echoTimeMs: 100 }), {
      weighting: 'T2',
      source: 'timing',
      reason: 'TR 4000 ms, TE 100 ms',
    });
    assert.equal(seriesWeighting({ seriesDescription: 'AX', repetitionTimeMs: 1500, echoTimeMs: 40 }).source, 'none');
    assert.equal(seriesWeighting({}).weighting, 'unknown');
  });

  it('does not let a T2* description fall through to T1-like timing', () => {
    const decision = seriesWeighting({ seriesDescription: 'AX T2* GRE', repetitionTimeMs: 200, echoTimeMs: 5 });
    assert.equal(decision.weighting, 'unknown');
    assert.equal(decision.source, 'description');
  });
});
