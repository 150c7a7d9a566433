import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhAnnotation } from './annotationTypes';
import { createInventoryStore, type EmhInventoryStore } from './inventoryStore';
import { formatLesionAxes } from '../../lesions/rules/lesionMeasurement';
import {
  axesAnnotation,
  CT_PLAIN,
  CT_PORTAL,
  huAnnotation,
  LESION_TRUTH,
  MR_T1,
  MR_T2,
  sampleCaseAnnotations,
  signalAnnotation,
} from './sampleCase.fixture';

const near = (actual: number | null | undefined, expected: number, tolerance = 1e-9): void => {
  assert.ok(actual != null && Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);
};

function sampleStore(extra: EmhAnnotation[] = []): EmhInventoryStore {
  const store = createInventoryStore();
  for (const annotation of [...sampleCaseAnnotations(), ...extra]) {
    const result = store.upsert(annotation);
    assert.ok(result.ok, result.ok ? '' : result.reason);
  }
  for (const t of LESION_TRUTH) {
    assert.ok(store.updateLesion(t.id, { site: t.site, laterality: t.laterality }).ok);
  }
  return store;
}

describe('inventory of the sample case', () => {
  const inventory = sampleStore().inventory();

  it('is the emh-inventory version 1 export object', () => {
    assert.equal(inventory.format, 'emh-inventory');
    assert.equal(inventory.version, 1);
    assert.ok(!('patient' in inventory));
    assert.deepEqual(JSON.parse(JSON.stringify(inventory)), inventory, 'plain JSON, nothing lost');
  });

  it('has one row per lesion, L1 to L5, in order', () => {
    assert.deepEqual(
      inventory.lesions.map((l) => l.id),
      ['L1', 'L2', 'L3', 'L4', 'L5'],
    );
  });

  it('matches the truth table: size, CT, T1 and T2 calls', () => {
    const expectedCalls: Record<string, [string, string]> = {
      L1: ['iso', 'hypo'],
      L2: ['iso', 'hypo'],
      L3: ['iso', 'hyper'],
      L4: ['iso', 'hypo'],
      L5: ['hypo', 'hypo'],
    };
    for (const t of LESION_TRUTH) {
      const row = inventory.lesions.find((l) => l.id === t.id);
      assert.ok(row, t.id);
      near(row.longAxisMm, t.longMm, 1e-6);
      near(row.shortAxisMm, t.shortMm, 1e-6);
      assert.equal(row.axesPx, null);
      assert.equal(row.ct.meanHU, t.ctHU);
      assert.equal(row.ct.contrast, 'unenhanced');
      near(row.t1.ratio, t.t1Ratio);
      near(row.t2.ratio, t.t2Ratio);
      assert.deepEqual([row.t1.call, row.t2.call], expectedCalls[t.id], t.id);
      assert.equal(row.t1.muscleMean, 400);
      assert.equal(row.t2.muscleMean, 300);
      assert.equal(row.t1.seriesInstanceUID, MR_T1);
      assert.equal(row.t2.seriesInstanceUID, MR_T2);
      assert.equal(row.t1.override, null);
    }
    const l4 = inventory.lesions[3];
    assert.ok(l4);
    assert.equal(
      formatLesionAxes({ calibrated: true, longAxisMm: l4.longAxisMm ?? 0, shortAxisMm: l4.shortAxisMm ?? 0 }, 'L4'),
      'L4 10.0 x 5.7 cm',
    );
  });

  it('codes sites and laterality', () => {
    const [l1, , l3, l4, l5] = inventory.lesions;
    assert.equal(l1?.siteLabel, 'Paraspinal, thoracic, right');
    assert.equal(l1?.lateralityCode?.value, '24028007');
    assert.equal(l3?.siteCode?.value, '122496007');
    assert.equal(l3?.lateralityCode?.value, '7771000');
    assert.equal(l4?.siteCode?.value, '54735007');
    assert.equal(l4?.siteModifierCode?.value, '255549009');
    assert.equal(l4?.laterality, null);
    assert.equal(l5?.siteCode?.value, '78961009');
  });

  it('uses the muscle reference on the same slice', () => {
    const l3 = inventory.lesions[2];
    assert.equal(l3?.t1.muscleReferenceUID, 'm-t1-35');
    assert.equal(l3?.t2.muscleReferenceUID, 'm-t2-35');
    assert.equal(l3?.t2.muscleDistanceMm, 0);
    assert.equal(inventory.lesions[4]?.t2.muscleReferenceUID, 'm-t2-35', 'L5 at instance 30 is 25 mm from instance 35');
  });

  it('gives the hints: T2 hypo -> iron or burnt-out; L3 T2 hyper -> active', () => {
    assert.deepEqual(
      inventory.lesions.map((l) => l.hints.map((h) => h.code)),
      [['iron-or-burnt-out'], ['iron-or-burnt-out'], ['active'], ['iron-or-burnt-out'], ['iron-or-burnt-out']],
    );
  });

  it('lists the measurement image first in refs, then the value images', () => {
    const refs = inventory.lesions[0]?.refs ?? [];
    assert.deepEqual(
      refs.map((r) => r.annotationUID),
      ['ax-L1', 'hu-L1', 't1-L1', 't2-L1'],
    );
    assert.deepEqual(refs[0], {
      annotationUID: 'ax-L1',
      kind: 'lesionAxes',
      studyInstanceUID: '1.2.826.0.1.3680043.10.1.1',
      seriesInstanceUID: CT_PLAIN,
      sopInstanceUID: `${CT_PLAIN}.15`,
      frame: 1,
      instanceNumber: 15,
      modality: 'CT',
      seriesDescription: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST',
    });
  });

  it('summarises the liver: 103 HU, above 54-60, spleen 62, +41', () => {
    const { liver } = inventory;
    assert.equal(liver.rois.length, 4);
    near(liver.meanHU, 103);
    near(liver.pixelWeightedMeanHU, 103);
    assert.deepEqual(liver.normalRangeHU, [54, 60]);
    assert.equal(liver.call, 'above');
    assert.equal(liver.callOverride, null);
    assert.equal(liver.contrast, 'unenhanced');
    assert.equal(liver.spleenMeanHU, 62);
    near(liver.liverMinusSpleenHU, 41);
    assert.deepEqual(
      liver.context.map((c) => c.code),
      ['iron', 'dense-liver-causes'],
    );
    assert.deepEqual(liver.warnings, []);
    assert.deepEqual(Object.keys(liver.rois[0] ?? {}).slice(0, 9), [
      'annotationUID',
      'organ',
      'meanHU',
      'sdHU',
      'minHU',
      'maxHU',
      'areaMm2',
      'pixelCount',
      'ref',
    ]);
  });

  it('lists the muscle references per MR series', () => {
    assert.equal(inventory.muscleReferences.length, 6);
    assert.deepEqual(
      inventory.muscleReferences.filter((m) => m.seriesInstanceUID === MR_T1).map((m) => [m.weighting, m.mean]),
      [
        ['T1', 400],
        ['T1', 400],
        ['T1', 400],
      ],
    );
  });

  it('has no warnings for a complete work-up', () => {
    assert.deepEqual(inventory.warnings, []);
  });
});

describe('inventory rules', () => {
  it('keeps the portal venous liver out of the summary, listed and flagged', () => {
    const { liver } = sampleStore([huAnnotation('liver-pv', CT_PORTAL, 5, 'liver', 115)]).inventory();
    near(liver.meanHU, 103);
    assert.equal(liver.rois.find((r) => r.annotationUID === 'liver-pv')?.inSummary, false);
    assert.equal(liver.rois.find((r) => r.annotationUID === 'liver-left')?.inSummary, true);
    assert.deepEqual(
      liver.warnings.map((w) => w.code),
      ['contrast-mixed'],
    );
  });

  it('never exports mm for an uncalibrated measurement, keeps pixels and warns', () => {
    const store = createInventoryStore();
    store.upsert(axesAnnotation('a', CT_PLAIN, 15, 42, 28, undefined, null));
    const { lesions, warnings } = store.inventory();
    assert.equal(lesions[0]?.longAxisMm, null);
    assert.equal(lesions[0]?.shortAxisMm, null);
    assert.deepEqual(lesions[0]?.axesPx, { longAxisPx: 42, shortAxisPx: 28 });
    assert.ok(warnings.some((w) => w.code === 'uncalibrated' && w.lesionId === 'L1'));
  });

  it('prefers a calibrated measurement, then the latest, and says so', () => {
    const store = createInventoryStore();
    store.upsert(axesAnnotation('ct', CT_PLAIN, 15, 42, 28, 'L1'));
    store.upsert(axesAnnotation('px', CT_PLAIN, 15, 80, 50, 'L1', null));
    let inventory = store.inventory();
    near(inventory.lesions[0]?.longAxisMm, 42, 1e-6);
    assert.ok(inventory.warnings.some((w) => w.code === 'several-measurements'));
    store.upsert(axesAnnotation('mr', MR_T2, 15, 43, 29, 'L1'));
    inventory = store.inventory();
    near(inventory.lesions[0]?.longAxisMm, 43, 1e-6);
    assert.equal(inventory.lesions[0]?.refs[0]?.annotationUID, 'mr');
  });

  it('has null ratios and a warning when the series has no muscle reference; never 0', () => {
    const store = createInventoryStore();
    store.upsert(signalAnnotation('t1', MR_T1, 15, 'lesion', 400));
    store.upsert(signalAnnotation('m2', MR_T2, 15, 'muscle', 300)); // other series: ignored for T1
    const { lesions, warnings } = store.inventory();
    assert.equal(lesions[0]?.t1.ratio, null);
    assert.equal(lesions[0]?.t1.call, null);
    assert.equal(lesions[0]?.t1.lesionMean, 400);
    assert.equal(lesions[0]?.t1.muscleMean, null);
    assert.deepEqual(lesions[0]?.t2, {
      ratio: null,
      call: null,
      override: null,
      lesionMean: null,
      muscleMean: null,
      seriesInstanceUID: null,
      annotationUID: null,
      muscleReferenceUID: null,
      muscleDistanceMm: null,
    });
    assert.deepEqual(lesions[0]?.ct, { meanHU: null, sdHU: null, areaMm2: null, contrast: null, annotationUID: null });
    assert.deepEqual(warnings.map((w) => w.code).sort(), ['no-measurement', 'no-muscle-reference', 'site-not-set']);
  });

  it('warns for a far muscle reference and a tiny lesion ROI, with the lesion id', () => {
    const store = createInventoryStore();
    store.upsert(signalAnnotation('m', MR_T2, 15, 'muscle', 300));
    store.upsert(signalAnnotation('l', MR_T2, 22, 'lesion', 180, undefined, { pixelCount: 19, areaMm2: 42 }));
    const { lesions, warnings } = store.inventory();
    assert.equal(lesions[0]?.t2.call, 'indeterminate');
    const codes = warnings.map((w) => w.code);
    for (const code of ['muscle-far', 'roi-small-area', 'roi-few-pixels']) assert.ok((codes as string[]).includes(code), code);
    assert.ok(warnings.every((w) => w.lesionId === 'L1'));
  });

  it('warns when a signal ROI is on a series that is neither T1 nor T2', () => {
    const store = createInventoryStore();
    const stir = { modality: 'MR', description: 'COR STIR', weighting: 'STIR', contrast: 'unknown' } as const;
    store.upsert({ ...signalAnnotation('l', 'mr-stir', 15, 'lesion', 500), series: stir });
    assert.ok(store.inventory().warnings.some((w) => w.code === 'weighting-not-tagged'));
  });

  it('changes the hint when the radiologist overrides a call', () => {
    const store = sampleStore();
    store.updateLesion('L3', { t1Override: 'hyper' });
    const l3 = store.inventory().lesions[2];
    assert.equal(l3?.t1.call, 'iso');
    assert.deepEqual(
      l3?.hints.map((h) => h.code),
      ['fatty-old'],
    );
  });

  it('warns about a laterality on a midline site', () => {
    const store = createInventoryStore();
    store.newLesion({ site: 'presacral', laterality: 'left' });
    assert.ok(store.inventory().warnings.some((w) => w.code === 'laterality-on-midline-site'));
  });

  it('adds patient and studies when given, never in a teaching export', () => {
    const store = createInventoryStore();
    const patient = { name: 'EMH^Phantom', id: 'EMH-0001', sex: 'M', age: '034Y', birthDate: null };
    const studies = [{ studyInstanceUID: '1.2', description: 'CT', date: '20240101', accessionNumber: null }];
    const full = store.inventory({ patient, studies });
    assert.deepEqual(full.patient, patient);
    assert.deepEqual(full.studies, studies);
    const teaching = store.inventory({ patient, studies, teaching: true });
    assert.ok(!('patient' in teaching));
    assert.ok(!('studies' in teaching));
  });
});
