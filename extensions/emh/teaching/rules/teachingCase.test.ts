import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { createInventoryStore } from '../../inventory/rules/inventoryStore';
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
} from '../../inventory/rules/sampleCase.fixture';
import {
  applyTeachingCaseUpdate,
  draftTeachingCase,
  emptyTeachingCase,
  findingsNarrative,
  PARASPINAL_DIFFERENTIAL,
  validateTeachingCaseUpdate,
} from './teachingCase';
import { sampleInventory } from '../../export/rules/sampleInventory.fixture';

function inventoryOf(annotations: readonly EmhAnnotation[], edits: Record<string, object> = {}): EmhInventory {
  const store = createInventoryStore();
  for (const annotation of annotations) {
    const outcome = store.upsert(annotation);
    if (!outcome.ok) throw new Error(outcome.reason);
  }
  for (const [id, edit] of Object.entries(edits)) {
    const outcome = store.updateLesion(id, edit);
    if (!outcome.ok) throw new Error(outcome.reason);
  }
  return store.inventory();
}

/**
 * The worked-up sample case of docs/sample-case.md#truth-table: five lesions with their sites,
 * liver and spleen ROIs.
 */
function sampleCase(): EmhInventory {
  const sites = Object.fromEntries(LESION_TRUTH.map((t) => [t.id, { site: t.site, laterality: t.laterality }]));
  return inventoryOf(sampleCaseAnnotations(), sites);
}

describe('findingsNarrative on the sample case', () => {
  const text = findingsNarrative(sampleCase());

  it('reads as the case report does, from the measurements alone', () => {
    assert.equal(
      text,
      'Five lesions are identified: bilateral thoracic paraspinal (L1 right, L2 left), left lumbar paraspinal (L3), ' +
        'presacral (L4) and splenic (L5). The largest is the presacral lesion (L4), measuring 10.0 x 5.7 cm. ' +
        'On unenhanced CT, the lesions measure 42 to 50 HU. L1, L2 and L4 are isointense to muscle on T1 and ' +
        'hypointense on T2; L3 is isointense on T1 and hyperintense on T2; L5 is hypointense on T1 and T2. ' +
        'The liver measures 103 HU (mean of three ROIs) on unenhanced CT, above the normal unenhanced range of ' +
        '54–60 HU. The spleen measures 62 HU (liver minus spleen +41 HU).',
    );
  });

  it('names the sites with laterality, the largest lesion with its size, the MR signal and the liver call', () => {
    for (const part of [
      'bilateral thoracic paraspinal (L1 right, L2 left)',
      'left lumbar paraspinal (L3)',
      'presacral',
      'splenic (L5)',
      '10.0 x 5.7 cm',
      'isointense to muscle on T1 and hypointense on T2',
      '103 HU',
      'above',
      '54–60 HU',
    ]) {
      assert.ok(text.includes(part), `missing "${part}" in: ${text}`);
    }
  });
});

describe('findingsNarrative with the awkward rows of the export fixture', () => {
  const text = findingsNarrative(sampleInventory());

  it('uses the radiologist’s override (L2 T2 markedly hypointense) instead of the automatic call', () => {
    assert.ok(text.includes('L2 is isointense on T1 and markedly hypointense on T2'), text);
    assert.ok(text.includes('L1 and L4 are isointense to muscle on T1 and hypointense on T2'), text);
  });

  it('gives an uncalibrated lesion in pixels only, never in cm, and never calls it largest', () => {
    assert.ok(text.includes('L6 was measured on an image without pixel spacing (30 x 20 px, uncalibrated).'), text);
    assert.ok(text.includes('The largest is the presacral lesion (L4), measuring 10.0 x 5.7 cm.'), text);
    assert.ok(!/L6[^.]*\bcm\b/.test(text), text);
  });

  it('keeps the user’s words for an "other" site and groups both lumbar sides as bilateral', () => {
    assert.ok(text.includes('left renal hilum (L6)'), text);
    assert.ok(text.includes('bilateral lumbar paraspinal (L3 left, L7 right)'), text);
  });

  it('reports the CT range with the fatty focus and says which lesion had no CT ROI', () => {
    assert.ok(text.includes('On unenhanced CT, the lesions measure -13 to 50 HU (no CT ROI on L6).'), text);
  });
});

describe('findingsNarrative invents nothing', () => {
  it('is empty for an empty inventory', () => {
    assert.equal(findingsNarrative(createInventoryStore().inventory()), '');
  });

  it('names a lesion with no site and no values, and says nothing else about it', () => {
    const store = createInventoryStore();
    assert.equal(store.newLesion(), 'L1');
    const text = findingsNarrative(store.inventory());
    assert.equal(text, 'One lesion is identified: site not recorded (L1).');
  });

  it('speaks of a single lesion as "it"', () => {
    const text = findingsNarrative(
      inventoryOf(
        [
          axesAnnotation('ax', CT_PLAIN, 50, 100, 57, 'L1'),
          huAnnotation('hu', CT_PLAIN, 50, 'lesion', 42, 'L1'),
          signalAnnotation('m1', MR_T1, 50, 'muscle', 400),
          signalAnnotation('t1', MR_T1, 50, 'lesion', 410, 'L1'),
        ],
        { L1: { site: 'presacral' } },
      ),
    );
    assert.equal(
      text,
      'One lesion is identified: presacral (L1). It measures 10.0 x 5.7 cm. On unenhanced CT, it measures 42 HU. ' +
        'It is isointense to muscle on T1.',
    );
  });

  it('makes no call against the unenhanced range for a liver measured after contrast', () => {
    const text = findingsNarrative(
      inventoryOf([huAnnotation('a', CT_PORTAL, 10, 'liver', 115), huAnnotation('b', CT_PORTAL, 12, 'liver', 117)]),
    );
    assert.equal(
      text,
      'The liver measures 116 HU (mean of two ROIs) on contrast-enhanced CT, which cannot be compared with the unenhanced normal range.',
    );
  });

  it('makes the call but says so when the contrast state is unknown', () => {
    const roi = huAnnotation('a', CT_PLAIN, 28, 'liver', 58);
    const text = findingsNarrative(inventoryOf([{ ...roi, series: { ...roi.series, description: 'CT ABDOMEN', contrast: 'unknown' } }]));
    assert.equal(text, 'The liver measures 58 HU on CT of unknown contrast state, within the normal unenhanced range of 54–60 HU.');
  });

  it('describes only the half of the MR signal that was measured', () => {
    const text = findingsNarrative(
      inventoryOf(
        [
          signalAnnotation('m2', MR_T2, 35, 'muscle', 300),
          signalAnnotation('t2a', MR_T2, 35, 'lesion', 450, 'L1'),
          signalAnnotation('t2b', MR_T2, 35, 'lesion', 150, 'L2'),
        ],
        { L1: { site: 'paraspinal-lumbar', laterality: 'left' }, L2: { site: 'paraspinal-lumbar', laterality: 'left' } },
      ),
    );
    assert.ok(text.includes('left lumbar paraspinal (L1, L2)'), text);
    assert.ok(text.includes('L1 is hyperintense to muscle on T2; L2 is hypointense on T2.'), text);
    assert.ok(!text.includes('T1'), text);
  });
});

describe('the case text', () => {
  it('offers the paraspinal differential of docs/exports.md#teaching-zip-layout, in order', () => {
    assert.deepEqual(PARASPINAL_DIFFERENTIAL, [
      'Neurogenic tumour',
      'Lymphoma',
      'Metastasis',
      'Plasmacytoma / myeloma',
      'Paravertebral abscess',
      'Lateral meningocele',
      'Extramedullary myeloid sarcoma',
    ]);
  });

  it('starts empty, and a draft pre-fills only the findings', () => {
    assert.deepEqual(emptyTeachingCase(), { title: '', history: '', findings: '', diagnosis: '', discussion: '', differential: [] });
    const draft = draftTeachingCase(sampleCase());
    assert.equal(draft.findings, findingsNarrative(sampleCase()));
    assert.equal(draft.title, '');
    assert.deepEqual(draft.differential, []);
  });

  it('accepts a partial update of known fields and refuses anything else', () => {
    const update = validateTeachingCaseUpdate({ title: 'EMH in thalassemia', differential: [' Lymphoma', 'Lymphoma', ''] });
    assert.ok(update.ok);
    const text = applyTeachingCaseUpdate(emptyTeachingCase(), update.value);
    assert.equal(text.title, 'EMH in thalassemia');
    assert.deepEqual(text.differential, ['Lymphoma']);
    assert.equal(validateTeachingCaseUpdate({ patientName: 'x' }).ok, false);
    assert.equal(validateTeachingCaseUpdate({ title: 3 }).ok, false);
    assert.equal(validateTeachingCaseUpdate({ differential: 'Lymphoma' }).ok, false);
    assert.equal(validateTeachingCaseUpdate(null).ok, false);
  });
});
