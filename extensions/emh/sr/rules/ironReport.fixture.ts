/**
 * Iron ROIs measured on the T2* sample as the viewer measures them (ellipseMean on every echo
 * at the ROI's position, then fitR2star), for the SR tests: liver and heart with the default
 * truncation model, the spleen with the offset model. Same patient as the CT / MR sample, so a
 * report can hold the lesions too.
 */

import { ellipseMean } from '../../iron/rules/ellipseMean';
import { fitR2star, type DecayModel } from '../../iron/rules/r2starFit';
import type { IronOrgan } from '../../iron/rules/ironSummary';
import { IronStore } from '../../iron/rules/ironStore';
import type { ImageRef } from '../../inventory/rules/common';
import { ECHO_TIMES_MS, t2starImages, t2starTruth } from '../../../../sample-dicom/t2starPhantom';
import type { ImageFacts, MeasurementReportInput } from './srTypes';
import type { IronReportInput } from './srIronWrite';
import type { LicCalibration } from '../../iron/rules/ironGrades';
import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { deterministicUids, FIXED_NOW } from './sampleReport.fixture';

export const IRON_PATIENT = 'EMH-0001';
const images = t2starImages();
const truth = t2starTruth();

const text = (value: unknown): string => String(value);
const numbers = (value: unknown): number[] => (value as number[]).map(Number);

/** The T2* images' facts as the host gives them. */
export function t2starImageFacts(ref: ImageRef): ImageFacts | null {
  const image = images.find((i) => i.dataset.SOPInstanceUID === ref.sopInstanceUID);
  if (!image) return null;
  const { dataset } = image;
  return {
    sopClassUID: text(dataset.SOPClassUID),
    modality: 'MR',
    pixelSpacing: numbers(dataset.PixelSpacing) as [number, number],
    imagePositionPatient: numbers(dataset.ImagePositionPatient),
    imageOrientationPatient: numbers(dataset.ImageOrientationPatient),
  };
}

/** An iron ROI on the tissue's truth ellipse, drawn on `echo` at `position` (0 or 1). */
function measure(store: IronStore, organ: IronOrgan, position: number, echo: number, model: DecayModel): void {
  const tissue = truth.tissues.find((t) => t.name === organ);
  if (!tissue) throw new Error(`No ${organ} in the T2* truth`);
  const train = images.slice(position * ECHO_TIMES_MS.length, (position + 1) * ECHO_TIMES_MS.length);
  const means = train.map(({ pixels }) => {
    const mean = ellipseMean({ columns: 128, rows: 128, pixels, slope: 1, intercept: 0 }, tissue.roi);
    if (!mean) throw new Error(`The ${organ} ROI holds no pixel`);
    return mean;
  });
  const meanSignal = means.map((m) => m.mean);
  const fit = fitR2star(
    ECHO_TIMES_MS.map((te, i) => ({ echoTimeMs: te, signal: meanSignal[i]! })),
    { model },
  );
  if (!fit) throw new Error(`No fit for ${organ}`);
  const drawnOn = train[echo]!.dataset;
  store.add(IRON_PATIENT, {
    organ,
    fit,
    meanSignal,
    echoTimesMs: [...ECHO_TIMES_MS],
    pixels: means[0]!.pixels,
    fieldStrengthT: Number(drawnOn.MagneticFieldStrength),
    ref: {
      studyInstanceUID: text(drawnOn.StudyInstanceUID),
      seriesInstanceUID: text(drawnOn.SeriesInstanceUID),
      sopInstanceUID: text(drawnOn.SOPInstanceUID),
      instanceNumber: Number(drawnOn.InstanceNumber),
      slicePositionMm: numbers(drawnOn.ImagePositionPatient)[2]!,
      center: tissue.roi.center,
      radii: tissue.roi.radii,
    },
  });
}

/** Liver (two positions), heart and spleen (offset model) on the sample, in a store of their own. */
export function ironSampleStore(calibration: LicCalibration = 'wood-2005'): IronStore {
  const store = new IronStore(() => IRON_PATIENT);
  measure(store, 'liver', 0, 0, 'truncation');
  measure(store, 'liver', 1, 6, 'truncation');
  measure(store, 'heart', 1, 0, 'truncation');
  measure(store, 'spleen', 0, 2, 'offset');
  store.setCalibration(IRON_PATIENT, calibration);
  return store;
}

export function ironReportInput(store: IronStore = ironSampleStore()): IronReportInput {
  return { inventory: store.inventory(), calibration: store.calibration() };
}

/** `base` (a report of lesions, or none) with the sample's iron added, citing the T2* images too. */
export function withIron(base: MeasurementReportInput, iron: IronReportInput = ironReportInput()): MeasurementReportInput {
  return { ...base, iron, images: (ref) => t2starImageFacts(ref) ?? base.images(ref) };
}

/** A report of the iron alone, filed in the T2* study, as the viewer writes it with only the T2* series open. */
export function ironOnlyReportInput(store: IronStore = ironSampleStore()): MeasurementReportInput {
  const first = images[0]!.dataset;
  return {
    inventory: createInventoryStore().inventory({}),
    annotations: [],
    images: t2starImageFacts,
    iron: ironReportInput(store),
    patient: { name: 'EMH^Phantom', id: IRON_PATIENT, birthDate: '19890617', sex: 'M' },
    study: {
      studyInstanceUID: text(first.StudyInstanceUID),
      date: text(first.StudyDate),
      accessionNumber: null,
      description: 'T2* sample',
    },
    now: FIXED_NOW,
    newUid: deterministicUids('1.2.826.0.1.3680043.10.98'),
  };
}
