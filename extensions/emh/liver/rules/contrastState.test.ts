import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { contrastState, effectiveContrastState, hasContrastAgent } from './contrastState';

const state = (input: Parameters<typeof contrastState>[0]): string => contrastState(input).state;

describe('contrastState: enhanced', () => {
  it('when ContrastBolusAgent is non-empty (the sample portal venous series: IOHEXOL)', () => {
    assert.equal(state({ contrastBolusAgent: 'IOHEXOL', seriesDescription: 'CT ABDOMEN PORTAL VENOUS' }), 'enhanced');
  });

  it('when ContrastBolusAgentSequence or ContrastBolusUsageSequence is present', () => {
    assert.equal(state({ hasContrastBolusAgentSequence: true }), 'enhanced');
    assert.equal(state({ hasContrastBolusUsageSequence: true }), 'enhanced');
  });

  it('even when the description says non-contrast: the attributes win', () => {
    assert.equal(state({ contrastBolusAgent: 'Omnipaque', seriesDescription: 'NON-CONTRAST' }), 'enhanced');
  });
});

describe('contrastState: unenhanced', () => {
  it('when no attribute is present and the description says so', () => {
    const descriptions = [
      'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST',
      'CT ABD non-contrast',
      'NONCONTRAST CT',
      'Non Contrast',
      'CT A/P W/O',
      'ct w/o contrast',
      'PLAIN CT ABDOMEN',
      'Unenhanced',
      'UN-ENHANCED',
      'NECT',
      'CT ABD NC',
      'NC CT',
      'abd_nc',
      'CT NC 5mm',
      'non-enhanced',
      'PRE-CONTRAST',
    ];
    for (const seriesDescription of descriptions) {
      assert.equal(state({ seriesDescription }), 'unenhanced', seriesDescription);
    }
  });

  it('reads the protocol name as well', () => {
    assert.equal(state({ seriesDescription: 'Body 5.0', protocolName: 'ABD_WO_CONTRAST NC' }), 'unenhanced');
  });

  it('treats an empty, padded or "NONE" agent as no agent', () => {
    for (const agent of ['', '   ', '\0', 'NONE', 'none', 'No', 'N/A', null, undefined]) {
      assert.equal(hasContrastAgent(agent), false, String(agent));
      assert.equal(state({ contrastBolusAgent: agent, seriesDescription: 'WITHOUT CONTRAST' }), 'unenhanced', String(agent));
    }
  });
});

describe('contrastState: unknown', () => {
  it('when neither the attributes nor the description say', () => {
    assert.equal(state({}), 'unknown');
    assert.equal(state({ seriesDescription: 'CT ABDOMEN' }), 'unknown');
    assert.equal(state({ seriesDescription: 'CT ABDOMEN PORTAL VENOUS' }), 'unknown');
  });

  it('counts NC only as a whole word, not inside one', () => {
    for (const seriesDescription of ['SYNC', 'NCAP', 'FUNC', 'BRONCHUS', 'NC5', 'ENCEPHALON']) {
      assert.equal(state({ seriesDescription }), 'unknown', seriesDescription);
    }
    assert.equal(state({ seriesDescription: 'EXPLAINED' }), 'unknown', '"plain" only as a word');
    assert.equal(state({ seriesDescription: 'NECTAR' }), 'unknown', '"NECT" only as a word');
  });

  it('when the description mentions both phases', () => {
    for (const seriesDescription of ['CT WITH AND W/O CONTRAST', 'CT W/O AND W CONTRAST', 'CT W&WO', 'NC + portal venous']) {
      assert.equal(state({ seriesDescription }), 'unknown', seriesDescription);
    }
  });

  it('explains itself', () => {
    assert.match(contrastState({ contrastBolusAgent: 'IOHEXOL' }).reason, /IOHEXOL/);
  });
});

describe('effectiveContrastState', () => {
  it('prefers the user confirmation and falls back to the automatic state', () => {
    assert.equal(effectiveContrastState('unknown', 'unenhanced'), 'unenhanced');
    assert.equal(effectiveContrastState('unknown', null), 'unknown');
  });
});
