import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationAt, type UltrasoundRegion } from './calibration';

const region = (over: Partial<UltrasoundRegion> = {}): UltrasoundRegion => ({
  minColumn: 10,
  minRow: 20,
  maxColumn: 300,
  maxRow: 400,
  unitsX: 3,
  unitsY: 3,
  deltaX: 0.02,
  deltaY: 0.025,
  ...over,
});

describe('calibration sources', () => {
  it('prefers PixelSpacing, keeping [row, column] order', () => {
    assert.deepEqual(calibrationAt({ pixelSpacing: [0.5, 0.8], imagerPixelSpacing: [0.1, 0.1], ultrasoundRegions: [] }, [[0, 0]]), {
      source: 'patient',
      rowSpacingMm: 0.5,
      columnSpacingMm: 0.8,
    });
  });

  it('falls back to ImagerPixelSpacing, labelled at the detector', () => {
    assert.deepEqual(calibrationAt({ pixelSpacing: null, imagerPixelSpacing: [0.143, 0.15], ultrasoundRegions: [] }, [[0, 0]]), {
      source: 'detector',
      rowSpacingMm: 0.143,
      columnSpacingMm: 0.15,
    });
  });

  it('uses the ultrasound region that holds every point, converting cm to mm', () => {
    const sources = {
      pixelSpacing: null,
      imagerPixelSpacing: null,
      ultrasoundRegions: [region({ minRow: 450, maxRow: 600, deltaX: 0.5, unitsX: 4 }), region()],
    };
    assert.deepEqual(
      calibrationAt(sources, [
        [20, 30],
        [290, 390],
      ]),
      { source: 'ultrasound-region', rowSpacingMm: 0.25, columnSpacingMm: 0.2 },
    );
  });

  it('gives no mm for a length that leaves the region, or a region not in cm (a Doppler strip)', () => {
    const sources = {
      pixelSpacing: null,
      imagerPixelSpacing: null,
      ultrasoundRegions: [region(), region({ minRow: 450, maxRow: 600, unitsX: 4, unitsY: 7 })],
    };
    assert.equal(
      calibrationAt(sources, [
        [20, 30],
        [20, 420],
      ]),
      null,
    );
    assert.equal(
      calibrationAt(sources, [
        [20, 500],
        [30, 510],
      ]),
      null,
    );
  });

  it('gives nothing for an image with no calibration at all', () => {
    assert.equal(calibrationAt({ pixelSpacing: null, imagerPixelSpacing: null, ultrasoundRegions: [] }, [[1, 1]]), null);
  });
});
