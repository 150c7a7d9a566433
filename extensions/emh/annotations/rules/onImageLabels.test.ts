import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { CT_PLAIN, CT_PORTAL, MR_T2, axesAnnotation, huAnnotation, signalAnnotation } from '../../inventory/rules/sampleCase.fixture';
import { FOLLOW_UP_CONTEXT, followUpStore } from '../../followUp/rules/followUpCase.fixture';
import { annotationLabelLines } from './onImageLabels';

function labelsOf(annotations: EmhAnnotation[]): Map<string, string[]> {
  const store = createInventoryStore();
  for (const annotation of annotations) {
    const result = store.upsert(annotation);
    assert.ok(result.ok, result.ok ? '' : result.reason);
  }
  const inventory = store.inventory();
  return new Map(store.state().annotations.map((a) => [a.annotationUID, annotationLabelLines(a, inventory)]));
}

test('a liver ROI: mean ± SD and area, then its own call against 54–60 HU in words', () => {
  const labels = labelsOf([
    huAnnotation('dense', CT_PLAIN, 28, 'liver', 103.4, undefined, { sd: 7.6, areaMm2: 254.25 }),
    huAnnotation('normal', CT_PLAIN, 30, 'liver', 57, undefined, { sd: 4, areaMm2: 80 }),
    huAnnotation('fatty', CT_PLAIN, 32, 'liver', 40, undefined, { sd: 5, areaMm2: null, pixelCount: 113 }),
    huAnnotation('portal', CT_PORTAL, 8, 'liver', 115, undefined, { sd: 7, areaMm2: 260 }),
  ]);
  assert.deepEqual(labels.get('dense'), ['Liver 103 ± 8 HU, 2.5 cm²', 'above 54–60 HU']);
  assert.deepEqual(labels.get('normal'), ['Liver 57 ± 4 HU, 0.80 cm²', 'within 54–60 HU']);
  // No pixel spacing: the area is given in pixels, never in cm².
  assert.deepEqual(labels.get('fatty'), ['Liver 40 ± 5 HU, 113 px', 'below 54–60 HU']);
  assert.deepEqual(labels.get('portal'), ['Liver 115 ± 7 HU, 2.6 cm²', 'enhanced: no 54–60 HU call']);
});

test('MR ROIs: the lesion gives its ratio to muscle and the call in words; the muscle its values', () => {
  const labels = labelsOf([
    signalAnnotation('muscle', MR_T2, 15, 'muscle', 300, undefined, { sd: 13.2, areaMm2: 260 }),
    signalAnnotation('lesion', MR_T2, 16, 'lesion', 171, 'L1', { sd: 15, areaMm2: 200 }),
    signalAnnotation('faint', MR_T2, 17, 'lesion', 0.84, 'L2', { sd: 0.12, areaMm2: 200 }),
  ]);
  assert.deepEqual(labels.get('muscle'), ['Muscle ref T2 300 ± 13, 2.6 cm²']);
  assert.deepEqual(labels.get('lesion'), ['L1 T2 171 ± 15, 2.0 cm²', 'hypointense to muscle, ratio 0.57']);
  // Values under 100 keep a decimal: an SD of 0.12 is not "0".
  assert.equal(labels.get('faint')?.[0], 'L2 T2 0.8 ± 0.1, 2.0 cm²');
});

test('a lesion ROI on an MR series without a muscle reference says so', () => {
  const labels = labelsOf([signalAnnotation('lesion', MR_T2, 16, 'lesion', 171, 'L1', { sd: 15, areaMm2: 200 })]);
  assert.deepEqual(labels.get('lesion'), ['L1 T2 171 ± 15, 2.0 cm²', 'no muscle reference on this series']);
});

test('the long and short axes stay one line', () => {
  const labels = labelsOf([axesAnnotation('axes', CT_PLAIN, 50, 100, 57, 'L4')]);
  assert.deepEqual(labels.get('axes'), ['L4 10.0 x 5.7 cm']);
});

test('follow-up: each measurement shows its own time point size, a follow-up one its change from the prior', () => {
  const store = followUpStore();
  const inventory = store.inventory(FOLLOW_UP_CONTEXT);
  const label = (uid: string) => {
    const annotation = store.state().annotations.find((a) => a.annotationUID === uid);
    assert.ok(annotation, uid);
    return annotationLabelLines(annotation, inventory);
  };
  // The baseline measurement on the baseline image keeps the baseline size.
  assert.deepEqual(label('ax-L4'), ['L4 10.0 x 5.7 cm']);
  assert.deepEqual(label('fu-L4'), ['L4 7.5 x 4.0 cm', '\u221225 % vs T1']);
  assert.deepEqual(label('ax-L1'), ['L1 4.2 x 2.8 cm']);
  assert.deepEqual(label('fu-L1'), ['L1 3.0 x 2.0 cm', '\u221229 % vs T1']);
  // Resolved at T2: its T1 measurement still shows the T1 size; a new lesion has no change.
  assert.deepEqual(label('ax-L3'), ['L3 2.0 x 1.5 cm']);
  assert.deepEqual(label('fu-L6'), ['L6 2.4 x 1.6 cm']);
  // Not measured at T2: the T1 measurement shows the T1 size.
  assert.deepEqual(label('ax-L2'), ['L2 3.6 x 2.4 cm']);
});
