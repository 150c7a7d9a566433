import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRaw } from 'pako';
import { inflateCapped, inflateLimit } from './parseDicom';
import { explainParseError } from './parseErrors';

test('a deflated data set inflates up to its limit and no further (decompression bombs)', () => {
  const zeros = new Uint8Array(1024 * 1024);
  const deflated = deflateRaw(zeros);
  assert.ok(deflated.length < 2048, `1 MiB of zeros deflates to ${deflated.length} bytes`);
  assert.equal(inflateCapped(deflated, 2 * 1024 * 1024).length, zeros.length);
  assert.throws(
    () => inflateCapped(deflated, 64 * 1024),
    (error: unknown) => {
      assert.equal(explainParseError(error), 'corrupt DICOM: the deflated data set expands past 0 MiB, far beyond any real DICOM');
      return true;
    },
  );
  assert.equal(inflateLimit(1000), 64 * 1024 * 1024);
  assert.equal(inflateLimit(10 * 1024 * 1024), 2000 * 1024 * 1024);
  assert.throws(
    () => inflateCapped(deflated.subarray(0, deflated.length - 4)),
    (error: unknown) => {
      assert.equal(explainParseError(error), 'corrupt DICOM: the deflated data set cannot be inflated');
      return true;
    },
  );
});

test("dicom-parser's messages become words", () => {
  const cases: [unknown, string][] = [
    [
      "dicomParser.ByteStream: parameter 'position' cannot be greater than or equal to 'byteArray' length",
      'truncated: the file ends in the middle of a DICOM element',
    ],
    [
      { exception: "dicomParser.parseDicomDataSetExplicit: invalid value for parameter 'maxP osition'" },
      "corrupt DICOM: an element's length runs past the end of the file",
    ],
    [
      'dicomParser.readSequenceItem: item tag (FFFE,E000) not found at offset 4496',
      'corrupt DICOM: a sequence item is missing at byte 4496',
    ],
    [
      new Error('dicomParser.parseDicom: missing required meta header attribute 0002,0010'),
      'corrupt DICOM: the file meta header has no Transfer Syntax UID (0002,0010)',
    ],
    [new TypeError("Cannot read properties of undefined (reading 'length')"), "corrupt DICOM: the file's structure cannot be read"],
  ];
  for (const [error, words] of cases) assert.equal(explainParseError(error), words);
});
