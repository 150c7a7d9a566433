import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { CT_PLAIN, MR_T1, MR_T2, axesAnnotation, huAnnotation } from '../../inventory/rules/sampleCase.fixture';
import { encodePart10 } from '../../../../src/data/dcmjs';
import { FOREIGN, foreignReport } from './foreignSr.fixture';
import {
  CASE_CONTEXT,
  comparable,
  decidedStore,
  deterministicUids,
  edgeCaseReportInput,
  FIXED_NOW,
  OTHER_SITE_TEXT,
  restoreOptions,
  sampleImageFacts,
  sampleOutline,
  sampleReportInput,
  sampleStore,
} from './sampleReport.fixture';
import { readMeasurementReport } from './srRead';
import { restoredSnapshot, restoreInventory } from './srRestore';
import type { ReadAnnotation } from './srTypes';
import { annotationTrackingUid, uuidOfUid } from './srUids';
import { writeMeasurementReport } from './srWrite';

const store = sampleStore();
const input = sampleReportInput(store);
const read = readMeasurementReport(writeMeasurementReport(input));

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

function pointsNear(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((p, i) => p.forEach((v, j) => near(v, expected[i]![j]!, 0.001, `${what} point ${i}`)));
}

function readOf(original: EmhAnnotation): ReadAnnotation {
  // The group's ObservationUID names the annotation (the tracking UID names its lesion).
  const uid = annotationTrackingUid(original.annotationUID);
  const found = read.annotations.find((a) => a.annotationUID === (uuidOfUid(uid) ?? uid));
  assert.ok(found, `no group for ${original.annotationUID}`);
  return found;
}

describe('readMeasurementReport on an EMH report', () => {
  it('knows its own reports and every cited image', () => {
    assert.equal(read.producer, 'emh');
    assert.deepEqual(read.notUnderstood, []);
    const sops = new Set(input.annotations.map((a) => a.ref.sopInstanceUID));
    assert.deepEqual(new Set(read.imageRefs.map((r) => r.sopInstanceUID)), sops);
    for (const ref of read.imageRefs) {
      assert.ok(ref.studyInstanceUID && ref.seriesInstanceUID, ref.sopInstanceUID);
      assert.deepEqual(ref.pixelSpacing, [1.5, 1.5]);
    }
  });

  it('gives back the lesions: ids, sites, laterality, notes (non-ASCII too) and overrides', () => {
    const expected = store.state().lesions.map(({ implicit: _implicit, trackingUid: _trackingUid, ...lesion }) => lesion);
    assert.deepEqual(read.lesions, expected);
    assert.equal(read.lesions.find((l) => l.id === 'L6')?.siteText, OTHER_SITE_TEXT);
    assert.equal(read.lesions.find((l) => l.id === 'L1')?.t2Override, 'markedly-hypo');
  });

  it('gives back every annotation: kind, lesion, image, index points within 0.001 px, statistics', () => {
    assert.equal(read.annotations.length, input.annotations.length);
    for (const original of input.annotations) {
      const back = readOf(original);
      assert.equal(back.kind, original.kind);
      assert.equal(back.lesionId, original.lesionId ?? null);
      assert.equal(back.ref.sopInstanceUID, original.ref.sopInstanceUID);
      assert.equal(back.ref.seriesInstanceUID, original.ref.seriesInstanceUID);
      assert.equal(back.ref.studyInstanceUID, original.ref.studyInstanceUID);
      assert.equal(back.ref.frame, original.ref.frame);
      assert.equal(back.ref.slicePositionMm, original.slicePositionMm);
      if (original.kind === 'lesionAxes' && back.kind === 'lesionAxes' && original.axes.space === 'index') {
        pointsNear(back.longAxis, original.axes.longAxis, `${original.annotationUID} long axis`);
        pointsNear(back.shortAxis, original.axes.shortAxis, `${original.annotationUID} short axis`);
        assert.equal(back.calibrated, true);
      } else if (original.kind !== 'lesionAxes' && (back.kind === 'huRoi' || back.kind === 'signalRoi')) {
        for (const key of ['mean', 'sd', 'min', 'max', 'areaMm2', 'pixelCount'] as const) {
          near(back.stats[key] ?? NaN, original.stats[key] ?? NaN, 1e-9, `${original.annotationUID} ${key}`);
        }
        const outline = sampleOutline(original)!;
        // Written major axis first: the sample draws the minor axis first.
        pointsNear(back.ellipse ?? [], [outline[2], outline[3], outline[0], outline[1]], `${original.annotationUID} ellipse`);
        if (original.kind === 'huRoi') assert.equal(back.kind === 'huRoi' && back.organ, original.organ);
        if (original.kind === 'signalRoi') assert.equal(back.kind === 'signalRoi' && back.role, original.role);
      } else {
        assert.fail(`${original.annotationUID} came back as ${back.kind}`);
      }
    }
  });

  it('keeps the automatic ratio and call beside the override', () => {
    const t2 = readOf(input.annotations.find((a) => a.annotationUID === 't2-L1')!);
    assert.ok(t2.kind === 'signalRoi');
    assert.equal(t2.weighting, 'T2');
    near(t2.storedRatio ?? NaN, 0.6, 1e-9, 'L1 T2 ratio');
    assert.equal(t2.storedCall, 'hypo');
    assert.equal(read.lesions.find((l) => l.id === 'L1')?.t2Override, 'markedly-hypo');
  });

  it('restores the same inventory, before any image is loaded', () => {
    const restored = restoreInventory(read, restoreOptions);
    assert.deepEqual(restored.notRestored, []);
    const again = createInventoryStore();
    const outcome = again.restore(restoredSnapshot(restored));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    const before = store.inventory(CASE_CONTEXT);
    const after = again.inventory(CASE_CONTEXT);
    assert.deepEqual(comparable(after), comparable(before));
    // The figures a radiologist reads: HU to 0.1, ratios to 0.01.
    assert.equal(after.liver.meanHU?.toFixed(1), before.liver.meanHU?.toFixed(1));
    assert.deepEqual(
      after.lesions.map((l) => [l.ct.meanHU?.toFixed(1), l.t1.ratio?.toFixed(2), l.t2.ratio?.toFixed(2), l.t2.call, l.t2.override]),
      before.lesions.map((l) => [l.ct.meanHU?.toFixed(1), l.t1.ratio?.toFixed(2), l.t2.ratio?.toFixed(2), l.t2.call, l.t2.override]),
    );
  });

  it('restores a weighting the radiologist had chosen for a series', () => {
    const edited = sampleStore();
    edited.setSeriesWeighting(MR_T1, 'PD');
    const back = readMeasurementReport(writeMeasurementReport(sampleReportInput(edited)));
    const restored = restoreInventory(back, restoreOptions);
    assert.deepEqual(restored.seriesOverrides, { [MR_T1]: { weighting: 'PD', contrast: null } });
    assert.deepEqual(restoreInventory(read, restoreOptions).seriesOverrides, {});
  });

  it('restores the weighting an older report implies by its signal concept alone', () => {
    // What the writer made before it stated decisions: the weighting in force names the
    // MR signal (PD), and nothing else says the radiologist chose it.
    const edited = sampleStore();
    edited.setSeriesWeighting(MR_T1, 'PD');
    const current = sampleReportInput(edited);
    const older = {
      ...current,
      inventory: {
        ...current.inventory,
        series: current.inventory.series.map((s) =>
          s.weightingOverride ? { ...s, weighting: s.weightingOverride, weightingOverride: null } : s,
        ),
      },
    };
    const back = readMeasurementReport(writeMeasurementReport(older));
    assert.deepEqual(back.seriesDecisions, {});
    assert.deepEqual(restoreInventory(back, restoreOptions).seriesOverrides, {
      [MR_T1]: { weighting: 'PD', contrast: null },
    });
  });

  it('gives a Cornerstone (UUID) annotation UID back unchanged', () => {
    const uuid = '3b241101-e2bb-4255-8caf-4136c566a962';
    const one = createInventoryStore();
    one.upsert(axesAnnotation(uuid, CT_PLAIN, 15, 42, 28));
    one.upsert(huAnnotation('not-a-uuid', CT_PLAIN, 28, 'liver', 101));
    const bytes = writeMeasurementReport({
      inventory: one.inventory(CASE_CONTEXT),
      annotations: one.state().annotations,
      images: sampleImageFacts,
      now: FIXED_NOW,
      newUid: deterministicUids(),
    });
    const back = readMeasurementReport(bytes);
    assert.equal(back.annotations[0]?.annotationUID, uuid);
    // Without an outline the ROI cites its image; it restores all the same.
    assert.ok(back.annotations[1]?.kind === 'huRoi' && back.annotations[1].ellipse === null);
    assert.equal(back.annotations[1]?.ref.sopInstanceUID, `${CT_PLAIN}.28`);
  });
});

describe("readMeasurementReport with the radiologist's case decisions", () => {
  const decided = decidedStore();
  const back = readMeasurementReport(writeMeasurementReport(sampleReportInput(decided)));

  it('reads the liver call override beside the automatic call, and every series decision', () => {
    assert.deepEqual(back.notUnderstood, []);
    assert.deepEqual(back.liver, { storedCall: 'above', callOverride: 'within' });
    assert.deepEqual(back.seriesDecisions, {
      [CT_PLAIN]: { weighting: null, contrast: 'unenhanced' },
      [MR_T1]: { weighting: null, contrast: 'enhanced' },
      [MR_T2]: { weighting: 'STIR', contrast: null },
    });
  });

  it('restores the same decisions, and so the same inventory', () => {
    const restored = restoreInventory(back, restoreOptions);
    assert.deepEqual(restored.notRestored, []);
    const again = createInventoryStore();
    const outcome = again.restore(restoredSnapshot(restored));
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    assert.equal(again.state().liverCallOverride, 'within');
    assert.deepEqual(again.state().seriesOverrides, decided.state().seriesOverrides);
    const before = decided.inventory(CASE_CONTEXT);
    const after = again.inventory(CASE_CONTEXT);
    assert.deepEqual(comparable(after), comparable(before));
    assert.equal(after.liver.callOverride, 'within');
    assert.equal(after.liver.contrastConfirmed, true);
    // STIR is no T2: with the decision restored, the T2 ratios stay unmeasured, as exported.
    assert.ok(after.lesions.every((l) => l.t2.ratio === null));
  });

  it('reads the liver call alone, with no liver ROI to compute one', () => {
    const store = createInventoryStore();
    store.upsert(axesAnnotation('ax-1', CT_PLAIN, 15, 42, 28));
    store.setLiverCallOverride('none');
    const one = readMeasurementReport(
      writeMeasurementReport({
        inventory: store.inventory(CASE_CONTEXT),
        annotations: store.state().annotations,
        images: sampleImageFacts,
        now: FIXED_NOW,
        newUid: deterministicUids(),
      }),
    );
    assert.deepEqual(one.notUnderstood, []);
    assert.deepEqual(one.liver, { storedCall: null, callOverride: 'none' });
    assert.equal(restoredSnapshot(restoreInventory(one)).state.liverCallOverride, 'none');
  });

  it('reads a report without decisions as having none', () => {
    const plain = restoreInventory(read, restoreOptions);
    assert.deepEqual(read.liver, { storedCall: 'above', callOverride: null });
    assert.deepEqual(read.seriesDecisions, {});
    assert.equal(plain.liverCallOverride, null);
    assert.deepEqual(plain.seriesOverrides, {});
  });
});

describe('readMeasurementReport on the edge cases', () => {
  const edge = readMeasurementReport(writeMeasurementReport(edgeCaseReportInput()));

  it('keeps a pixel size in pixels, a lone override, a bare other site and outline-less ROIs', () => {
    assert.deepEqual(edge.notUnderstood, []);
    const axes = edge.annotations.find((a) => a.kind === 'lesionAxes');
    assert.ok(axes?.kind === 'lesionAxes' && !axes.calibrated);
    assert.equal(axes.longAxisLength, 42); // the fixture draws 42 px when there is no spacing
    assert.deepEqual(
      edge.lesions.map((l) => [l.id, l.site, l.siteText, l.t1Override]),
      [
        ['L1', 'presacral', null, 'hyper'],
        ['L2', 'other', null, null],
      ],
    );
    assert.ok(
      edge.annotations.every((a) => a.kind === 'lesionAxes' || ((a.kind === 'huRoi' || a.kind === 'signalRoi') && a.ellipse === null)),
    );
    // No liver ROI and no decision: an EMH report as the writer made it before decisions.
    assert.deepEqual(edge.liver, { storedCall: null, callOverride: null });
    assert.deepEqual(edge.seriesDecisions, {});
    const restored = restoreInventory(edge);
    assert.equal(restored.liverCallOverride, null);
    const target = createInventoryStore();
    assert.ok(target.restore(restoredSnapshot(restored)).ok);
    const l1 = target.inventory().lesions[0];
    assert.equal(l1?.longAxisMm, null);
    assert.equal(l1?.axesPx?.longAxisPx, 42);
  });
});

describe("readMeasurementReport on another producer's TID 1500 report", () => {
  const foreign = readMeasurementReport(foreignReport());

  it('reads lengths, bidirectionals, ellipses, finding sites and tracking ids', () => {
    assert.equal(foreign.producer, 'other');
    assert.deepEqual(foreign.lesions, []);
    const [length, axes, roi] = foreign.annotations;
    assert.equal(foreign.annotations.length, 3);
    assert.ok(length?.kind === 'length');
    assert.equal(length.trackingIdentifier, 'cornerstoneTools@^4.0.0:Length');
    assert.equal(length.length, 35.5);
    pointsNear(
      length.points,
      [
        [10, 20],
        [40, 60],
      ],
      'length',
    );
    assert.equal(length.site?.code?.value, '10200004');
    assert.equal(length.ref.seriesInstanceUID, FOREIGN.series);
    assert.ok(axes?.kind === 'lesionAxes');
    assert.equal(axes.lesionId, null);
    assert.equal(axes.longAxisLength, 42); // 4.2 cm
    assert.equal(axes.shortAxisLength, 28);
    assert.equal(axes.site?.laterality?.value, '7771000');
    assert.equal(axes.comment, 'Target lesion 1');
    pointsNear(
      axes.longAxis,
      [
        [100, 100],
        [128, 100],
      ],
      'long axis',
    );
    assert.ok(roi?.kind === 'roi');
    assert.equal(roi.graphicType, 'ELLIPSE');
    assert.deepEqual(
      roi.values.map((v) => [v.concept.value, v.value]),
      [
        ['42798000', 150.2],
        ['373098007', 41.7],
      ],
    );
  });

  it('lists everything it could not map', () => {
    const lines = foreign.notUnderstood.join('\n');
    assert.match(lines, /"Volume"\) = 12 cm3 not understood/);
    assert.match(lines, /SCOORD3D/);
    assert.match(lines, /"Length"\) = 12 mm not understood/);
    assert.match(lines, /"Severity only": no measurement/);
    assert.match(lines, /"Severity"\) = \(24484000, SCT, "Severe"\) not understood/);
    assert.match(lines, /"Qualitative Evaluations"\) not understood/);
    assert.equal(foreign.notUnderstood.length, 6, lines);
  });

  it('restores the bidirectional as a new lesion and says why the rest is not restored', () => {
    const restored = restoreInventory(foreign);
    assert.deepEqual(foreign.liver, { storedCall: null, callOverride: null });
    assert.deepEqual(foreign.seriesDecisions, {});
    assert.equal(restored.liverCallOverride, null);
    assert.deepEqual(restored.seriesOverrides, {});
    assert.deepEqual(
      restored.annotations.map((a) => [a.kind, a.lesionId]),
      [['lesionAxes', undefined]],
    );
    assert.equal(restored.notRestored.length, 2);
    const snapshot = restoredSnapshot(restored);
    const target = createInventoryStore();
    assert.ok(target.restore(snapshot).ok);
    const lesion = target.inventory().lesions[0];
    assert.equal(lesion?.id, 'L1');
    // No spacing in that library: implied by 42 mm over 28 px.
    near(lesion?.longAxisMm ?? NaN, 42, 1e-6, 'long axis');
  });
});

describe('readMeasurementReport refuses what it cannot read', () => {
  it('a file that is no DICOM', () => {
    assert.throws(() => readMeasurementReport(new TextEncoder().encode('not a DICOM file at all')), /Not a readable DICOM file/);
  });

  it('a DICOM image', () => {
    const ct = encodePart10(
      { SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', SOPInstanceUID: '1.2.3.4', Modality: 'CT' },
      { implementationClassUID: '1.2.3', implementationVersionName: 'T' },
    );
    assert.throws(() => readMeasurementReport(ct), /Not a DICOM structured report: SOP class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.2/);
  });

  it('a truncated report', () => {
    const bytes = writeMeasurementReport(input);
    assert.throws(() => readMeasurementReport(bytes.slice(0, Math.floor(bytes.length / 2))), /Not a readable DICOM file/);
  });

  it('an SR that is no measurement report', () => {
    const sr = encodePart10(
      {
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.11',
        SOPInstanceUID: '1.2.3.5',
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: [{ CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic imaging report' }],
        ContinuityOfContent: 'SEPARATE',
      },
      { implementationClassUID: '1.2.3', implementationVersionName: 'T' },
    );
    assert.throws(() => readMeasurementReport(sr), /Not a TID 1500 measurement report: "Diagnostic imaging report"/);
  });
});
