import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { encodePart10, type NaturalDataset, type Part10Meta } from '../../../../src/data/dcmjs';
import { writePart10 } from './part10Writer';
import { decidedStore, edgeCaseReportInput, sampleReportInput } from './sampleReport.fixture';
import { measurementReportDataset, SR_PART10_META, writeMeasurementReport } from './srWrite';

const META: Part10Meta = { implementationClassUID: '1.2.826.0.1.3680043.10.99.1', implementationVersionName: 'TEST_1' };
const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.34';

/** A dataset with the two UIDs every Part 10 file needs, plus the elements under test. */
const dataset = (elements: NaturalDataset): NaturalDataset => ({
  SOPClassUID: SR_CLASS,
  SOPInstanceUID: '1.2.826.0.1.3680043.10.99.2.1',
  ...elements,
});

/** The first byte where two encodings differ, for a message that says where to look. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

function assertSameAsDcmjs(data: NaturalDataset, meta: Part10Meta = META): Uint8Array {
  const ours = writePart10(data, meta);
  const reference = encodePart10(data, meta);
  assert.equal(firstDifference(ours, reference), -1, `differs from dcmjs at byte ${firstDifference(ours, reference)}`);
  return ours;
}

describe('writePart10 writes the bytes dcmjs writes', () => {
  it('for the sample report, the edge cases and the decided case', () => {
    for (const input of [sampleReportInput(), edgeCaseReportInput(), sampleReportInput(decidedStore())]) {
      assertSameAsDcmjs(measurementReportDataset(input), SR_PART10_META);
    }
  });

  it('and writeMeasurementReport is that encoding of its dataset', () => {
    // Both calls draw their UIDs from a fresh deterministic source, so they build the same dataset.
    const bytes = writeMeasurementReport(sampleReportInput());
    assert.equal(firstDifference(bytes, encodePart10(measurementReportDataset(sampleReportInput()), SR_PART10_META)), -1);
  });

  it('pads odd values: UIDs with NUL, text with a space', () => {
    const bytes = assertSameAsDcmjs(dataset({ StudyInstanceUID: '1.2.3', Modality: 'SR', PatientID: 'ABC', Manufacturer: 'odd' }));
    const text = new TextDecoder('latin1').decode(bytes);
    assert.ok(text.includes('1.2.3\0'));
    assert.ok(text.includes('ABC '));
  });

  it('encodes non-ASCII text as UTF-8 in every text VR, and keeps ASCII VRs one byte a character', () => {
    assertSameAsDcmjs(
      dataset({
        SpecificCharacterSet: 'ISO_IR 192',
        PatientName: 'Müller^Zoë',
        StudyDescription: 'Läsion ≥ 2 cm',
        AccessionNumber: 'Ä1',
        CodingSchemeIdentificationSequence: [{ CodingSchemeDesignator: '99X', CodingSchemeName: 'Schéma ✓' }],
        ContentSequence: [{ RelationshipType: 'CONTAINS', ValueType: 'TEXT', TextValue: 'Note: 😀 "quoted" & <angled>' }],
      }),
    );
  });

  it('writes empty values, empty sequences and nested sequences as dcmjs does', () => {
    assertSameAsDcmjs(
      dataset({
        StudyDate: '',
        ReferringPhysicianName: '',
        AccessionNumber: '',
        ReferencedPerformedProcedureStepSequence: [],
        PerformedProcedureCodeSequence: [],
        ContentSequence: [
          {
            RelationshipType: 'CONTAINS',
            ValueType: 'CONTAINER',
            ContentSequence: [{ RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ContentSequence: [] }],
          },
        ],
      }),
    );
  });

  it('writes numbers and lists: IS and DS as text, FL as floats, several values with backslashes', () => {
    assertSameAsDcmjs(
      dataset({
        SeriesNumber: 9001,
        InstanceNumber: 1,
        ImageType: ['DERIVED', 'SECONDARY'],
        ContentSequence: [
          {
            ValueType: 'SCOORD',
            GraphicType: 'POLYLINE',
            GraphicData: [116.5, 128.5, 0.1, -3.25e-7, 1e20],
            ContentSequence: [{ ValueType: 'IMAGE', ReferencedSOPSequence: [{ ReferencedFrameNumber: [1, 12] }] }],
          },
          { ValueType: 'NUM', MeasuredValueSequence: [{ NumericValue: '43.2' }] },
          { ValueType: 'NUM', MeasuredValueSequence: [{ NumericValue: 0.30000000000000004 }] },
        ],
      }),
    );
  });

  it('writes person names given as {Alphabetic}, and several names', () => {
    assertSameAsDcmjs(dataset({ PatientName: { Alphabetic: 'Doe^Jane' }, ReferringPhysicianName: ['A^B', 'C^D'] }));
  });

  it('cuts over-long ASCII values where dcmjs cuts them', () => {
    assertSameAsDcmjs(
      dataset({
        Modality: 'A-CODE-STRING-LONGER-THAN-16',
        StudyInstanceUID: `1.2.${'3'.repeat(70)}`,
        PatientAge: '034YEARS',
        StudyDate: '20240101-20240201-X',
      }),
    );
  });

  it('leaves out undefined values, as dcmjs does', () => {
    assertSameAsDcmjs(dataset({ StudyDescription: undefined, PatientID: 'X' }));
  });

  it('writes US as dcmjs does (a segment number in a referenced SOP item)', () => {
    assertSameAsDcmjs(
      dataset({
        ReferencedSOPSequence: [
          { ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.66.4', ReferencedSOPInstanceUID: '2.25.1', ReferencedSegmentNumber: 3 },
        ],
      }),
    );
  });
});

describe('writePart10 refuses what it cannot write right', () => {
  it('an unknown keyword (dcmjs would drop it silently)', () => {
    assert.throws(() => writePart10(dataset({ NotAKeyword: 'x' }), META), /NotAKeyword: not an attribute/);
  });

  it('a VR outside its scope', () => {
    assert.throws(() => writePart10(dataset({ FrameIncrementPointer: 0x00181063 }), META), /FrameIncrementPointer \(AT\).*not supported/);
  });

  it('a value too long for a 16-bit length (dcmjs would write it as UN)', () => {
    assert.throws(() => writePart10(dataset({ StudyDescription: 'x'.repeat(70000) }), META), /16-bit length/);
  });

  it('a single date longer than a date, as dcmjs does', () => {
    const data = dataset({ StudyDate: '202401011' });
    assert.throws(() => encodePart10(data, META));
    assert.throws(() => writePart10(data, META), /StudyDate \(DA\)/);
  });

  it('values of the wrong kind', () => {
    assert.throws(() => writePart10(dataset({ GraphicData: ['1.5'] }), META), /GraphicData \(FL\)/);
    assert.throws(() => writePart10(dataset({ ContentSequence: 'x' }), META), /ContentSequence \(SQ\)/);
    assert.throws(() => writePart10({ SOPClassUID: SR_CLASS }, META), /SOPInstanceUID/);
  });
});
