/**
 * The case's SEGs and what the SR says of them: one SEG per series with segments, its UIDs
 * derived from its content (rules/segIdentity.ts), so `emh.export("seg")`, `emh.export("sr")`
 * and "Save to PACS" agree on the SEG each lesion's volume cites, whichever runs first.
 */
import type { HostServices } from '../../../src/extensions/hostServices';
import type { SeriesModel } from '../../../src/data/studyModel';
import { patientKey } from '../../../src/data/patientIdentity';
import type { EmhInventoryStore as InventoryStore } from '../inventory/rules/inventoryStore';
import type { SrLesionVolume } from '../sr/rules/srVolumeWrite';
import { expandMask } from './rules/compactMask';
import { segIdentity, type SegIdentity } from './rules/segIdentity';
import type { LesionSegmentRecord, SegmentStore } from './rules/segmentStore';
import { segToDicom, type SegmentMethod } from './rules/segWrite';
import { segAlgorithm } from './rules/segmentMethod';
import { sourceSeriesOf } from './segExport';

/** How the SEG says a segment was made: here (grown, thresholded, edited, painted), or as the SEG it was imported from said. */
export function methodOf(record: LesionSegmentRecord): SegmentMethod {
  return segAlgorithm(record);
}

export interface CaseSeg {
  readonly series: SeriesModel;
  readonly identity: SegIdentity;
  readonly segments: readonly LesionSegmentRecord[];
  readonly tracking: ReadonlyMap<string, string>;
}

/** The active patient's segments of live lesions, one SEG per series, each with its derived UIDs. */
export function caseSegs(services: HostServices, lesions: InventoryStore, segments: SegmentStore): CaseSeg[] {
  const held = segments.segments().filter((s) => lesions.lesion(s.lesionId) !== null);
  const tracking = new Map(lesions.inventory().lesions.map((l) => [l.id, l.trackingUid]));
  const active = services.data.activePatientKey();
  const bySeries = new Map<string, LesionSegmentRecord[]>();
  for (const record of held) bySeries.set(record.seriesInstanceUID, [...(bySeries.get(record.seriesInstanceUID) ?? []), record]);
  const segs: CaseSeg[] = [];
  for (const [seriesInstanceUID, records] of bySeries) {
    const series = services.data.findSeries(seriesInstanceUID);
    // A segment whose series is not open (or is another patient's) cannot be written: no grid, no study.
    if (!series || series.instances.length === 0 || patientKey(series.instances[0]!.header) !== active) continue;
    const identity = segIdentity(
      seriesInstanceUID,
      records.map((r) => {
        const trackingUID = tracking.get(r.lesionId);
        return { lesionId: r.lesionId, method: methodOf(r), mask: r.mask, ...(trackingUID ? { trackingUID } : {}) };
      }),
    );
    segs.push({ series, identity, segments: records, tracking });
  }
  return segs;
}

/** The SEG's bytes: segments in the identity's order, so segment numbers are the ones the SR cites. */
export function segBytes(seg: CaseSeg, now = new Date()): Uint8Array {
  const byLesion = new Map(seg.segments.map((s) => [s.lesionId, s]));
  return segToDicom(
    sourceSeriesOf(seg.series),
    seg.identity.lesionIds.map((lesionId) => {
      const record = byLesion.get(lesionId)!;
      const trackingUID = seg.tracking.get(lesionId);
      return { lesionId, mask: expandMask(record.mask), method: methodOf(record), ...(trackingUID ? { trackingUID } : {}) };
    }),
    {
      sopInstanceUID: seg.identity.sopInstanceUID,
      seriesInstanceUID: seg.identity.seriesInstanceUID,
      seriesDescription: 'EMH lesion segments',
      now,
    },
  );
}

/** Each lesion's volume as the SR writes it (TID 1411), citing its segment in the case's SEG. */
export function reportVolumes(services: HostServices, lesions: InventoryStore, segments: SegmentStore): Map<string, SrLesionVolume> {
  const volumes = new Map<string, SrLesionVolume>();
  const inventory = lesions.inventory();
  const weightings = new Map(inventory.series.map((s) => [s.seriesInstanceUID, s.weightingOverride ?? s.weighting]));
  for (const seg of caseSegs(services, lesions, segments)) {
    const header = seg.series.instances[0]!.header;
    seg.identity.lesionIds.forEach((lesionId, index) => {
      const record = seg.segments.find((s) => s.lesionId === lesionId)!;
      const weighting = weightings.get(seg.series.seriesInstanceUID);
      volumes.set(lesionId, {
        seg: {
          studyInstanceUID: header.studyInstanceUID,
          seriesInstanceUID: seg.identity.seriesInstanceUID,
          sopInstanceUID: seg.identity.sopInstanceUID,
          segmentNumber: index + 1,
        },
        sourceSeriesInstanceUID: seg.series.seriesInstanceUID,
        volumeMl: record.volumeMl,
        mean: record.volumeMeanHU,
        modality: header.modality,
        ...(weighting ? { weighting } : {}),
      });
    });
  }
  return volumes;
}
