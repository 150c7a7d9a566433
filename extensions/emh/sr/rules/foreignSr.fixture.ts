/**
 * A TID 1500 report as another producer writes it, assembled by hand (not with the EMH
 * builders) in the shape Cornerstone's adapters use: Comprehensive 3D SR, finding site under
 * CONTAINS, tool names as tracking identifiers, lengths in cm, a partial ellipse ROI. It
 * also holds what EMH cannot map: a volume without coordinates, a 3D ruler, a qualitative
 * group with no measurement and a report-level container, each of which the reader must list.
 */

import { encodePart10, type NaturalDataset } from '../../../../src/data/dcmjs';

export const FOREIGN = {
  study: '1.2.826.0.1.3680043.10.77.1',
  series: '1.2.826.0.1.3680043.10.77.1.1',
  images: ['1.2.826.0.1.3680043.10.77.1.1.1', '1.2.826.0.1.3680043.10.77.1.1.2'],
  lengthUid: '2.25.1234567890123456789',
  bidirectionalUid: '2.25.3523',
} as const;

const CT = '1.2.840.10008.5.1.4.1.1.2';

const cs = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string): NaturalDataset[] => [
  { CodeValue, CodingSchemeDesignator, CodeMeaning },
];

const sop = (index: number): NaturalDataset[] => [{ ReferencedSOPClassUID: CT, ReferencedSOPInstanceUID: FOREIGN.images[index]! }];

const num = (concept: NaturalDataset[], value: string, unit: NaturalDataset[], children: NaturalDataset[] = []): NaturalDataset => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'NUM',
  ConceptNameCodeSequence: concept,
  MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: unit, NumericValue: value }],
  ...(children.length ? { ContentSequence: children } : {}),
});

const scoord = (type: string, data: number[], image: number): NaturalDataset => ({
  RelationshipType: 'INFERRED FROM',
  ValueType: 'SCOORD',
  GraphicType: type,
  GraphicData: data,
  ContentSequence: [{ RelationshipType: 'SELECTED FROM', ValueType: 'IMAGE', ReferencedSOPSequence: sop(image) }],
});

const tracking = (id: string, uid: string): NaturalDataset[] => [
  {
    RelationshipType: 'HAS OBS CONTEXT',
    ValueType: 'TEXT',
    ConceptNameCodeSequence: cs('112039', 'DCM', 'Tracking Identifier'),
    TextValue: id,
  },
  {
    RelationshipType: 'HAS OBS CONTEXT',
    ValueType: 'UIDREF',
    ConceptNameCodeSequence: cs('112040', 'DCM', 'Tracking Unique Identifier'),
    UID: uid,
  },
];

const group = (children: NaturalDataset[]): NaturalDataset => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: cs('125007', 'DCM', 'Measurement Group'),
  ContinuityOfContent: 'SEPARATE',
  ContentSequence: children,
});

const mm = cs('mm', 'UCUM', 'mm');
const cm = cs('cm', 'UCUM', 'cm');

/** The document root of a TID 1500 report: its title, template and "Procedure reported". */
const reportRoot = (content: NaturalDataset[]): NaturalDataset => ({
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: cs('126000', 'DCM', 'Imaging Measurement Report'),
  ContinuityOfContent: 'SEPARATE',
  ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
  ContentSequence: [
    {
      RelationshipType: 'HAS CONCEPT MOD',
      ValueType: 'CODE',
      ConceptNameCodeSequence: cs('121058', 'DCM', 'Procedure reported'),
      ConceptCodeSequence: cs('363679005', 'SCT', 'Imaging procedure'),
    },
    ...content,
  ],
});

const imagingMeasurements = (groups: NaturalDataset[]): NaturalDataset => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: cs('126010', 'DCM', 'Imaging Measurements'),
  ContinuityOfContent: 'SEPARATE',
  ContentSequence: groups,
});

export function foreignReport(): Uint8Array {
  const length = group([
    ...tracking('cornerstoneTools@^4.0.0:Length', FOREIGN.lengthUid),
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CODE',
      ConceptNameCodeSequence: cs('363698007', 'SCT', 'Finding Site'),
      ConceptCodeSequence: cs('10200004', 'SCT', 'Liver'),
    },
    num(cs('410668003', 'SCT', 'Length'), '35.5', mm, [scoord('POLYLINE', [10.5, 20.5, 40.5, 60.5], 0)]),
  ]);
  const bidirectional = group([
    ...tracking('cornerstoneTools@^4.0.0:Bidirectional', FOREIGN.bidirectionalUid),
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CODE',
      ConceptNameCodeSequence: cs('121071', 'DCM', 'Finding'),
      ConceptCodeSequence: cs('52988006', 'SCT', 'Lesion'),
    },
    {
      RelationshipType: 'HAS CONCEPT MOD',
      ValueType: 'CODE',
      ConceptNameCodeSequence: cs('363698007', 'SCT', 'Finding Site'),
      ConceptCodeSequence: cs('122495006', 'SCT', 'Thoracic spine'),
      ContentSequence: [
        {
          RelationshipType: 'HAS CONCEPT MOD',
          ValueType: 'CODE',
          ConceptNameCodeSequence: cs('272741003', 'SCT', 'Laterality'),
          ConceptCodeSequence: cs('7771000', 'SCT', 'Left'),
        },
      ],
    },
    num(cs('103339001', 'SCT', 'Long Axis'), '4.2', cm, [scoord('POLYLINE', [100.5, 100.5, 128.5, 100.5], 1)]),
    num(cs('103340004', 'SCT', 'Short Axis'), '2.8', cm, [scoord('POLYLINE', [114.5, 91.5, 114.5, 110.1666], 1)]),
    num(cs('118565006', 'SCT', 'Volume'), '12', cs('cm3', 'UCUM', 'cubic centimeter')),
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'TEXT',
      ConceptNameCodeSequence: cs('121106', 'DCM', 'Comment'),
      TextValue: 'Target lesion 1',
    },
  ]);
  const ellipse = group([
    ...tracking('cornerstoneTools@^4.0.0:EllipticalROI', '2.25.77'),
    num(cs('42798000', 'SCT', 'Area'), '150.2', cs('mm2', 'UCUM', 'mm2'), [
      scoord('ELLIPSE', [50.5, 60.5, 70.5, 60.5, 60.5, 55.5, 60.5, 65.5], 1),
    ]),
    num(cs('373098007', 'SCT', 'Mean'), '41.7', cs("[hnsf'U]", 'UCUM', 'Hounsfield unit')),
  ]);
  const ruler3d = group([
    ...tracking('cornerstoneTools@^4.0.0:Length', '2.25.78'),
    num(cs('410668003', 'SCT', 'Length'), '12', mm, [
      {
        RelationshipType: 'INFERRED FROM',
        ValueType: 'SCOORD3D',
        GraphicType: 'POLYLINE',
        GraphicData: [0, 0, 0, 12, 0, 0],
        ReferencedFrameOfReferenceUID: '1.2.3.4',
      },
    ]),
  ]);
  const qualitative = group([
    ...tracking('Severity only', '2.25.79'),
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CODE',
      ConceptNameCodeSequence: cs('246112005', 'SCT', 'Severity'),
      ConceptCodeSequence: cs('24484000', 'SCT', 'Severe'),
    },
  ]);
  const dataset: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.34',
    SOPInstanceUID: '1.2.826.0.1.3680043.10.77.9',
    StudyDate: '20240101',
    StudyTime: '120000',
    ContentDate: '20240101',
    ContentTime: '120000',
    AccessionNumber: '',
    Modality: 'SR',
    Manufacturer: 'Some other viewer',
    ReferringPhysicianName: '',
    PatientName: 'Other^Patient',
    PatientID: 'X1',
    PatientBirthDate: '',
    PatientSex: '',
    StudyInstanceUID: FOREIGN.study,
    SeriesInstanceUID: '1.2.826.0.1.3680043.10.77.8',
    StudyID: '',
    SeriesNumber: 100,
    InstanceNumber: 1,
    ReferencedPerformedProcedureStepSequence: [],
    CompletionFlag: 'PARTIAL',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID: FOREIGN.study,
        ReferencedSeriesSequence: [{ SeriesInstanceUID: FOREIGN.series, ReferencedSOPSequence: [...sop(0), ...sop(1)] }],
      },
    ],
    ...reportRoot([
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: cs('111028', 'DCM', 'Image Library'),
        ContinuityOfContent: 'SEPARATE',
        ContentSequence: [
          {
            RelationshipType: 'CONTAINS',
            ValueType: 'CONTAINER',
            ConceptNameCodeSequence: cs('126200', 'DCM', 'Image Library Group'),
            ContinuityOfContent: 'SEPARATE',
            ContentSequence: [0, 1].map((i) => ({
              RelationshipType: 'CONTAINS',
              ValueType: 'IMAGE',
              ReferencedSOPSequence: sop(i),
            })),
          },
        ],
      },
      imagingMeasurements([length, bidirectional, ellipse, ruler3d, qualitative]),
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: cs('C0034375', 'UMLS', 'Qualitative Evaluations'),
        ContinuityOfContent: 'SEPARATE',
        ContentSequence: [
          {
            RelationshipType: 'CONTAINS',
            ValueType: 'TEXT',
            ConceptNameCodeSequence: cs('121106', 'DCM', 'Comment'),
            TextValue: 'Overall stable',
          },
        ],
      },
    ]),
  };
  return encodePart10(dataset, {
    implementationClassUID: '1.2.826.0.1.3680043.10.77.99',
    implementationVersionName: 'OTHER_1',
  });
}

/** What a producer of SCOORD3D (a volume viewer) writes for a bidirectional lesion. */
export interface Scoord3dLesion {
  readonly patientID: string;
  readonly patientName: string;
  readonly studyInstanceUID: string;
  readonly frameOfReferenceUID: string;
  /** Patient coordinates (mm) of the long axis ends, then the short axis ends. */
  readonly longAxis: readonly [readonly number[], readonly number[]];
  readonly shortAxis: readonly [readonly number[], readonly number[]];
  readonly longAxisMm: number;
  readonly shortAxisMm: number;
}

/**
 * A report whose only coordinates are SCOORD3D: no image is cited, so a reader must find the
 * image whose plane holds the points.
 */
export function scoord3dReport(lesion: Scoord3dLesion): Uint8Array {
  const scoord3d = (ends: readonly (readonly number[])[]): NaturalDataset => ({
    RelationshipType: 'INFERRED FROM',
    ValueType: 'SCOORD3D',
    GraphicType: 'POLYLINE',
    GraphicData: ends.flatMap((p) => [...p]),
    ReferencedFrameOfReferenceUID: lesion.frameOfReferenceUID,
  });
  const bidirectional = group([
    ...tracking('Volume viewer bidirectional', '2.25.880001'),
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CODE',
      ConceptNameCodeSequence: cs('121071', 'DCM', 'Finding'),
      ConceptCodeSequence: cs('52988006', 'SCT', 'Lesion'),
    },
    num(cs('103339001', 'SCT', 'Long Axis'), String(lesion.longAxisMm), mm, [scoord3d(lesion.longAxis)]),
    num(cs('103340004', 'SCT', 'Short Axis'), String(lesion.shortAxisMm), mm, [scoord3d(lesion.shortAxis)]),
  ]);
  return encodePart10(
    {
      SpecificCharacterSet: 'ISO_IR 192',
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.34',
      SOPInstanceUID: '2.25.880002',
      StudyDate: '20240101',
      StudyTime: '120000',
      ContentDate: '20240101',
      ContentTime: '120000',
      AccessionNumber: '',
      Modality: 'SR',
      Manufacturer: 'A volume viewer',
      ReferringPhysicianName: '',
      PatientName: lesion.patientName,
      PatientID: lesion.patientID,
      PatientBirthDate: '',
      PatientSex: '',
      StudyInstanceUID: lesion.studyInstanceUID,
      SeriesInstanceUID: '2.25.880003',
      StudyID: '',
      SeriesNumber: 101,
      InstanceNumber: 1,
      ReferencedPerformedProcedureStepSequence: [],
      CompletionFlag: 'PARTIAL',
      VerificationFlag: 'UNVERIFIED',
      PerformedProcedureCodeSequence: [],
      ...reportRoot([imagingMeasurements([bidirectional])]),
    },
    { implementationClassUID: '2.25.880004', implementationVersionName: 'VOLUME_1' },
  );
}
