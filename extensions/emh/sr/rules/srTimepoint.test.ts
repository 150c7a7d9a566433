import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore, type EmhInventoryStore } from '../../inventory/rules/inventoryStore';
import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { CT_STUDY } from '../../inventory/rules/sampleCase.fixture';
import { FOLLOW_UP_CONTEXT, FU_CT_STUDY, followUpReportInput, followUpStore } from './followUpReport.fixture';
import { CODES, EMH_CODES } from './srCodes';
import { readSrDocument, type SrNode } from './srDicom';
import { applyRestoredInventory } from './srApply';
import { readMeasurementReport } from './srRead';
import { restoreInventory } from './srRestore';
import { timepointReport } from './srTimepoint';
import { writeMeasurementReport } from './srWrite';

const NOW = new Date(Date.UTC(2024, 8, 12, 12, 0, 0));

function reportOf(store: EmhInventoryStore, timepoint?: string): Uint8Array {
  const report = timepointReport(store.state(), store.thresholds, FOLLOW_UP_CONTEXT, timepoint);
  return writeMeasurementReport(followUpReportInput(report, NOW));
}

/** Measurement groups as [tracking identifier, tracking UID, ObservationUID, status]. */
function groups(bytes: Uint8Array): { id: string; uid: string; observation: string | null; status: string | null }[] {
  const doc = readSrDocument(bytes);
  const measurements = doc.root.children.find((c) => c.concept?.value === CODES.imagingMeasurements.value)!;
  const text = (g: SrNode, code: string) => g.children.find((c) => c.concept?.value === code);
  return measurements.children.map((g) => ({
    id: text(g, CODES.trackingIdentifier.value)?.text ?? '',
    uid: text(g, CODES.trackingUID.value)?.uid ?? '',
    observation: g.observationUID,
    status: text(g, EMH_CODES.lesionStatus.value)?.code?.value ?? null,
  }));
}

/** What follow-up gives per lesion, and over time; the rest of the inventory is checked elsewhere. */
function overTime(inventory: EmhInventory) {
  return {
    timepoints: inventory.timepoints.map((t) => [t.id, t.date]),
    sumOfLongAxes: inventory.sumOfLongAxes,
    liver: inventory.liver.history,
    lesions: inventory.lesions.map((l) => ({
      id: l.id,
      trackingUid: l.trackingUid,
      site: l.site,
      laterality: l.laterality,
      notes: l.notes,
      status: l.status,
      // The image each size was measured on, by its DICOM identity: a fixture's annotation UIDs
      // ('ax-L1') come back as the UUIDs the report names them by, and an image that is not
      // open has no instance number.
      history: l.history.map(({ ref, ...h }) => ({
        ...h,
        image: ref ? [ref.studyInstanceUID, ref.seriesInstanceUID, ref.sopInstanceUID, ref.frame] : null,
      })),
      change: l.change,
      followUpHints: l.followUpHints,
    })),
  };
}

/** Numbers to 1e-4: SCOORD points are float32, so lengths read back move by ~1e-6 mm. */
const rounded = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v)));

function importInto(store: EmhInventoryStore, bytes: Uint8Array): string[] {
  // A fresh profile: no image is open, so only the report says where and when.
  return applyRestoredInventory(store, restoreInventory(readMeasurementReport(bytes)));
}

describe('the SR of one time point', () => {
  const session = followUpStore();
  const t1 = reportOf(session, 'T1');
  const t2 = reportOf(session);
  const lesions = session.state().lesions;
  const uidOf = (id: string) => lesions.find((l) => l.id === id)!.trackingUid;

  it('is filed in the CT study of its time point (the latest by default)', () => {
    assert.equal(readSrDocument(t1).studyInstanceUID, CT_STUDY);
    assert.equal(readSrDocument(t1).studyDate, '20240312');
    assert.equal(readSrDocument(t2).studyInstanceUID, FU_CT_STUDY);
    assert.equal(readSrDocument(t2).studyDate, '20240910');
  });

  it("writes each lesion's one tracking UID on every group of it, at both time points", () => {
    for (const bytes of [t1, t2]) {
      for (const group of groups(bytes).filter((g) => /^L\d+$/.test(g.id))) assert.equal(group.uid, uidOf(group.id), group.id);
    }
    const l1 = (bytes: Uint8Array) => groups(bytes).filter((g) => g.id === 'L1');
    assert.equal(l1(t1).length, 4);
    assert.equal(l1(t2).length, 4);
    // Each annotation keeps a name of its own.
    const observations = groups(t2).map((g) => g.observation);
    assert.equal(new Set(observations.filter(Boolean)).size, observations.filter(Boolean).length);
  });

  it("holds only its own time point's lesions and statuses", () => {
    const ids = (bytes: Uint8Array) => [...new Set(groups(bytes).map((g) => g.id))].filter((id) => /^L\d+$/.test(id));
    assert.deepEqual(ids(t1), ['L1', 'L2', 'L3', 'L4', 'L5']);
    assert.deepEqual(ids(t2), ['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    const l3 = groups(t2).filter((g) => g.id === 'L3');
    assert.deepEqual(
      l3.map((g) => [g.status, g.observation]),
      [[EMH_CODES.resolved.value, null]],
    );
    assert.ok(groups(t1).every((g) => g.status === null));
  });

  it('refuses a time point the case does not have', () => {
    assert.throws(() => reportOf(session, 'T3'), /No time point T3: the case has T1, T2/);
  });

  it('imported T1 then T2 into an empty profile, gives the same history as the session that wrote them', () => {
    const fresh = createInventoryStore();
    assert.deepEqual(importInto(fresh, t1), []);
    assert.deepEqual(importInto(fresh, t2), []);
    const before = overTime(session.inventory(FOLLOW_UP_CONTEXT));
    const after = overTime(fresh.inventory());
    assert.deepEqual(rounded(after), rounded(before));
    assert.equal(after.lesions.find((l) => l.id === 'L3')?.status, 'resolved');
    assert.equal(after.lesions.find((l) => l.id === 'L6')?.history[0]?.status, 'new');
  });

  it('gives the same history in the other order, and importing a report again changes nothing', () => {
    const fresh = createInventoryStore();
    importInto(fresh, t2);
    importInto(fresh, t1);
    const state = fresh.state();
    importInto(fresh, t1);
    importInto(fresh, t2);
    assert.equal(fresh.state().annotations.length, state.annotations.length);
    assert.deepEqual(fresh.state().statusMarks, state.statusMarks);
    assert.deepEqual(fresh.lesionIds(), ['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    assert.deepEqual(rounded(overTime(fresh.inventory())), rounded(overTime(session.inventory(FOLLOW_UP_CONTEXT))));
  });

  it('matches lesions by tracking UID first: an id already taken by another lesion gives the next id', () => {
    const other = createInventoryStore();
    other.newLesion({ site: 'other' });
    importInto(other, t1);
    const rows = other.state().lesions;
    assert.deepEqual(
      rows.map((l) => l.id),
      ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'],
    );
    // The case's own L1 stays; the report's L1 is now L2, still tracked by its UID.
    assert.notEqual(rows[0]!.trackingUid, uidOf('L1'));
    assert.equal(rows[1]!.trackingUid, uidOf('L1'));
    // Its follow-up joins it there, by tracking UID.
    importInto(other, t2);
    const joined = other
      .state()
      .annotations.filter((a) => a.lesionId === 'L2')
      .map((a) => a.annotationUID);
    assert.ok(joined.some((uid) => uid.length > 0) && joined.length === 8, joined.join(', '));
  });
});
