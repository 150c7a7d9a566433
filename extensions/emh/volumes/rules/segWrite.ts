/**
 * A lesion segmentation as DICOM Segmentation (PS3.3 A.51), binary: one segment per lesion
 * (label = the lesion's id), frames only on the slices where the segment is present, each
 * frame citing its source image (DerivationImageSequence) and standing at that image's
 * position; orientation and spacing shared by all frames.
 *
 * Written by hand on dcmjs's data layer (docs/dependencies.md says why not dcmjs's
 * Segmentation derivation). Pure: no DOM, no Cornerstone; runs in the browser and in Node.
 */
import { encodePart10, type NaturalDataset } from '../../../../src/data/dcmjs';
import { IMPLEMENTATION_CLASS_UID } from '../../sr/rules/srHeader';
import { EMH_MANUFACTURER, EMH_MODEL_NAME, EMH_SOFTWARE_VERSION } from '../../sr/rules/srCodes';
import type { SrPatient, SrStudy } from '../../sr/rules/srTypes';
import { nameUid } from '../../sr/rules/srUids';
import {
  type CodedConcept,
  MASS,
  MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
  SEGMENTATION_DERIVATION,
  SEGMENTATION_STORAGE,
  SOURCE_IMAGE_FOR_PROCESSING,
} from './segCodes';
import type { Point3 } from './sliceSpacing';
import { assertGrid, type SegmentMask } from './voxelGrid';

/** One slice of the source series, in the grid's slice order. */
export interface SourceSlice {
  readonly sopClassUID: string;
  readonly sopInstanceUID: string;
  readonly imagePositionPatient: Point3;
}

/** The series the lesions were segmented on: its grid and the study it belongs to. */
export interface SourceSeries {
  readonly patient: SrPatient;
  readonly study: SrStudy;
  readonly seriesInstanceUID: string;
  readonly frameOfReferenceUID: string;
  readonly rows: number;
  readonly columns: number;
  /** [row spacing, column spacing] mm, as PixelSpacing. */
  readonly pixelSpacing: readonly [number, number];
  readonly imageOrientationPatient: readonly [number, number, number, number, number, number];
  /** The spacing between slice positions (sliceSpacing.ts). */
  readonly sliceSpacingMm: number;
  readonly sliceThicknessMm: number;
  readonly slices: readonly SourceSlice[];
}

/** How the segment was made: grown or thresholded from the reader's seed or region, or painted. */
export type SegmentMethod = { readonly type: 'SEMIAUTOMATIC'; readonly algorithm: string } | { readonly type: 'MANUAL' };

export interface LesionSegment {
  /** The lesion's id (L1, L2, ...): the segment's label. */
  readonly lesionId: string;
  /** One byte per voxel of the source grid [columns, rows, slices]. */
  readonly mask: SegmentMask;
  readonly method: SegmentMethod;
  /** The lesion's tracking UID, when it has one: the same lesion across exports. */
  readonly trackingUID?: string;
}

export interface SegWriteOptions {
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly seriesNumber?: number;
  readonly seriesDescription?: string;
  readonly now: Date;
}

const IMPLEMENTATION = { implementationClassUID: IMPLEMENTATION_CLASS_UID, implementationVersionName: 'EMH_SEG_1' };
const PIXEL_DATA_TAG = '7FE00010';

const codeItem = (code: CodedConcept): NaturalDataset => ({
  CodeValue: code.CodeValue,
  CodingSchemeDesignator: code.CodingSchemeDesignator,
  CodeMeaning: code.CodeMeaning,
});

const pad = (n: number) => String(n).padStart(2, '0');
const dicomDate = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
const dicomTime = (d: Date) => `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;

interface Frame {
  readonly segmentNumber: number;
  readonly slice: number;
  readonly pixels: SegmentMask;
}

/** The slices where each segment is present, segment by segment, slice by slice. */
function framesOf(segments: readonly LesionSegment[], plane: number, slices: number): Frame[] {
  const frames: Frame[] = [];
  segments.forEach((segment, index) => {
    for (let slice = 0; slice < slices; slice += 1) {
      const pixels = segment.mask.subarray(slice * plane, (slice + 1) * plane);
      if (pixels.some((value) => value !== 0)) frames.push({ segmentNumber: index + 1, slice, pixels });
    }
  });
  return frames;
}

/** 1 bit per pixel, least significant bit first, frames one after another without padding (PS3.5 8.1.1). */
function packBits(frames: readonly Frame[], plane: number): Uint8Array {
  const packed = new Uint8Array(Math.ceil((frames.length * plane) / 8) + (Math.ceil((frames.length * plane) / 8) % 2));
  frames.forEach((frame, index) => {
    const start = index * plane;
    for (let pixel = 0; pixel < plane; pixel += 1) {
      if (frame.pixels[pixel] === 0) continue;
      const bit = start + pixel;
      packed[bit >> 3] |= 1 << (bit & 7);
    }
  });
  return packed;
}

function segmentItem(segment: LesionSegment, number: number): NaturalDataset {
  return {
    SegmentNumber: number,
    SegmentLabel: segment.lesionId,
    SegmentedPropertyCategoryCodeSequence: [codeItem(MORPHOLOGICALLY_ABNORMAL_STRUCTURE)],
    SegmentedPropertyTypeCodeSequence: [codeItem(MASS)],
    SegmentAlgorithmType: segment.method.type,
    ...(segment.method.type === 'SEMIAUTOMATIC' ? { SegmentAlgorithmName: segment.method.algorithm } : {}),
    TrackingID: segment.lesionId,
    TrackingUID: segment.trackingUID ?? nameUid(`emh-lesion/${segment.lesionId}`),
  };
}

function frameGroups(frame: Frame, source: SourceSeries): NaturalDataset {
  const image = source.slices[frame.slice];
  return {
    DerivationImageSequence: [
      {
        SourceImageSequence: [
          {
            ReferencedSOPClassUID: image.sopClassUID,
            ReferencedSOPInstanceUID: image.sopInstanceUID,
            PurposeOfReferenceCodeSequence: [codeItem(SOURCE_IMAGE_FOR_PROCESSING)],
          },
        ],
        DerivationCodeSequence: [codeItem(SEGMENTATION_DERIVATION)],
      },
    ],
    // Dimensions: the segment, then the slice's place in the stack (1-based).
    FrameContentSequence: [{ DimensionIndexValues: [frame.segmentNumber, frame.slice + 1] }],
    PlanePositionSequence: [{ ImagePositionPatient: [...image.imagePositionPatient] }],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: frame.segmentNumber }],
  };
}

/** Throws unless every segment is on the source grid and holds at least one voxel. */
function assertSegments(segments: readonly LesionSegment[], source: SourceSeries): void {
  if (segments.length === 0) throw new Error('A segmentation needs at least one lesion segment');
  const ids = new Set<string>();
  for (const segment of segments) {
    assertGrid([source.columns, source.rows, source.slices.length], segment.mask.length, `The segment of ${segment.lesionId}`);
    if (!segment.mask.some((value) => value !== 0)) throw new Error(`The segment of ${segment.lesionId} is empty`);
    if (ids.has(segment.lesionId)) throw new Error(`${segment.lesionId} has two segments`);
    ids.add(segment.lesionId);
  }
}

/** The SEG dataset, naturalized, and its bit-packed pixels. */
export function segDataset(
  source: SourceSeries,
  segments: readonly LesionSegment[],
  options: SegWriteOptions,
): { dataset: NaturalDataset; pixelData: Uint8Array } {
  assertSegments(segments, source);
  const plane = source.rows * source.columns;
  const frames = framesOf(segments, plane, source.slices.length);
  const date = dicomDate(options.now);
  const time = dicomTime(options.now);
  const dimensionOrganizationUID = nameUid(`emh-seg/${options.sopInstanceUID}/dimensions`);
  const { patient, study } = source;
  const dataset: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'PRIMARY'],
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    TimezoneOffsetFromUTC: '+0000',
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: options.sopInstanceUID,
    StudyDate: study.date ?? '',
    SeriesDate: date,
    ContentDate: date,
    StudyTime: study.time ?? '',
    SeriesTime: time,
    ContentTime: time,
    AccessionNumber: study.accessionNumber ?? '',
    Modality: 'SEG',
    Manufacturer: EMH_MANUFACTURER,
    ReferringPhysicianName: study.referringPhysicianName ?? '',
    ...(study.description ? { StudyDescription: study.description } : {}),
    SeriesDescription: options.seriesDescription ?? 'EMH lesion segmentation',
    ManufacturerModelName: EMH_MODEL_NAME,
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: source.seriesInstanceUID,
        ReferencedInstanceSequence: source.slices
          .filter((_, slice) => frames.some((frame) => frame.slice === slice))
          .map((image) => ({ ReferencedSOPClassUID: image.sopClassUID, ReferencedSOPInstanceUID: image.sopInstanceUID })),
      },
    ],
    PatientName: patient.name ?? '',
    PatientID: patient.id ?? '',
    ...(patient.issuer ? { IssuerOfPatientID: patient.issuer } : {}),
    PatientBirthDate: patient.birthDate ?? '',
    PatientSex: patient.sex ?? '',
    // Enhanced General Equipment (mandatory in a SEG) wants a serial number; software has none
    // but its name, which is what a reader can trace the object back to.
    DeviceSerialNumber: EMH_MODEL_NAME,
    SoftwareVersions: EMH_SOFTWARE_VERSION,
    StudyInstanceUID: study.studyInstanceUID,
    SeriesInstanceUID: options.seriesInstanceUID,
    StudyID: study.id ?? '',
    SeriesNumber: options.seriesNumber ?? 9101,
    InstanceNumber: 1,
    FrameOfReferenceUID: source.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUID }],
    DimensionOrganizationType: '3D',
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUID,
        DimensionIndexPointer: 0x0062000b, // ReferencedSegmentNumber
        FunctionalGroupPointer: 0x0062000a, // SegmentIdentificationSequence
        DimensionDescriptionLabel: 'ReferencedSegmentNumber',
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUID,
        DimensionIndexPointer: 0x00200032, // ImagePositionPatient
        FunctionalGroupPointer: 0x00209113, // PlanePositionSequence
        DimensionDescriptionLabel: 'ImagePositionPatient',
      },
    ],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: frames.length,
    Rows: source.rows,
    Columns: source.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    ContentLabel: 'LESIONS',
    ContentDescription: 'Lesion segmentation',
    ContentCreatorName: '',
    SegmentSequence: segments.map((segment, index) => segmentItem(segment, index + 1)),
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [
          {
            PixelSpacing: [...source.pixelSpacing],
            SliceThickness: source.sliceThicknessMm,
            SpacingBetweenSlices: source.sliceSpacingMm,
          },
        ],
        PlaneOrientationSequence: [{ ImageOrientationPatient: [...source.imageOrientationPatient] }],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map((frame) => frameGroups(frame, source)),
  };
  return { dataset, pixelData: packBits(frames, plane) };
}

/** The DICOM SEG file (Part 10, Explicit VR Little Endian). */
export function segToDicom(source: SourceSeries, segments: readonly LesionSegment[], options: SegWriteOptions): Uint8Array {
  const { dataset, pixelData } = segDataset(source, segments, options);
  const bytes = pixelData.buffer.slice(pixelData.byteOffset, pixelData.byteOffset + pixelData.byteLength);
  return encodePart10(dataset, IMPLEMENTATION, { [PIXEL_DATA_TAG]: { vr: 'OB', Value: [bytes] } });
}
