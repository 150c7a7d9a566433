/**
 * The iron measurements in the report (docs/exports.md#sr-iron): one TID 1501 group per iron ROI,
 * then a liver and a heart summary group. Every fitted number is written with exactNumItem, so
 * the import gives back the very doubles the radiologist saw (the DS alone keeps 15 digits).
 */

import { indexToScoordData } from '../../../../src/geometry/scoord';
import type { LicCalibration } from '../../iron/rules/ironGrades';
import type { IronInventory, IronRoiJson } from '../../iron/rules/ironReport';
import type { IndexPoint } from '../../lesions/rules/lesionMeasurement';
import { codeItem, container, exactNumItem, scoordItem, textItem, type ContentItem, type ImageReference } from './srContent';
import { CODES, EMH_CODES, LIVER_SITE, MEASUREMENTS, UNITS } from './srCodes';
import { trackingItems } from './srGroups';
import {
  CALIBRATION_CITATIONS,
  CALIBRATION_CODES,
  DECAY_MODEL_CODES,
  HEART_GRADE_CODES,
  HEART_IRON_SUMMARY,
  IRON_MEASUREMENTS,
  IRON_ROI_PREFIX,
  IRON_SITES,
  IRON_UNITS,
  LIVER_GRADE_CODES,
  LIVER_IRON_SUMMARY,
  NOISE_SOURCE_CODES,
} from './srIronCodes';
import { annotationTrackingUid } from './srUids';

/** What the writer needs of the case's iron: its inventory and the calibration chosen for it. */
export interface IronReportInput {
  readonly inventory: IronInventory;
  readonly calibration: LicCalibration;
}

/** Every ROI of the inventory, in the order they were made (I1, I2, ...), whatever the organ. */
export function ironRois(inventory: IronInventory): IronRoiJson[] {
  const number = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return [...inventory.liver.rois, ...inventory.heart.rois, ...inventory.other].sort((a, b) => number(a.id) - number(b.id));
}

/** The drawn ellipse as DICOM ELLIPSE end points, major axis first (the ROI's axes are the image's). */
export function ironEllipse(roi: IronRoiJson): number[] {
  const [cx, cy] = roi.ref.center;
  const [rx, ry] = roi.ref.radii;
  const horizontal: IndexPoint[] = [
    [cx - rx, cy],
    [cx + rx, cy],
  ];
  const vertical: IndexPoint[] = [
    [cx, cy - ry],
    [cx, cy + ry],
  ];
  return indexToScoordData(rx >= ry ? [...horizontal, ...vertical] : [...vertical, ...horizontal]);
}

/** The per-echo means with their echo times, pairs in TE order: what the decay plot is drawn from. */
function decayContainer(roi: IronRoiJson): ContentItem {
  const items = roi.echoTimesMs.flatMap((te, i) => [
    exactNumItem('CONTAINS', IRON_MEASUREMENTS.echoTime, te, IRON_UNITS.ms),
    exactNumItem('CONTAINS', IRON_MEASUREMENTS.echoSignal, roi.meanSignal[i]!, IRON_UNITS.signal),
  ]);
  return container('CONTAINS', IRON_MEASUREMENTS.decay, items);
}

function roiGroup(roi: IronRoiJson, image: ImageReference): ContentItem {
  const method = () => codeItem('HAS CONCEPT MOD', IRON_MEASUREMENTS.method, DECAY_MODEL_CODES[roi.model]);
  const fitted = (concept: (typeof IRON_MEASUREMENTS)[keyof typeof IRON_MEASUREMENTS], value: number, unit: typeof IRON_UNITS.hz) =>
    exactNumItem('CONTAINS', concept, value, unit, [method()]);
  const region = scoordItem('INFERRED FROM', 'ELLIPSE', ironEllipse(roi), image);
  const body: ContentItem[] = [
    exactNumItem('CONTAINS', IRON_MEASUREMENTS.r2star, roi.r2starHz, IRON_UNITS.hz, [method(), region]),
    fitted(IRON_MEASUREMENTS.t2star, roi.t2starMs, IRON_UNITS.ms),
    fitted(IRON_MEASUREMENTS.s0, roi.s0, IRON_UNITS.signal),
    fitted(IRON_MEASUREMENTS.offset, roi.offset, IRON_UNITS.signal),
    fitted(IRON_MEASUREMENTS.rSquared, roi.rSquared, IRON_UNITS.noUnits),
    fitted(IRON_MEASUREMENTS.echoesUsed, roi.echoesUsed, IRON_UNITS.echoes),
    exactNumItem('CONTAINS', EMH_CODES.pixelCount, roi.pixels, UNITS.pixels),
  ];
  if (roi.fieldStrengthT !== null)
    body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.fieldStrength, roi.fieldStrengthT, IRON_UNITS.tesla));
  if (roi.noiseSource !== undefined) {
    body.push(codeItem('CONTAINS', IRON_MEASUREMENTS.noiseSource, NOISE_SOURCE_CODES[roi.noiseSource]));
    if (roi.noiseSigma != null) body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.noiseSigma, roi.noiseSigma, IRON_UNITS.signal));
  }
  body.push(decayContainer(roi));
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      // The ROI's id names it in the report; its tracking UID is stable for the ROI of that series.
      ...trackingItems(`${IRON_ROI_PREFIX}${roi.id}`, annotationTrackingUid(`emh-iron-roi:${roi.ref.seriesInstanceUID}:${roi.id}`)),
      codeItem('HAS CONCEPT MOD', CODES.findingSite, IRON_SITES[roi.organ]),
      ...body,
    ],
    '1501',
  );
}

const mean = () => [codeItem('HAS CONCEPT MOD', MEASUREMENTS.derivation, MEASUREMENTS.mean)];

/** The calibration as a method: its code, the equation and the paper, so no lookup is needed. */
function calibrationItems(calibration: LicCalibration): ContentItem[] {
  const { equation, citation } = CALIBRATION_CITATIONS[calibration];
  return [
    codeItem('HAS CONCEPT MOD', IRON_MEASUREMENTS.method, CALIBRATION_CODES[calibration]),
    textItem('INFERRED FROM', IRON_MEASUREMENTS.equation, equation),
    textItem('INFERRED FROM', IRON_MEASUREMENTS.equationCitation, citation),
  ];
}

function liverSummary(input: IronReportInput, trackingKey: string): ContentItem {
  const { liver } = input.inventory;
  const body: ContentItem[] = [];
  if (liver.r2starHz !== null) body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.r2star, liver.r2starHz, IRON_UNITS.hz, mean()));
  if (liver.t2starMs !== null) body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.t2star, liver.t2starMs, IRON_UNITS.ms, mean()));
  if (liver.licMgFeG !== null && liver.calibration !== null) {
    body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.lic, liver.licMgFeG, IRON_UNITS.mgPerG, calibrationItems(liver.calibration)));
  }
  // The case's choice, also when it gives no LIC here: the import restores it.
  body.push(codeItem('CONTAINS', IRON_MEASUREMENTS.licCalibration, CALIBRATION_CODES[input.calibration]));
  if (liver.grade !== null) body.push(codeItem('CONTAINS', IRON_MEASUREMENTS.severity, LIVER_GRADE_CODES[liver.grade]));
  if (liver.fieldStrengthT !== null) {
    body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.fieldStrength, liver.fieldStrengthT, IRON_UNITS.tesla));
  }
  if (liver.reason) body.push(textItem('CONTAINS', CODES.comment, liver.reason));
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      ...trackingItems(LIVER_IRON_SUMMARY, annotationTrackingUid(`emh-liver-iron-summary:${trackingKey}`)),
      codeItem('HAS CONCEPT MOD', CODES.findingSite, LIVER_SITE),
      ...body,
    ],
    '1501',
  );
}

function heartSummary(input: IronReportInput, trackingKey: string): ContentItem {
  const { heart } = input.inventory;
  const body: ContentItem[] = [];
  if (heart.t2starMs !== null) body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.t2star, heart.t2starMs, IRON_UNITS.ms, mean()));
  if (heart.r2starHz !== null) body.push(exactNumItem('CONTAINS', IRON_MEASUREMENTS.r2star, heart.r2starHz, IRON_UNITS.hz, mean()));
  if (heart.grade !== null) body.push(codeItem('CONTAINS', IRON_MEASUREMENTS.severity, HEART_GRADE_CODES[heart.grade]));
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      ...trackingItems(HEART_IRON_SUMMARY, annotationTrackingUid(`emh-heart-iron-summary:${trackingKey}`)),
      codeItem('HAS CONCEPT MOD', CODES.findingSite, IRON_SITES.heart),
      ...body,
    ],
    '1501',
  );
}

/**
 * The iron groups: each ROI, then the liver summary (with liver ROIs) and the heart summary
 * (with heart ROIs). `image` cites the image an ROI was drawn on; `trackingKey` (the study the
 * report is filed in) keeps the summaries' tracking UIDs stable across re-exports.
 */
export function ironGroups(input: IronReportInput, image: (roi: IronRoiJson) => ImageReference, trackingKey: string): ContentItem[] {
  const groups = ironRois(input.inventory).map((roi) => roiGroup(roi, image(roi)));
  if (input.inventory.liver.rois.length > 0) groups.push(liverSummary(input, trackingKey));
  if (input.inventory.heart.rois.length > 0) groups.push(heartSummary(input, trackingKey));
  return groups;
}
