#!/usr/bin/python3
"""Reference numbers for the corpus e2e test, computed apart from the viewer.

For every file under a folder (recursively): what pydicom makes of it (identity, geometry,
transfer syntax), and for grayscale images an elliptical ROI and a bidirectional measurement
with the values the viewer must report, computed here with numpy on the decoded pixels.

Pixel values are what Cornerstone shows: stored value * RescaleSlope + RescaleIntercept when the
file has a modality LUT (HU on CT), else the stored value (MR, most others).

The ROI rule: pixel (c, r) (pixel centres on integers) is inside when
((c - c0) / rc)^2 + ((r - r0) / rr)^2 <= 1. Cornerstone (createEllipseShape) accepts up to
1 + 1e-5 (SHAPE_BOUNDARY_EPSILON) and keeps its handles in float32 (gl-matrix), which moves the
left-hand side by up to ~1e-5 near the edge; so the centre and radii are chosen so that no pixel
centre has a value in [1 - 5e-5, 1 + 5e-5]: both rules then take the same pixels. Radii are a
quarter of the image, at most 40 pixels (larger ellipses have too many pixels near the edge).

Usage: roiTruth.py FOLDER  -> JSON on stdout
Run with Debian's /usr/bin/python3 (pydicom, numpy; Pillow for JPEG / JPEG 2000). Files pydicom
cannot decode itself (JPEG lossless / extended, JPEG-LS) are decoded with dcmtk (dcmdjpeg,
dcmdjpls) when present.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pydicom

# No pixel centre may fall where the two rules (or rounding) could disagree.
AMBIGUOUS = (1 - 5e-5, 1 + 5e-5)
MAX_RADIUS = 40

LOSSY_TRANSFER_SYNTAXES = {
    '1.2.840.10008.1.2.4.50',  # JPEG baseline
    '1.2.840.10008.1.2.4.51',  # JPEG extended
    '1.2.840.10008.1.2.4.81',  # JPEG-LS near-lossless
    '1.2.840.10008.1.2.4.91',  # JPEG 2000 (lossless or lossy)
    '1.2.840.10008.1.2.4.203',  # HTJ2K (lossless or lossy)
}
DCMTK_DECODERS = {
    '1.2.840.10008.1.2.4.50': 'dcmdjpeg',
    '1.2.840.10008.1.2.4.51': 'dcmdjpeg',
    '1.2.840.10008.1.2.4.57': 'dcmdjpeg',
    '1.2.840.10008.1.2.4.70': 'dcmdjpeg',
    '1.2.840.10008.1.2.4.80': 'dcmdjpls',
    '1.2.840.10008.1.2.4.81': 'dcmdjpls',
}


def text(ds, keyword):
    value = ds.get(keyword)
    return None if value is None or value == '' else str(value)


def number(ds, keyword):
    value = ds.get(keyword)
    try:
        return None if value is None or value == '' else float(value)
    except (TypeError, ValueError):
        return None


def decode(path, ds, transfer_syntax):
    """The first frame as an array of stored values, and which decoder made it."""
    try:
        pixels = ds.pixel_array
        return (pixels[0] if int(ds.get('NumberOfFrames', 1) or 1) > 1 else pixels), 'pydicom'
    except Exception as error:  # noqa: BLE001 - every decoder failure is a reason, not a crash
        tool = DCMTK_DECODERS.get(transfer_syntax)
        if not tool or not shutil.which(tool):
            raise RuntimeError(f'pydicom cannot decode it ({error})') from error
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, 'decoded.dcm')
        result = subprocess.run([tool, path, out], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f'{tool} cannot decode it: {result.stderr.strip()[:200]}')
        decoded = pydicom.dcmread(out)
        pixels = decoded.pixel_array
        return (pixels[0] if int(decoded.get('NumberOfFrames', 1) or 1) > 1 else pixels), tool


def ellipse_mask(rows, columns, center, radii):
    r, c = np.mgrid[0:rows, 0:columns].astype(np.float64)
    q = ((c - center[0]) / radii[0]) ** 2 + ((r - center[1]) / radii[1]) ** 2
    return q, q <= 1


def choose_ellipse(rows, columns):
    """Centre near the middle, radii about a quarter of the size, no pixel centre on the edge."""
    for step in range(200):
        nudge = 0.013 * step
        center = [round((columns - 1) / 2 + 0.137 + nudge, 4), round((rows - 1) / 2 + 0.071 + nudge, 4)]
        radii = [round(min(columns / 4, MAX_RADIUS) + 0.31 + nudge, 4), round(min(rows / 4, MAX_RADIUS) + 0.23 + nudge, 4)]
        q, _ = ellipse_mask(rows, columns, center, radii)
        if not np.any((q >= AMBIGUOUS[0]) & (q <= AMBIGUOUS[1])):
            return center, radii
    raise RuntimeError('no unambiguous ellipse')


def roi_stats(values, mask):
    inside = values[mask].astype(np.float64)
    return {
        'mean': float(inside.mean()),
        'sd': float(inside.std()),  # population SD, as Cornerstone's BasicStatsCalculator
        'min': float(inside.min()),
        'max': float(inside.max()),
        'count': int(inside.size),
    }


def ultrasound_regions(ds):
    """Spatial regions in cm (PhysicalUnits 3) of SequenceOfUltrasoundRegions, as
    (min column, min row, max column, max row, mm per column, mm per row)."""
    regions = []
    for region in ds.get('SequenceOfUltrasoundRegions', []) or []:
        if region.get('PhysicalUnitsXDirection') == 3 and region.get('PhysicalUnitsYDirection') == 3:
            regions.append((region.RegionLocationMinX0, region.RegionLocationMinY0, region.RegionLocationMaxX1,
                            region.RegionLocationMaxY1, abs(float(region.PhysicalDeltaX)) * 10, abs(float(region.PhysicalDeltaY)) * 10))
    return regions


def calibration(ds, points):
    """[row mm, column mm] and where they come from, by the project's rule: PixelSpacing (in the
    patient), else ImagerPixelSpacing (at the detector), else an ultrasound region in cm that
    holds every point; None when nothing calibrates the image (lengths stay in pixels)."""
    for keyword, source in (('PixelSpacing', 'patient'), ('ImagerPixelSpacing', 'detector')):
        value = ds.get(keyword)
        if value is not None and len(value) == 2 and float(value[0]) > 0 and float(value[1]) > 0:
            return (float(value[0]), float(value[1])), source
    for c0, r0, c1, r1, column_mm, row_mm in ultrasound_regions(ds):
        if all(c0 - 0.5 <= c <= c1 + 0.5 and r0 - 0.5 <= r <= r1 + 0.5 for c, r in points):
            return (row_mm, column_mm), 'ultrasound-region'
    return None, None


def lesion_axes(ds, rows, columns, center):
    """A horizontal long axis and a vertical short axis through the ROI centre, in index space;
    the short axis is kept under half the long one in mm so their order is not in doubt."""
    spacing, _ = calibration(ds, [center])
    row_mm, column_mm = spacing if spacing else (1.0, 1.0)
    long_px = round(0.5 * columns + 0.37, 4)
    short_px = round(min(0.3 * rows, 0.5 * long_px * column_mm / row_mm) + 0.21, 4)
    c0, r0 = center
    long_axis = [[c0 - long_px / 2, r0], [c0 + long_px / 2, r0]]
    short_axis = [[c0, r0 - short_px / 2], [c0, r0 + short_px / 2]]
    spacing, source = calibration(ds, long_axis + short_axis)
    return {
        'longAxis': long_axis,
        'shortAxis': short_axis,
        'longAxisPx': long_px,
        'shortAxisPx': short_px,
        'calibration': source,
        # dx along columns takes PixelSpacing[1], dy along rows PixelSpacing[0].
        'longAxisMm': long_px * spacing[1] if spacing else None,
        'shortAxisMm': short_px * spacing[0] if spacing else None,
    }


def describe(path, relative):
    entry = {'file': relative}
    try:
        ds = pydicom.dcmread(path)
    except Exception as error:  # noqa: BLE001
        entry['pydicom'] = f'not read: {type(error).__name__}: {str(error)[:120]}'
        return entry
    meta = getattr(ds, 'file_meta', None)
    transfer_syntax = str(getattr(meta, 'TransferSyntaxUID', '') or '') if meta is not None else ''
    spacing = ds.get('PixelSpacing')
    spacing = [float(spacing[0]), float(spacing[1])] if spacing is not None and len(spacing) == 2 else None
    entry.update({
        'pydicom': 'read',
        'sopInstanceUID': text(ds, 'SOPInstanceUID'),
        'seriesInstanceUID': text(ds, 'SeriesInstanceUID'),
        'instanceNumber': int(number(ds, 'InstanceNumber')) if number(ds, 'InstanceNumber') is not None else None,
        'modality': text(ds, 'Modality'),
        'transferSyntaxUID': transfer_syntax,
        'lossy': transfer_syntax in LOSSY_TRANSFER_SYNTAXES or text(ds, 'LossyImageCompression') == '01',
        'hasPixelData': 'PixelData' in ds,
        'photometric': text(ds, 'PhotometricInterpretation'),
        'samplesPerPixel': int(number(ds, 'SamplesPerPixel') or 1),
        'rows': int(number(ds, 'Rows') or 0),
        'columns': int(number(ds, 'Columns') or 0),
        'frames': int(number(ds, 'NumberOfFrames') or 1),
        'pixelSpacing': spacing,
        'imagePlane': 'ImagePositionPatient' in ds and 'ImageOrientationPatient' in ds,
    })
    if not entry['hasPixelData'] or entry['rows'] == 0 or entry['columns'] == 0:
        return entry
    center, radii = choose_ellipse(entry['rows'], entry['columns'])
    entry['lesion'] = lesion_axes(ds, entry['rows'], entry['columns'], center)
    if entry['samplesPerPixel'] != 1 or not (entry['photometric'] or '').startswith('MONOCHROME'):
        return entry
    roi = {'center': center, 'radii': radii}
    try:
        stored, decoder = decode(path, ds, transfer_syntax)
        slope, intercept = number(ds, 'RescaleSlope'), number(ds, 'RescaleIntercept')
        modality_lut = slope is not None and intercept is not None
        values = stored.astype(np.float64) * slope + intercept if modality_lut else stored.astype(np.float64)
        _, mask = ellipse_mask(entry['rows'], entry['columns'], center, radii)
        roi.update({
            'decoder': decoder,
            'values': 'stored * RescaleSlope + RescaleIntercept' if modality_lut else 'stored values',
            'stats': roi_stats(values, mask),
        })
    except Exception as error:  # noqa: BLE001
        roi['unavailable'] = str(error)[:200]
    entry['roi'] = roi
    return entry


def main():
    folder = sys.argv[1]
    warnings.simplefilter('ignore')
    entries = []
    for root, directories, files in os.walk(folder):
        directories.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            entries.append(describe(path, os.path.relpath(path, folder)))
    json.dump({'folder': folder, 'pydicom': pydicom.__version__, 'files': entries}, sys.stdout, indent=1)


if __name__ == '__main__':
    main()
