/**
 * Autosave of the lesion segments: a record round-trips them to the bit (mask, voxels, volume,
 * mean, range, seed), a record of an older build (no segments) loads as before, and a damaged
 * segment refuses the record with the lesion and field named.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../inventory/rules/inventoryStore';
import { CT_STUDY, sampleCaseAnnotations } from '../inventory/rules/sampleCase.fixture';
import { compactMask, expandMask } from '../volumes/rules/compactMask';
import { SegmentStore, type LesionSegmentRecord } from '../volumes/rules/segmentStore';
import type { GridSize } from '../volumes/rules/voxelGrid';
import { makeRecord, readSaved, rebindSources, restoredNotice } from './savedInventory';
import { savedSegments, segmentRecords } from './savedSegments';

const PATIENT = { id: 'EMH-0001', issuer: 'EMH-PHANTOM', name: 'EMH^Phantom', birthDate: '19890617' };
const DIMS: GridSize = [23, 19, 11];

/** A ball-ish blob of voxels, so the box has many bytes and odd edges. */
function segment(lesionId: string, centre: readonly [number, number, number], radius: number): LesionSegmentRecord {
  const mask = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]);
  let voxels = 0;
  for (let s = 0; s < DIMS[2]; s += 1)
    for (let r = 0; r < DIMS[1]; r += 1)
      for (let c = 0; c < DIMS[0]; c += 1) {
        if ((c - centre[0]) ** 2 + (r - centre[1]) ** 2 + (s - centre[2]) ** 2 > radius ** 2) continue;
        mask[c + DIMS[0] * (r + DIMS[1] * s)] = 1;
        voxels += 1;
      }
  return {
    lesionId,
    seriesInstanceUID: '1.2.826.0.1.3680043.8.498.1',
    mask: compactMask(mask, DIMS),
    voxels,
    volumeMl: (voxels * 0.7 * 0.7 * 5) / 1000,
    volumeMeanHU: 41.123456789,
    range: [-20, 120],
    seed: [centre[0], centre[1], centre[2] + 1],
    sliceSpacingMm: 5,
    method: 'grown',
  };
}

function caseWithSegments() {
  const lesions = createInventoryStore();
  lesions.upsertMany(sampleCaseAnnotations());
  const [first, second] = lesions.lesionIds();
  const segments = new SegmentStore(() => 'A');
  segments.bind('A', segment(first!, [10, 9, 5], 4));
  segments.bind('A', segment(second!, [3, 3, 1], 1.5));
  return { lesions, segments };
}

describe('autosave of the lesion segments', () => {
  it('comes back as it was saved: same masks, voxels, volumes, means, ranges and seeds', () => {
    const { lesions, segments } = caseWithSegments();
    const record = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT, null, savedSegments(segments.segments()));
    // IndexedDB keeps a structured clone; the saved part is plain JSON all the same.
    const back = readSaved(JSON.parse(JSON.stringify(structuredClone(record))));
    assert.ok(back.ok, JSON.stringify(back));
    assert.deepEqual(back.value, record);
    const reloaded = new SegmentStore(() => 'A');
    reloaded.restore('A', segmentRecords(back.value.segments!));
    assert.deepEqual(reloaded.segments(), segments.segments());
    for (const [i, s] of reloaded.segments().entries()) {
      assert.deepEqual(expandMask(s.mask), expandMask(segments.segments()[i]!.mask));
    }
    assert.deepEqual(reloaded.volumes(), segments.volumes());
  });

  it('keeps how each segment was made: thresholded, edited by hand, painted (no range)', () => {
    const lesions = createInventoryStore();
    lesions.upsertMany(sampleCaseAnnotations());
    const [first, second, third] = lesions.lesionIds();
    const segments = new SegmentStore(() => 'A');
    segments.bind('A', { ...segment(first!, [10, 9, 5], 4), method: 'thresholded', range: [8, 88] });
    segments.bind('A', { ...segment(second!, [3, 3, 1], 1.5), method: 'edited' });
    segments.bind('A', { ...segment(third!, [15, 12, 7], 2.5), method: 'painted', range: null });
    const record = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT, null, savedSegments(segments.segments()));
    const back = readSaved(JSON.parse(JSON.stringify(record)));
    assert.ok(back.ok, JSON.stringify(back));
    const reloaded = segmentRecords(back.value.segments!);
    assert.deepEqual(
      reloaded.map((r) => [r.method, r.range]),
      [
        ['thresholded', [8, 88]],
        ['edited', [-20, 120]],
        ['painted', null],
      ],
    );
    assert.deepEqual(reloaded, segments.segments());
    const [grown] = record.segments!;
    for (const [change, field] of [
      [{ method: 'magic' }, 'method'],
      [{ range: null }, 'range'],
    ] as const) {
      const result = readSaved({ ...record, segments: [{ ...grown!, ...change }] });
      assert.ok(!result.ok && result.reason.includes(`"${field}"`), JSON.stringify([change, result]));
    }
  });

  it('keeps a segment imported from a SEG: no range or seed, its SEG and algorithm', () => {
    const { lesions, segments } = caseWithSegments();
    const [first] = lesions.lesionIds();
    const grown = segments.segment(first!)!;
    const algorithm = { type: 'SEMIAUTOMATIC', algorithm: 'Another region growing' } as const;
    segments.bind('A', { ...grown, range: null, seed: null, method: 'imported', imported: { segSopInstanceUID: '2.25.42', algorithm } });
    const record = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT, null, savedSegments(segments.segments()));
    const back = readSaved(JSON.parse(JSON.stringify(record)));
    assert.ok(back.ok, JSON.stringify(back));
    const reloaded = new SegmentStore(() => 'A');
    reloaded.restore('A', segmentRecords(back.value.segments!));
    assert.deepEqual(reloaded.segments(), segments.segments());
    // An imported segment with a range, or without its SEG, is damaged.
    const saved = savedSegments(segments.segments());
    const importedAt = saved.findIndex((x) => x.method === 'imported');
    for (const change of [{ range: [0, 1] }, { imported: undefined }, { seed: [1, 2, 3] }]) {
      const damaged = saved.map((x, i) => (i === importedAt ? { ...x, ...change } : x));
      const result = readSaved(JSON.parse(JSON.stringify({ ...record, segments: damaged })));
      assert.ok(!result.ok, JSON.stringify(change));
    }
  });

  it('reads a record of an older build (no segments) as no segments', () => {
    const { lesions } = caseWithSegments();
    const { segments: _none, ...older } = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT);
    const back = readSaved(structuredClone(older));
    assert.ok(back.ok);
    assert.equal(back.value.segments, null);
    assert.equal(back.value.snapshot.state.lesions.length, lesions.state().lesions.length);
  });

  it('refuses a record whose segments are damaged, naming the lesion and field (the record is then kept aside)', () => {
    const { lesions, segments } = caseWithSegments();
    const record = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT, null, savedSegments(segments.segments()));
    const [first] = record.segments!;
    const damaged = (change: Record<string, unknown>) => readSaved({ ...record, segments: [{ ...first!, ...change }] });
    const cases: [Record<string, unknown>, string][] = [
      [{ volumeMl: 'big' }, 'volumeMl'],
      [{ bits: 'not base64!' }, 'bits'],
      [{ bits: first!.bits.slice(0, 8) }, 'bits'],
      [{ voxels: first!.voxels + 1 }, 'voxels'],
      [{ size: [99, 1, 1] }, 'size'],
      [{ range: [120, -20] }, 'range'],
      [{ seed: [1, 2] }, 'seed'],
      [{ volumeMeanHU: undefined }, 'volumeMeanHU'],
      [{ seriesInstanceUID: 7 }, 'seriesInstanceUID'],
    ];
    for (const [change, field] of cases) {
      const result = damaged(change);
      assert.ok(!result.ok && result.reason.includes(`Segment of ${first!.lesionId}: "${field}"`), JSON.stringify([change, result]));
    }
    const notList = readSaved({ ...record, segments: { L1: first } });
    assert.ok(!notList.ok && /segments are not a list/.test(notList.reason));
    const twice = readSaved({ ...record, segments: [first, first] });
    assert.ok(!twice.ok && /two segments/.test(twice.reason));
  });

  it('keeps the volumes an imported report states without their SEG, and refuses a damaged one', () => {
    const { lesions } = caseWithSegments();
    const reported = [
      { lesionId: 'L1', volumeMl: 131.7, mean: 42, segSopInstanceUID: '2.25.9', segmentNumber: 1 },
      { lesionId: 'L2', volumeMl: null, mean: null, segSopInstanceUID: null, segmentNumber: null },
    ];
    const record = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT, null, null, reported);
    const back = readSaved(JSON.parse(JSON.stringify(record)));
    assert.ok(back.ok);
    assert.deepEqual(back.value.reportedVolumes, reported);
    const older = readSaved({ ...record, reportedVolumes: undefined });
    assert.ok(older.ok && older.value.reportedVolumes === null);
    const damaged: [unknown, RegExp][] = [
      [{ L1: reported[0] }, /not a list/],
      [[{ ...reported[0], lesionId: '' }], /no lesion/],
      [[{ ...reported[0], volumeMl: -3 }], /L1 is not a volume/],
      [[{ ...reported[0], volumeMl: '131.7' }], /L1 is not a volume/],
      [[{ ...reported[0], segmentNumber: 'one' }], /L1 is damaged/],
    ];
    for (const [value, reason] of damaged) {
      const result = readSaved({ ...record, reportedVolumes: value });
      assert.ok(!result.ok && reason.test(result.reason), JSON.stringify([value, result]));
    }
  });

  it('says what was restored: the lesion segments counted when there are some', () => {
    const { lesions } = caseWithSegments();
    const rebound = rebindSources(lesions.serialise(), () => null);
    const { lesions: l, annotations: a } = lesions.state();
    const notice = restoredNotice(rebound, 0, 'P', 0, 2) ?? '';
    assert.match(notice, new RegExp(`^Restored ${l.length} lesions, ${a.length} annotations and 2 lesion segments of P saved at `));
    const withIron = restoredNotice(rebound, 3, 'P', 0, 1) ?? '';
    assert.match(withIron, new RegExp(`^Restored ${l.length} lesions, ${a.length} annotations, 1 lesion segment and 3 iron ROIs of P `));
    assert.match(restoredNotice(rebound, 0, 'P', 0) ?? '', new RegExp(`^Restored ${l.length} lesions and ${a.length} annotations of P `));
  });
});
