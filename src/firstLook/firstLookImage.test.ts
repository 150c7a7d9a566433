import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import dicomParser, { type DataSet } from 'dicom-parser';
import { predecodeGrey } from '../data/reader/predecode';
import { firstLookOpening } from './firstLookCanvas';
import { firstLookPixels, firstLookWindow, fittedRect } from './firstLookImage';

const CORPUS = '/usr/lib/python3/dist-packages/pydicom/data/test_files/';
const PYTHON = '/usr/bin/python3';
const missing = !existsSync(`${CORPUS}CT_small.dcm`) || spawnSync(PYTHON, ['-c', 'import numpy, pydicom']).status !== 0;
if (missing && process.env.CI === 'true')
  throw new Error('pydicom and numpy are missing: apt-get install -y python3-pydicom python3-numpy');
const skip = missing ? 'python3-pydicom / python3-numpy are not installed' : false;

const parse = (name: string): DataSet => dicomParser.parseDicom(new Uint8Array(readFileSync(CORPUS + name)));

/**
 * The grey levels of a file through its opening window, computed by numpy from pydicom's pixels:
 * the file's first window (PS3.3 C.11.2.1.2.1), else the rescaled values' full range.
 */
function numpyGreys(name: string): Uint8Array {
  const script = `
import sys, numpy as np, pydicom
d = pydicom.dcmread(sys.argv[1])
x = d.pixel_array.astype(np.float64) * float(d.get('RescaleSlope', 1)) + float(d.get('RescaleIntercept', 0))
if 'WindowCenter' in d:
    c = float(d.WindowCenter[0] if d['WindowCenter'].VM > 1 else d.WindowCenter)
    w = float(d.WindowWidth[0] if d['WindowWidth'].VM > 1 else d.WindowWidth)
else:
    c, w = (x.min() + x.max() + 1) / 2, x.max() - x.min() + 1
y = np.clip(((x - (c - 0.5)) / (w - 1) + 0.5) * 255, 0, 255)
sys.stdout.buffer.write(np.rint(y).astype(np.uint8).tobytes())
`;
  const run = spawnSync(PYTHON, ['-c', script, CORPUS + name], { maxBuffer: 1 << 24 });
  assert.equal(run.status, 0, String(run.stderr));
  return new Uint8Array(run.stdout);
}

describe('the first look draws what the viewer draws', () => {
  for (const name of ['CT_small.dcm', 'MR_small.dcm']) {
    it(`gives pydicom's ${name} the grey levels numpy computes through its opening window`, { skip }, () => {
      const dataSet = parse(name);
      const frame = predecodeGrey(dataSet, dataSet.string('x00020010') ?? '', true);
      assert.ok(frame, 'decoded');
      const window = firstLookWindow(dataSet, frame);
      assert.ok(window);
      const greys = firstLookPixels(frame, window);
      const expected = numpyGreys(name);
      assert.equal(greys.length, expected.length);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(greys[i] - expected[i]));
      }
      assert.ok(worst <= 1, `largest difference ${worst} grey levels`);
      assert.ok(new Set(expected).size > 50, 'the image spans many grey levels');
    });
  }

  it("opens CT_small (no window in the file) on its values' full range, -896 to 1167 HU", { skip }, () => {
    const dataSet = parse('CT_small.dcm');
    const frame = predecodeGrey(dataSet, '1.2.840.10008.1.2.1', true);
    assert.ok(frame);
    // pydicom: stored 128..2191, intercept -1024. Cornerstone's toWindowLevel, then toLowHighRange.
    assert.deepEqual(firstLookWindow(dataSet, frame), { lower: -896, upper: 1167, invert: false });
  });

  it('declines a sigmoid VOI function and a VOI LUT table; inverts MONOCHROME1', { skip }, () => {
    const dataSet = parse('MR_small.dcm');
    const frame = predecodeGrey(dataSet, '1.2.840.10008.1.2.1', true);
    assert.ok(frame);
    const withString = (tag: string, value: string): DataSet =>
      ({
        ...dataSet,
        elements: { ...dataSet.elements, [tag]: { tag } },
        string: (t: string) => (t === tag ? value : dataSet.string(t)),
      }) as DataSet;
    assert.equal(firstLookWindow(withString('x00281056', 'SIGMOID'), frame), null);
    assert.equal(firstLookWindow(withString('x00283010', ''), frame), null);
    assert.deepEqual(firstLookWindow(withString('x00280004', 'MONOCHROME1'), frame), { lower: -200, upper: 1399, invert: true });
  });
});

describe('where the first look goes', () => {
  it("fits the image's physical shape, centred, as Cornerstone opens it", () => {
    const area = { left: 222, top: 76, width: 1316, height: 1002 };
    assert.deepEqual(fittedRect(area, 512, 512, [0.7, 0.7]), { left: 379, top: 76, width: 1002, height: 1002 });
    // 0.5 mm rows, 1 mm columns: 256 columns are as wide as 512 rows are tall.
    assert.deepEqual(fittedRect({ left: 0, top: 0, width: 400, height: 200 }, 256, 512, [0.5, 1]), {
      left: 100,
      top: 0,
      width: 200,
      height: 200,
    });
    assert.deepEqual(fittedRect({ left: 0, top: 0, width: 300, height: 100 }, 30, 10, null), { left: 0, top: 0, width: 300, height: 100 });
  });

  it('looks first only at one manifest, or one PACS study, opened alone', () => {
    const base = 'http://viewer.test/app/';
    assert.deepEqual(firstLookOpening('?manifest=data/m.json', base), { manifest: 'http://viewer.test/app/data/m.json' });
    assert.equal(firstLookOpening('', base), null, 'the sample case: two visits');
    assert.equal(firstLookOpening('?manifest=a.json&manifest=b.json', base), null);
    assert.equal(firstLookOpening('?manifest=a.json&url=x.dcm', base), null);
    assert.equal(firstLookOpening('?manifest=a.json&prefetch=off', base), null);
    assert.deepEqual(firstLookOpening('?dicomweb=/dicom-web&study=1.2', base), { study: '1.2' });
    assert.equal(firstLookOpening('?dicomweb=/dicom-web', base), null, 'the study list');
    assert.equal(firstLookOpening('?dicomweb=/dicom-web&study=1.2&study=1.3', base), null);
    assert.equal(firstLookOpening('?dicomweb=/dicom-web&study=1.2&manifest=a.json', base), null);
    assert.equal(firstLookOpening('?config=c.json&study=1.2', base), null, 'its PACS is named in a file');
    assert.equal(firstLookOpening('?dicomweb=/dicom-web&study=1.2&prefetch=off', base), null);
  });
});
