/**
 * A SEG of the sample CT's fat-hosted lesions, each grown from its centre within its
 * growRange (truth.json): the segments the SEG tests write, validate and read back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SampleTruth } from '../../../../sample-dicom/truthTypes';
import { regionGrow } from './regionGrow';
import { normalOf, readSampleCt, REPO, type SampleCt } from './sampleCt.fixture';
import { sliceSpacingFromPositions } from './sliceSpacing';
import type { LesionSegment, SourceSeries } from './segWrite';

export const truth = JSON.parse(readFileSync(join(REPO, 'sample-dicom/truth.json'), 'utf8')) as SampleTruth;

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

export function sampleSource(ct: SampleCt): SourceSeries {
  const series = truth.series['ct-nc'];
  const study = truth.studies.find((candidate) => candidate.key === 'ct');
  const spacing = sliceSpacingFromPositions(ct.positions, normalOf(ct.orientation));
  if (study === undefined || !spacing.ok) throw new Error('the sample CT has no study or no regular spacing');
  const [a, b, c, d, e, f] = ct.orientation;
  return {
    patient: { name: truth.patient.name, id: truth.patient.id, birthDate: truth.patient.birthDate, sex: truth.patient.sex },
    study: {
      studyInstanceUID: study.studyInstanceUID,
      date: study.date,
      accessionNumber: study.accessionNumber,
      description: study.description,
    },
    seriesInstanceUID: series.seriesInstanceUID,
    frameOfReferenceUID: series.frameOfReferenceUID,
    rows: ct.dims[1],
    columns: ct.dims[0],
    pixelSpacing: ct.pixelSpacing,
    imageOrientationPatient: [a, b, c, d, e, f],
    sliceSpacingMm: spacing.spacingMm,
    sliceThicknessMm: truth.geometry.sliceThicknessMm,
    slices: ct.positions.map((position, slice) => ({
      sopClassUID: CT_IMAGE_STORAGE,
      sopInstanceUID: ct.sopInstanceUIDs[slice],
      imagePositionPatient: position,
    })),
  };
}

export function sampleSegments(ct: SampleCt): LesionSegment[] {
  return truth.lesions.flatMap((lesion) => {
    const range = lesion.volume.growRange;
    if (range === null) return [];
    const grown = regionGrow(ct, [lesion.center[0], lesion.center[1], lesion.slice - 1], range);
    return [{ lesionId: lesion.id, mask: grown.mask, method: { type: 'SEMIAUTOMATIC', algorithm: 'EMH region growing' } } as const];
  });
}

export function sampleCt(): SampleCt {
  return readSampleCt();
}
