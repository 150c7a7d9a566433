"""A multi-echo series made from pydicom's MR_small.dcm (a head image no one here wrote): the
image is S0, each echo is S0 * exp(-R2* * TE) rounded to the stored integers, R2* 60 Hz on the
left half and 250 Hz on the right. It prints the truth and an independent answer: for each ROI the
means read back with pydicom and numpy and fitted with scipy's curve_fit over the first n echoes
(n = 3..len), so the viewer's fit can be compared with the echoes it used.
Usage: foreignEchoes.py <out folder> '<json list of rois: {name, center: [c, r], radii: [rc, rr]}>'"""
import json
import sys
from pathlib import Path

import numpy as np
import pydicom
from pydicom.uid import generate_uid

SOURCE = Path(pydicom.__file__).parent / 'data' / 'test_files' / 'MR_small.dcm'
ECHO_TIMES_MS = [1.2, 3.2, 5.2, 7.2, 9.2, 11.2, 13.2, 15.2]
LEFT_HZ, RIGHT_HZ = 60.0, 250.0

out = Path(sys.argv[1])
rois = json.loads(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
base = pydicom.dcmread(SOURCE)
s0 = base.pixel_array.astype(np.float64)
rows, cols = s0.shape
r2star = np.where(np.arange(cols)[None, :] < cols // 2, LEFT_HZ, RIGHT_HZ) * np.ones((rows, 1))
series = generate_uid()
files, echoes = [], []
for k, te in enumerate(ECHO_TIMES_MS):
    ds = pydicom.dcmread(SOURCE)
    pixels = np.rint(s0 * np.exp(-r2star * te / 1000.0)).astype(ds.pixel_array.dtype)
    echoes.append(pixels.astype(np.float64))
    ds.PixelData = pixels.tobytes()
    ds.EchoTime = f'{te:g}'
    ds.InstanceNumber = k + 1
    ds.ImageType = ['ORIGINAL', 'PRIMARY', 'M', 'ND']
    ds.SeriesInstanceUID = series
    ds.SeriesNumber = 77
    ds.SeriesDescription = 'T2* made from MR_small'
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    name = out / f'echo-{k + 1:02d}.dcm'
    ds.save_as(name)
    files.append(str(name))

from scipy.optimize import curve_fit  # noqa: E402 (only the comparison needs scipy)


def decay(te, a, r2):
    return a * np.exp(-r2 * te / 1000.0)


c_idx, r_idx = np.meshgrid(np.arange(cols), np.arange(rows))
answers = []
for roi in rois:
    (cx, cy), (rx, ry) = roi['center'], roi['radii']
    # A pixel counts when its centre is inside or on the ellipse (pixel centres on integers).
    inside = ((c_idx - cx) / rx) ** 2 + ((r_idx - cy) / ry) ** 2 <= 1
    means = [float(e[inside].mean()) for e in echoes]
    fits = {}
    for n in range(3, len(ECHO_TIMES_MS) + 1):
        (a, r2), _ = curve_fit(decay, np.array(ECHO_TIMES_MS[:n]), np.array(means[:n]), p0=[means[0], 100.0])
        fits[n] = float(r2)
    truth = float(r2star[inside].mean()) if np.ptp(r2star[inside]) == 0 else None
    answers.append({'name': roi['name'], 'pixels': int(inside.sum()), 'means': means, 'scipyR2starHz': fits, 'truthR2starHz': truth})
print(json.dumps({'seriesInstanceUID': series, 'files': files, 'echoTimesMs': ECHO_TIMES_MS, 'rois': answers}))
