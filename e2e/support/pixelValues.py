#!/usr/bin/python3
"""Modality values (HU on CT) at image pixel indices, read with pydicom and numpy, apart from
the viewer: the e2e label test checks with it that labels sit on air.

Usage: pixelValues.py PATH [INSTANCE_NUMBER] < [[column, row], ...]
PATH is a DICOM file, or a folder searched for the file with that InstanceNumber. Indices
are pixel centres on integers (rounded here); points outside the image give null.
Prints a JSON list of values.
"""
import json
import os
import sys

import numpy as np
import pydicom


def find(path, instance):
    if os.path.isfile(path):
        return pydicom.dcmread(path)
    for name in sorted(os.listdir(path)):
        ds = pydicom.dcmread(os.path.join(path, name), stop_before_pixels=True)
        if int(ds.get('InstanceNumber', -1)) == instance:
            return pydicom.dcmread(os.path.join(path, name))
    raise SystemExit(f'no instance {instance} in {path}')


def main():
    ds = find(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else -1)
    values = ds.pixel_array.astype(np.float64)
    if 'RescaleSlope' in ds or 'RescaleIntercept' in ds:
        values = values * float(ds.get('RescaleSlope', 1)) + float(ds.get('RescaleIntercept', 0))
    rows, columns = values.shape
    out = []
    for column, row in json.load(sys.stdin):
        c, r = int(round(column)), int(round(row))
        out.append(None if c < 0 or r < 0 or c >= columns or r >= rows else float(values[r, c]))
    print(json.dumps(out))


main()
