/**
 * The DICOM SEG of segments on an open series: the series' headers give the grid, the patient
 * and the study the SEG cites (segWrite.ts writes it). The SEG is a new series of the source's
 * study; its UIDs come from its content (caseSegs.ts).
 */
import type { SeriesModel } from '../../../src/data/studyModel';
import type { SourceSeries } from './rules/segWrite';
import { seriesGrid } from './seriesVolume';

const orNull = (value: string): string | null => (value === '' ? null : value);

export function sourceSeriesOf(series: SeriesModel): SourceSeries {
  const grid = seriesGrid(series);
  const header = grid.instances[0]!.header;
  // SliceThickness is not in the host's header; it is read from the parsed file, as the SEG states it (not used for volumes).
  const thickness = grid.instances[0]!.headerDataSet.floatString('x00180050');
  const orientation = header.imageOrientationPatient!;
  return {
    patient: {
      name: orNull(header.patientName),
      id: orNull(header.patientID),
      issuer: orNull(header.issuerOfPatientID),
      birthDate: orNull(header.patientBirthDate),
      sex: orNull(header.patientSex),
      age: orNull(header.patientAge),
    },
    study: {
      studyInstanceUID: header.studyInstanceUID,
      date: orNull(header.studyDate),
      time: orNull(header.studyTime),
      accessionNumber: orNull(header.accessionNumber),
      description: orNull(header.studyDescription),
    },
    seriesInstanceUID: series.seriesInstanceUID,
    frameOfReferenceUID: header.frameOfReferenceUID,
    rows: header.rows,
    columns: header.columns,
    pixelSpacing: [header.pixelSpacing![0], header.pixelSpacing![1]],
    imageOrientationPatient: orientation,
    sliceSpacingMm: grid.spacingMm[2],
    sliceThicknessMm: typeof thickness === 'number' && thickness > 0 ? thickness : grid.spacingMm[2],
    slices: grid.instances.map((instance) => ({
      sopClassUID: instance.header.sopClassUID,
      sopInstanceUID: instance.header.sopInstanceUID,
      imagePositionPatient: instance.header.imagePositionPatient!,
    })),
  };
}
