import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import type { InventoryContext } from '../../inventory/rules/inventoryTypes';
import { MR_T2, slicePosition } from '../../inventory/rules/sampleCase.fixture';
import type { NaturalDataset, NaturalValue } from '../../../../src/data/dcmjs';
import { writePart10 } from './part10Writer';
import {
  allKindsReportInput,
  CASE_CONTEXT,
  comparable,
  OBLIQUE_SPACING,
  restoreOptions,
  sampleReportInput,
  sampleStore,
} from './sampleReport.fixture';
import { readMeasurementReport } from './srRead';
import { restoredSnapshot, restoreInventory } from './srRestore';
import type { MeasurementReportInput, MeasurementReportRead } from './srTypes';
import { measurementReportDataset, SR_PART10_META, writeMeasurementReport } from './srWrite';

/** Every unit code sequence item of the content tree, passed through `change`. */
function withUnits(dataset: NaturalDataset, change: (unit: NaturalDataset) => NaturalDataset): NaturalDataset {
  const mapValue = (key: string, value: NaturalValue | undefined): NaturalValue | undefined => {
    if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'object') return value;
    const items = value as readonly NaturalDataset[];
    return key === 'MeasurementUnitsCodeSequence' ? items.map(change) : items.map((item) => withUnits(item, change));
  };
  return Object.fromEntries(Object.entries(dataset).map(([key, value]) => [key, mapValue(key, value)]));
}

function restoredInventory(read: MeasurementReportRead, context: InventoryContext) {
  const restored = restoreInventory(read, restoreOptions);
  assert.deepEqual(restored.notRestored, []);
  const store = createInventoryStore();
  const outcome = store.restore(restoredSnapshot(restored));
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return store.inventory(context);
}

describe('the image library of a report', () => {
  it('reads our earlier reports, whose orientation cosines had the unit "1", as it reads today\'s', () => {
    let changed = 0;
    // Each input counts its own UIDs from 1, so both reports get the same ones.
    const older = withUnits(measurementReportDataset(sampleReportInput()), (unit) => {
      if (unit.CodeValue !== '{-1:1}') return unit;
      changed += 1;
      return { CodeValue: '1', CodingSchemeDesignator: 'UCUM', CodeMeaning: 'no units' };
    });
    // Six cosines for each of the three series.
    assert.equal(changed, 18);
    const today = readMeasurementReport(writeMeasurementReport(sampleReportInput()));
    const before = readMeasurementReport(writePart10(older, SR_PART10_META));
    assert.deepEqual(before, today);
    const restored = restoredInventory(before, CASE_CONTEXT);
    assert.deepEqual(comparable(restored), comparable(sampleStore().inventory(CASE_CONTEXT)));
  });

  it('gives back the slice positions and non-square spacing of an oblique series', () => {
    const input: MeasurementReportInput = allKindsReportInput();
    const read = readMeasurementReport(writeMeasurementReport(input));
    const oblique = read.annotations.find((a) => a.ref.seriesInstanceUID === MR_T2 && a.kind === 'lesionAxes');
    assert.ok(oblique, 'the axes on the oblique T2');
    // Along the slice normal, as the viewer orders slices: instance 20 lies 95 mm from the first.
    const along = oblique.ref.slicePositionMm ?? NaN;
    assert.ok(Math.abs(along - slicePosition(20)) < 1e-6, `slice position ${along}`);
    const image = read.imageRefs.find((r) => r.sopInstanceUID === oblique.ref.sopInstanceUID);
    assert.deepEqual(image?.pixelSpacing, OBLIQUE_SPACING);
    assert.deepEqual(comparable(restoredInventory(read, CASE_CONTEXT)), comparable(input.inventory));
  });
});
