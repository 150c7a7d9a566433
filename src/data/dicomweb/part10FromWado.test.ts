import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dcmjsData as reader } from '../dcmjs';
import { readInstance } from '../readInstance';
import type { DicomJsonDataset } from './dicomJson';
import { part10FromWado } from './part10FromWado';

const SAMPLE = join(import.meta.dirname, '../../../sample-dicom/output/ct-nc/IM-0024.dcm');

/** What a WADO-RS server sends for a stored file: its dataset as JSON and its pixel bytes. */
function asWado(path: string): { metadata: DicomJsonDataset; pixels: Uint8Array } {
  const bytes = readFileSync(path);
  const dict = reader.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).dict;
  const pixelValue = dict['7FE00010'].Value?.[0] as ArrayBuffer;
  const metadata: DicomJsonDataset = { ...dict, '7FE00010': { vr: 'OW', BulkDataURI: 'http://pacs/frames/1' } };
  return { metadata, pixels: new Uint8Array(pixelValue) };
}

describe('part10FromWado: a PACS instance read like a local file', () => {
  it('keeps the header and the pixels of a native CT slice', () => {
    const original = readInstance(new Uint8Array(readFileSync(SAMPLE)));
    const { metadata, pixels } = asWado(SAMPLE);
    const rebuilt = readInstance(part10FromWado(metadata, [{ bytes: pixels, transferSyntaxUID: '1.2.840.10008.1.2.1' }]));
    assert.equal(original.kind, 'image');
    assert.equal(rebuilt.kind, 'image');
    if (original.kind !== 'image' || rebuilt.kind !== 'image') return;
    assert.deepEqual(rebuilt.header, original.header);
    const element = rebuilt.fullDataSet.elements.x7fe00010;
    assert.deepEqual(rebuilt.fullDataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length), pixels);
    assert.equal(rebuilt.fullDataSet.floatString('x00281052'), -1024);
  });

  it('wraps a compressed frame as one fragment and keeps its transfer syntax', () => {
    const { metadata } = asWado(SAMPLE);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9, 0x00]);
    const rebuilt = readInstance(part10FromWado(metadata, [{ bytes: jpeg, transferSyntaxUID: '1.2.840.10008.1.2.4.70' }]));
    assert.equal(rebuilt.kind, 'image');
    if (rebuilt.kind !== 'image') return;
    assert.equal(rebuilt.header.transferSyntaxUID, '1.2.840.10008.1.2.4.70');
    const fragments = rebuilt.fullDataSet.elements.x7fe00010.fragments ?? [];
    assert.equal(fragments.length, 1);
    assert.equal(fragments[0].length, 6); // padded to even length
  });

  it('writes names as UTF-8 whatever the stored character set', () => {
    const { metadata, pixels } = asWado(SAMPLE);
    metadata['00100010'] = { vr: 'PN', Value: [{ Alphabetic: 'Müller^Zoë' }] };
    metadata['00080005'] = { vr: 'CS', Value: ['ISO_IR 100'] };
    const rebuilt = readInstance(part10FromWado(metadata, [{ bytes: pixels, transferSyntaxUID: null }]));
    assert.equal(rebuilt.kind, 'image');
    if (rebuilt.kind !== 'image') return;
    assert.equal(rebuilt.fullDataSet.string('x00080005'), 'ISO_IR 192');
    assert.equal(
      new TextDecoder()
        .decode(
          rebuilt.fullDataSet.byteArray.subarray(
            rebuilt.fullDataSet.elements.x00100010.dataOffset,
            rebuilt.fullDataSet.elements.x00100010.dataOffset + rebuilt.fullDataSet.elements.x00100010.length,
          ),
        )
        .trim(),
      'Müller^Zoë',
    );
  });
});
