/**
 * Builds the naturalized dataset of one image: the modules of the CT Image and MR Image IODs
 * (PS3.3 A.3, A.4) that dciodvfy checks, filled the way a scanner would fill them.
 */
import type { NaturalDataset } from './dicomWriter';
import {
  COLUMNS,
  IMAGE_ORIENTATION_PATIENT,
  ORIGIN_X_MM,
  ORIGIN_Y_MM,
  PIXEL_SPACING_MM,
  ROWS,
  SLICE_SPACING_MM,
  SLICE_THICKNESS_MM,
  zOfInstance,
} from './geometry';
import { PATIENT, sopInstanceUid, type MrParameters, type SeriesDefinition } from './series';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

/** 12 bits hold HU -1024..3071 (CT) and every MR signal we generate. */
export const BITS_STORED = 12;
export const CT_RESCALE_INTERCEPT = -1024;

function patientAndStudy(series: SeriesDefinition): NaturalDataset {
  const { study } = series;
  return {
    PatientName: PATIENT.name,
    PatientID: PATIENT.id,
    IssuerOfPatientID: 'EMH-PHANTOM',
    PatientBirthDate: PATIENT.birthDate,
    PatientSex: PATIENT.sex,
    PatientAge: PATIENT.age,
    PatientSize: 1.72,
    PatientWeight: 61,
    StudyInstanceUID: study.uid,
    StudyDate: study.date,
    StudyTime: study.time,
    StudyDescription: study.description,
    StudyID: study.studyId,
    AccessionNumber: study.accessionNumber,
    ReferringPhysicianName: 'Referrer^Rita^^Dr.',
  };
}

function seriesAndEquipment(series: SeriesDefinition): NaturalDataset {
  const ct = series.modality === 'CT';
  return {
    Modality: series.modality,
    SeriesInstanceUID: series.uid,
    SeriesNumber: series.number,
    SeriesDate: series.study.date,
    SeriesTime: series.time,
    SeriesDescription: series.description,
    ProtocolName: series.protocolName,
    BodyPartExamined: series.bodyPart,
    PatientPosition: 'HFS',
    OperatorsName: ct ? 'Tech^Tomas' : 'Tech^Maria',
    PerformingPhysicianName: 'Radiologist^Ravi',
    FrameOfReferenceUID: series.study.frameOfReferenceUid,
    // Type 2: no anatomical landmark was set on the (imaginary) scanner.
    PositionReferenceIndicator: '',
    Manufacturer: 'EMH Phantom Works',
    ManufacturerModelName: ct ? 'Synthetic CT 64' : 'Synthetic MR 1.5T',
    DeviceSerialNumber: ct ? 'CT-SN-0042' : 'MR-SN-0815',
    SoftwareVersions: 'emh-sample-dicom 1',
    InstitutionName: 'Phantom General Hospital',
    InstitutionAddress: '1 Phantom Way, Nowhere',
    InstitutionalDepartmentName: 'Radiology',
    StationName: ct ? 'CTSTATION01' : 'MRSTATION01',
  };
}

/** Image Plane and Image Pixel modules, minus Pixel Data itself (see encodePart10). */
function imagePlaneAndPixel(series: SeriesDefinition, slice: number): NaturalDataset {
  const z = zOfInstance(slice);
  return {
    ImageOrientationPatient: [...IMAGE_ORIENTATION_PATIENT],
    ImagePositionPatient: [ORIGIN_X_MM, ORIGIN_Y_MM, z],
    SliceLocation: z,
    PixelSpacing: [PIXEL_SPACING_MM, PIXEL_SPACING_MM],
    SliceThickness: SLICE_THICKNESS_MM,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ROWS,
    Columns: COLUMNS,
    BitsAllocated: 16,
    BitsStored: BITS_STORED,
    HighBit: BITS_STORED - 1,
    PixelRepresentation: 0,
    WindowCenter: series.window.center,
    WindowWidth: series.window.width,
    WindowCenterWidthExplanation: series.window.explanation,
  };
}

function ctImage(series: SeriesDefinition): NaturalDataset {
  const base: NaturalDataset = {
    SOPClassUID: CT_IMAGE_STORAGE,
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    RescaleIntercept: CT_RESCALE_INTERCEPT,
    RescaleSlope: 1,
    RescaleType: 'HU',
    KVP: 120,
    ScanOptions: 'HELICAL MODE',
    DataCollectionDiameter: 500,
    ReconstructionDiameter: ROWS * PIXEL_SPACING_MM,
    DistanceSourceToDetector: 1085.6,
    DistanceSourceToPatient: 595,
    GantryDetectorTilt: 0,
    TableHeight: 160,
    RotationDirection: 'CW',
    ExposureTime: 500,
    XRayTubeCurrent: 220,
    Exposure: 110,
    FilterType: 'BODY',
    GeneratorPower: 26,
    FocalSpots: 1.2,
    ConvolutionKernel: 'STANDARD',
    RevolutionTime: 0.5,
    SingleCollimationWidth: 0.625,
    TotalCollimationWidth: 40,
    TableSpeed: 78.7,
    TableFeedPerRotation: 39.4,
    SpiralPitchFactor: 0.984,
    CTDIvol: 11.8,
    // CTDIvol means nothing without the phantom it refers to (dciodvfy warns otherwise).
    CTDIPhantomTypeCodeSequence: [{ CodeValue: '113691', CodingSchemeDesignator: 'DCM', CodeMeaning: 'IEC Body Dosimetry Phantom' }],
  };
  if (!series.contrastBolus) return base;
  return {
    ...base,
    ContrastBolusAgent: 'IOHEXOL',
    ContrastBolusRoute: 'IV',
    ContrastBolusVolume: 100,
    ContrastBolusStartTime: '094000',
    ContrastFlowRate: 3,
    ContrastFlowDuration: 33.3,
    ContrastBolusIngredient: 'IODINE',
    ContrastBolusIngredientConcentration: 350,
  };
}

function mrImage(mr: MrParameters): NaturalDataset {
  return {
    SOPClassUID: MR_IMAGE_STORAGE,
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    ScanningSequence: 'SE',
    SequenceVariant: 'NONE',
    // Type 2 and nothing special (no fat saturation, no flow compensation) was used.
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SequenceName: mr.sequenceName,
    AngioFlag: 'N',
    RepetitionTime: mr.repetitionTimeMs,
    EchoTime: mr.echoTimeMs,
    EchoTrainLength: mr.echoTrainLength,
    EchoNumbers: 1,
    NumberOfAverages: mr.numberOfAverages,
    ImagingFrequency: 63.87,
    ImagedNucleus: '1H',
    MagneticFieldStrength: 1.5,
    SpacingBetweenSlices: SLICE_SPACING_MM,
    NumberOfPhaseEncodingSteps: COLUMNS,
    PercentSampling: 100,
    PercentPhaseFieldOfView: 100,
    PixelBandwidth: 200,
    ReceiveCoilName: 'BODY',
    TransmitCoilName: 'BODY',
    // Frequency along columns' direction, phase left-right: frequency rows\cols\phase rows\cols.
    AcquisitionMatrix: [ROWS, 0, 0, COLUMNS],
    InPlanePhaseEncodingDirection: 'ROW',
    FlipAngle: 90,
    VariableFlipAngleFlag: 'N',
    SAR: 0.8,
    dBdt: 0,
  };
}

export function buildDataset(series: SeriesDefinition, instanceNumber: number, slice: number): NaturalDataset {
  const modalitySpecific = series.mr === null ? ctImage(series) : mrImage(series.mr);
  return {
    ...patientAndStudy(series),
    ...seriesAndEquipment(series),
    ...modalitySpecific,
    SOPInstanceUID: sopInstanceUid(series, instanceNumber),
    InstanceCreationDate: series.study.date,
    InstanceCreationTime: series.time,
    InstanceNumber: instanceNumber,
    AcquisitionNumber: 1,
    AcquisitionDate: series.study.date,
    AcquisitionTime: series.time,
    ContentDate: series.study.date,
    ContentTime: series.time,
    ImagesInAcquisition: series.slices.length,
    ImageComments: 'SYNTHETIC PHANTOM - NOT PATIENT DATA',
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    ...imagePlaneAndPixel(series, slice),
  };
}
