import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from './inventoryStore';
import type { EmhInventory, LesionExport } from './inventoryTypes';
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
import {
  compareLesionIds,
  DASH,
  DEFAULT_SORT,
  formatAreaCm2,
  formatCm,
  formatHu,
  formatMeanSd,
  formatNumber,
  formatRatio,
  formatSigned,
  generalWarnings,
  liverCallView,
  locationText,
  muscleSeriesGroups,
  nextSort,
  rowWarnings,
  signalView,
  sizeView,
  sortLesions,
  summarisedLiverSeries,
  warningsByLesion,
} from './inventoryRows';

/** The worked-up sample case, with the sites of the truth table filled in. */
function sampleInventory(): EmhInventory {
  const store = createInventoryStore();
  for (const annotation of sampleCaseAnnotations()) store.upsert(annotation);
  for (const t of LESION_TRUTH) store.updateLesion(t.id, { site: t.site, laterality: t.laterality });
  return store.inventory();
}

const lesion = (inventory: EmhInventory, id: string): LesionExport => {
  const found = inventory.lesions.find((l) => l.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

const ids = (lesions: readonly LesionExport[]): string[] => lesions.map((l) => l.id);

describe('number formatting', () => {
  it('shows a dash, never 0, for what was not measured', () => {
    for (const format of [formatHu, formatRatio, formatCm, formatAreaCm2, formatSigned]) {
      assert.equal(format(null), DASH);
      assert.equal(format(undefined), DASH);
    }
    assert.equal(formatNumber(Number.NaN, 1), DASH);
    assert.equal(formatMeanSd(null, 8), DASH);
  });

  it('gives HU one decimal, ratios two, cm one from mm', () => {
    assert.equal(formatHu(103), '103.0');
    assert.equal(formatHu(-100), '-100.0');
    assert.equal(formatRatio(0.6), '0.60');
    assert.equal(formatRatio(1.025), '1.02');
    assert.equal(formatCm(57), '5.7');
    assert.equal(formatCm(28.000000000000007), '2.8');
  });

  it('does not print "-0.0" for a value that rounds to zero', () => {
    assert.equal(formatHu(-0.04), '0.0');
    assert.equal(formatSigned(-0.04), '0.0');
  });

  it('signs differences and writes areas in cm²', () => {
    assert.equal(formatSigned(41), '+41.0');
    assert.equal(formatSigned(-12.25), '-12.3');
    assert.equal(formatAreaCm2(200), '2.00 cm²');
    assert.equal(formatMeanSd(48, 8), '48.0 ± 8.0');
  });
});

describe('lesion rows of the sample case', () => {
  const inventory = sampleInventory();

  it('reads L4 presacral as 10.0 x 5.7 cm', () => {
    assert.deepEqual(sizeView(lesion(inventory, 'L4')), { kind: 'cm', text: '10.0 x 5.7 cm' });
    assert.equal(sizeView(lesion(inventory, 'L1')).text, '4.2 x 2.8 cm');
  });

  it('reads L1 as T1 1.00 iso and T2 0.60 hypo, with the muscle means in the tooltip', () => {
    const t1 = signalView(lesion(inventory, 'L1').t1, 'T1');
    const t2 = signalView(lesion(inventory, 'L1').t2, 'T2');
    assert.equal(t1.text, '1.00 iso');
    assert.equal(t2.ratio, '0.60');
    assert.equal(t2.call, 'hypo');
    assert.equal(t2.text, '0.60 hypo');
    assert.equal(t2.override, null);
    assert.equal(t2.inForce, 'hypo');
    assert.match(t2.title, /Lesion 180\.0 \/ muscle 300\.0/);
  });

  it('shows an override beside the automatic call, never instead of it', () => {
    const store = createInventoryStore();
    for (const annotation of sampleCaseAnnotations()) store.upsert(annotation);
    store.updateLesion('L1', { t2Override: 'iso' });
    const t2 = signalView(lesion(store.inventory(), 'L1').t2, 'T2');
    assert.equal(t2.text, '0.60 hypo → override: iso');
    assert.equal(t2.call, 'hypo');
    assert.equal(t2.override, 'iso');
    assert.equal(t2.inForce, 'iso');
  });

  it('says where the lesion was measured', () => {
    assert.equal(locationText(lesion(inventory, 'L4')), 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST, image 50');
    assert.equal(locationText({ refs: [] }), 'Not on any image yet');
  });

  it('has no lesion warnings once every site is set', () => {
    const byLesion = warningsByLesion(inventory.warnings);
    for (const t of LESION_TRUTH) assert.deepEqual(rowWarnings(byLesion, t.id), []);
    assert.deepEqual(generalWarnings(inventory.warnings), []);
  });
});

describe('a lesion measured on an image without pixel spacing', () => {
  const store = createInventoryStore();
  store.upsert(axesAnnotation('ax-px', CT_PLAIN, 20, 42, 28, undefined, null));
  const inventory = store.inventory();
  const row = inventory.lesions[0] as LesionExport;

  it('shows pixels, labelled uncalibrated, and no cm', () => {
    const size = sizeView(row);
    assert.deepEqual(size, { kind: 'px', text: 'uncalibrated: 42 x 28 px' });
    assert.doesNotMatch(size.text, /cm|mm/);
  });

  it('lists the uncalibrated warning in the row, and keeps "site not set" for the site cell', () => {
    const warnings = rowWarnings(warningsByLesion(inventory.warnings), row.id);
    assert.deepEqual(
      warnings.map((w) => w.code),
      ['uncalibrated'],
    );
  });

  it('shows dashes for the values it does not have', () => {
    assert.equal(formatMeanSd(row.ct.meanHU, row.ct.sdHU), DASH);
    const t1 = signalView(row.t1, 'T1');
    assert.equal(t1.text, DASH);
    assert.equal(t1.measured, false);
    assert.match(t1.title, /No T1 ROI/);
  });
});

describe('signal without a muscle reference', () => {
  it('has no ratio and no call, and says why', () => {
    const store = createInventoryStore();
    store.upsert(signalAnnotation('t2-only', MR_T2, 15, 'lesion', 180));
    const row = store.inventory().lesions[0] as LesionExport;
    const t2 = signalView(row.t2, 'T2');
    assert.equal(t2.ratio, DASH);
    assert.equal(t2.call, null);
    assert.equal(t2.text, DASH);
    assert.match(t2.title, /No muscle reference on the T2 series/);
    const codes = rowWarnings(warningsByLesion(store.inventory().warnings), row.id).map((w) => w.code);
    assert.ok(codes.includes('no-muscle-reference'));
    assert.ok(codes.includes('no-measurement'));
  });
});

describe('sorting', () => {
  const inventory = sampleInventory();

  it('sorts ids numerically: L2 before L10', () => {
    assert.ok(compareLesionIds('L2', 'L10') < 0);
    assert.ok(compareLesionIds('L10', 'L9') > 0);
    assert.ok(compareLesionIds('L3', 'Lesion A') < 0);
    assert.deepEqual(['L10', 'L2', 'L1'].sort(compareLesionIds), ['L1', 'L2', 'L10']);
  });

  it('toggles the direction on the same column and starts another ascending', () => {
    const bySize = nextSort(DEFAULT_SORT, 'size');
    assert.deepEqual(bySize, { key: 'size', direction: 'ascending' });
    assert.deepEqual(nextSort(bySize, 'size'), { key: 'size', direction: 'descending' });
    assert.deepEqual(nextSort(nextSort(bySize, 'size'), 'size'), bySize);
    assert.deepEqual(nextSort(bySize, 'ct'), { key: 'ct', direction: 'ascending' });
  });

  it('sorts by each column of the truth table', () => {
    assert.deepEqual(ids(sortLesions(inventory.lesions, { key: 'size', direction: 'descending' })), ['L4', 'L1', 'L2', 'L5', 'L3']);
    // L1 and L2 are both 48 HU: the tie keeps id order in both directions.
    assert.deepEqual(ids(sortLesions(inventory.lesions, { key: 'ct', direction: 'ascending' })), ['L4', 'L5', 'L1', 'L2', 'L3']);
    assert.deepEqual(ids(sortLesions(inventory.lesions, { key: 'ct', direction: 'descending' })), ['L3', 'L1', 'L2', 'L5', 'L4']);
    assert.deepEqual(ids(sortLesions(inventory.lesions, { key: 't2', direction: 'ascending' })), ['L5', 'L4', 'L1', 'L2', 'L3']);
    assert.deepEqual(ids(sortLesions(inventory.lesions, { key: 't1', direction: 'descending' }))[0], 'L4');
    assert.deepEqual(ids(sortLesions(inventory.lesions, { key: 'site', direction: 'ascending' })), ['L2', 'L1', 'L3', 'L4', 'L5']);
    assert.deepEqual(ids(sortLesions(inventory.lesions, { key: 'id', direction: 'descending' })), ['L5', 'L4', 'L3', 'L2', 'L1']);
  });

  it('puts unmeasured rows last in both directions, and pixel sizes after cm', () => {
    const store = createInventoryStore();
    for (const annotation of sampleCaseAnnotations()) store.upsert(annotation);
    const empty = store.newLesion();
    store.upsert(axesAnnotation('ax-px', CT_PLAIN, 20, 400, 300, undefined, null));
    const lesions = store.inventory().lesions;
    for (const direction of ['ascending', 'descending'] as const) {
      const sorted = ids(sortLesions(lesions, { key: 'size', direction }));
      assert.equal(sorted[sorted.length - 1], empty, direction);
      assert.equal(sorted[sorted.length - 2], 'L7', direction);
      const ct = ids(sortLesions(lesions, { key: 'ct', direction }));
      assert.deepEqual(ct.slice(-2), [empty, 'L7'], direction);
      const site = ids(sortLesions(lesions, { key: 'site', direction }));
      assert.deepEqual(site.slice(-7), ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'], direction);
    }
  });

  it('does not reorder the array it is given', () => {
    const before = ids(inventory.lesions);
    sortLesions(inventory.lesions, { key: 'size', direction: 'descending' });
    assert.deepEqual(ids(inventory.lesions), before);
  });
});

describe('liver summary', () => {
  it('reads the sample liver as 103 HU, above 54–60 HU', () => {
    const { liver } = sampleInventory();
    assert.equal(formatHu(liver.meanHU), '103.0');
    assert.equal(formatHu(liver.pixelWeightedMeanHU), '103.0');
    assert.deepEqual(liverCallView(liver), { text: 'Above 54–60 HU', inForce: 'above', automaticNote: null });
    assert.equal(formatSigned(liver.liverMinusSpleenHU), '+41.0');
    assert.equal(formatRatio(liver.liverToSpleenRatio), '1.66');
    assert.deepEqual(summarisedLiverSeries(liver), [CT_PLAIN]);
  });

  it('shows an override with the automatic call beside it', () => {
    const store = createInventoryStore();
    for (const annotation of sampleCaseAnnotations()) store.upsert(annotation);
    store.setLiverCallOverride('within');
    const view = liverCallView(store.inventory().liver);
    assert.equal(view.text, 'Within 54–60 HU');
    assert.equal(view.automaticNote, 'automatic: above');
  });

  it('makes no call on an enhanced series, and keeps other series out of the confirmation', () => {
    const store = createInventoryStore();
    store.upsert(huAnnotation('pv', CT_PORTAL, 5, 'liver', 115));
    const { liver } = store.inventory();
    assert.equal(liverCallView(liver).text, 'No call');
    assert.deepEqual(summarisedLiverSeries(liver), [CT_PORTAL]);
  });

  it('shows dashes with no liver ROI', () => {
    const { liver } = createInventoryStore().inventory();
    assert.equal(formatHu(liver.meanHU), DASH);
    assert.equal(formatSigned(liver.liverMinusSpleenHU), DASH);
    assert.equal(liverCallView(liver).text, 'No call');
  });
});

describe('muscle references', () => {
  it('groups them per MR series with the automatic weighting and the override', () => {
    const store = createInventoryStore();
    for (const annotation of sampleCaseAnnotations()) store.upsert(annotation);
    store.setSeriesWeighting(MR_T2, 'STIR');
    const groups = muscleSeriesGroups(store.inventory());
    assert.deepEqual(
      groups.map((g) => [g.description, g.automaticWeighting, g.weightingOverride, g.references.length]),
      [
        ['AX T1 TSE', 'T1', null, 3],
        ['AX T2 TSE', 'T2', 'STIR', 3],
      ],
    );
    assert.equal(groups[0]?.references[0]?.mean, 400);
  });

  it('lists an MR series that has lesion ROIs but no muscle reference yet', () => {
    const store = createInventoryStore();
    store.upsert(signalAnnotation('t1-lesion', MR_T1, 15, 'lesion', 400));
    const groups = muscleSeriesGroups(store.inventory());
    assert.equal(groups.length, 1);
    assert.equal(groups[0]?.references.length, 0);
  });
});
