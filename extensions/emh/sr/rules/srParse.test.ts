import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';

import { foreignReport } from './foreignSr.fixture';
import { decidedStore, edgeCaseReportInput, sampleReportInput } from './sampleReport.fixture';
import { readSrDocument, type SrDocument } from './srDicom';
import { parseExplicitLittleEndian } from './srParse';
import { writeMeasurementReport } from './srWrite';
import { errorMessage } from '../../../../src/util/errorMessage';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.34';

// ------------------------------------------------------------------ a small hand encoder

const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
const tagBytes = (tag: number) => [...u16(tag >>> 16), ...u16(tag & 0xffff)];
const LONG = new Set(['OB', 'SQ', 'UT']);
const UNDEFINED = 0xffffffff;

function text(value: string, vr: string): number[] {
  const bytes = [...new TextEncoder().encode(value)];
  if (bytes.length % 2 === 1) bytes.push(vr === 'UI' ? 0 : 0x20);
  return bytes;
}

function floats(values: readonly number[]): number[] {
  const data = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => data.setFloat32(i * 4, v, true));
  return [...new Uint8Array(data.buffer)];
}

interface Encoding {
  readonly explicit: boolean;
}

function element(e: Encoding, tag: number, vr: string, value: number[]): number[] {
  if (!e.explicit) return [...tagBytes(tag), ...u32(value.length), ...value];
  const header = LONG.has(vr) ? [...text(vr, 'CS'), 0, 0, ...u32(value.length)] : [...text(vr, 'CS'), ...u16(value.length)];
  return [...tagBytes(tag), ...header, ...value];
}

/** A sequence; `defined` chooses defined or undefined length for the sequence and its items. */
function sequence(e: Encoding, tag: number, items: number[][], defined: { sequence: boolean; items: boolean }): number[] {
  const body = items.flatMap((item) =>
    defined.items
      ? [...tagBytes(0xfffee000), ...u32(item.length), ...item]
      : [...tagBytes(0xfffee000), ...u32(UNDEFINED), ...item, ...tagBytes(0xfffee00d), ...u32(0)],
  );
  const content = defined.sequence ? body : [...body, ...tagBytes(0xfffee0dd), ...u32(0)];
  const length = defined.sequence ? content.length : UNDEFINED;
  const header = e.explicit ? [...text('SQ', 'CS'), 0, 0, ...u32(length)] : [...u32(length)];
  return [...tagBytes(tag), ...header, ...content];
}

/** Preamble, DICM and a file meta group naming the transfer syntax, then the body. */
function part10(transferSyntax: string, body: readonly number[] | Uint8Array): Uint8Array {
  const explicit = { explicit: true };
  const meta = [
    ...element(explicit, 0x00020001, 'OB', [0, 1]),
    ...element(explicit, 0x00020002, 'UI', text(SR_CLASS, 'UI')),
    ...element(explicit, 0x00020010, 'UI', text(transferSyntax, 'UI')),
  ];
  const head = [
    ...new Array<number>(128).fill(0),
    ...text('DICM', 'CS'),
    ...element(explicit, 0x00020000, 'UL', u32(meta.length)),
    ...meta,
  ];
  const file = new Uint8Array(head.length + body.length);
  file.set(head);
  file.set(body, head.length);
  return file;
}

/** A small SR with sequences and items of both defined and undefined length, UTF-8 text and floats. */
function smallSr(e: Encoding): number[] {
  const code = (value: string, scheme: string, meaning: string) => [
    ...element(e, 0x00080100, 'SH', text(value, 'SH')),
    ...element(e, 0x00080102, 'SH', text(scheme, 'SH')),
    ...element(e, 0x00080104, 'LO', text(meaning, 'LO')),
  ];
  const textItem = [
    ...element(e, 0x0040a010, 'CS', text('CONTAINS', 'CS')),
    ...element(e, 0x0040a040, 'CS', text('TEXT', 'CS')),
    ...sequence(e, 0x0040a043, [code('121106', 'DCM', 'Comment')], { sequence: true, items: true }),
    ...element(e, 0x0040a160, 'UT', text('Läsion ≥ 2 cm', 'UT')),
  ];
  const scoordItem = [
    ...element(e, 0x0040a010, 'CS', text('INFERRED FROM', 'CS')),
    ...element(e, 0x0040a040, 'CS', text('SCOORD', 'CS')),
    ...element(e, 0x00700022, 'FL', floats([116.5, 128.5, 130.25, 128.5])),
    ...element(e, 0x00700023, 'CS', text('POLYLINE', 'CS')),
  ];
  const numItem = [
    ...element(e, 0x0040a010, 'CS', text('CONTAINS', 'CS')),
    ...element(e, 0x0040a040, 'CS', text('NUM', 'CS')),
    ...sequence(e, 0x0040a043, [code('103339001', 'SCT', 'Long axis')], { sequence: false, items: true }),
    ...sequence(
      e,
      0x0040a300,
      [
        [
          ...sequence(e, 0x004008ea, [code('mm', 'UCUM', 'mm')], { sequence: true, items: false }),
          ...element(e, 0x0040a30a, 'DS', text('42', 'DS')),
        ],
      ],
      { sequence: true, items: true },
    ),
    ...sequence(e, 0x0040a730, [scoordItem], { sequence: false, items: false }),
  ];
  return [
    ...element(e, 0x00080005, 'CS', text('ISO_IR 192', 'CS')),
    ...element(e, 0x00080016, 'UI', text(SR_CLASS, 'UI')),
    ...element(e, 0x00080018, 'UI', text('1.2.826.0.1.3680043.10.99.7', 'UI')),
    ...element(e, 0x0020000d, 'UI', text('1.2.826.0.1.3680043.10.99.8', 'UI')),
    ...element(e, 0x0040a040, 'CS', text('CONTAINER', 'CS')),
    ...sequence(e, 0x0040a043, [code('126000', 'DCM', 'Imaging Measurement Report')], { sequence: true, items: false }),
    ...sequence(e, 0x0040a730, [textItem, numItem], { sequence: false, items: true }),
  ];
}

// ------------------------------------------------------------------ tests

/** What reading gives: the document, or the message it throws. */
function outcome(bytes: Uint8Array, fast: boolean): SrDocument | string {
  try {
    return readSrDocument(bytes, { fast });
  } catch (error) {
    return errorMessage(error);
  }
}

describe('parseSr: the fast walk reads what dicom-parser reads', () => {
  it('on EMH reports: the sample, the edge cases and the decided case', () => {
    for (const input of [sampleReportInput(), edgeCaseReportInput(), sampleReportInput(decidedStore())]) {
      const bytes = writeMeasurementReport(input);
      assert.ok(parseExplicitLittleEndian(bytes), 'the fast walk takes an EMH report');
      assert.deepEqual(readSrDocument(bytes), readSrDocument(bytes, { fast: false }));
    }
  });

  it("on another producer's report", () => {
    const bytes = foreignReport();
    assert.ok(parseExplicitLittleEndian(bytes));
    assert.deepEqual(readSrDocument(bytes), readSrDocument(bytes, { fast: false }));
  });

  it('with sequences and items of defined length, UTF-8 text and float coordinates', () => {
    const bytes = part10(EXPLICIT_LE, smallSr({ explicit: true }));
    assert.ok(parseExplicitLittleEndian(bytes));
    const doc = readSrDocument(bytes);
    assert.deepEqual(doc, readSrDocument(bytes, { fast: false }));
    const [comment, length] = doc.root.children;
    assert.equal(comment?.text, 'Läsion ≥ 2 cm');
    assert.deepEqual(length?.num, { value: 42, unit: { value: 'mm', scheme: 'UCUM', meaning: 'mm' } });
    assert.deepEqual(length?.children[0]?.graphicData, [116.5, 128.5, 130.25, 128.5]);
  });

  it('leaves implicit VR files to dicom-parser, which reads the same document', () => {
    const implicit = part10(IMPLICIT_LE, smallSr({ explicit: false }));
    assert.equal(parseExplicitLittleEndian(implicit), null);
    assert.deepEqual(readSrDocument(implicit), readSrDocument(part10(EXPLICIT_LE, smallSr({ explicit: true }))));
  });

  it('leaves deflated files to dicom-parser, and reads their text from the inflated bytes', () => {
    const plain = writeMeasurementReport(sampleReportInput());
    const metaEnd = 144 + new DataView(plain.buffer, plain.byteOffset).getUint32(140, true);
    const deflated = part10(DEFLATED, new Uint8Array(deflateRawSync(plain.subarray(metaEnd))));
    assert.equal(parseExplicitLittleEndian(deflated), null);
    assert.deepEqual(readSrDocument(deflated), readSrDocument(plain));
  });

  it('leaves truncated and foreign files to dicom-parser, with the outcome it gives', () => {
    const bytes = writeMeasurementReport(sampleReportInput());
    for (const cut of [bytes.length - 3, bytes.length - 9, Math.floor(bytes.length / 2), 140, 20]) {
      const truncated = bytes.slice(0, cut);
      assert.equal(parseExplicitLittleEndian(truncated), null, `cut at ${cut}`);
      assert.deepEqual(outcome(truncated, true), outcome(truncated, false), `cut at ${cut}`);
    }
    const notDicom = new TextEncoder().encode('x'.repeat(300));
    assert.equal(parseExplicitLittleEndian(notDicom), null);
    assert.match(String(outcome(notDicom, true)), /^Not a readable DICOM file/);
  });
});
