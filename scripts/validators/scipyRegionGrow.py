"""Region growing by scipy.ndimage.label, the independent reference for the volume rules' tests.

    /usr/bin/python3 scripts/validators/scipyRegionGrow.py VOLUME.raw COLUMNS ROWS SLICES LOW HIGH CONNECTIVITY OUT.raw C R S [C R S ...]

VOLUME.raw holds float32 values, column fastest then row then slice. For each seed [c, r, s] the
voxels within [LOW, HIGH] connected to it (6: faces, 26: faces, edges and corners) are written
to OUT.raw as one byte per voxel (1 inside), seed after seed; stdout gets their counts as JSON.
"""
import json
import sys

import numpy as np
from scipy import ndimage


def main():
    volume_path, columns, rows, slices, low, high, connectivity, out_path, *seeds = sys.argv[1:]
    columns, rows, slices = int(columns), int(rows), int(slices)
    values = np.fromfile(volume_path, dtype="<f4").reshape((slices, rows, columns))
    inside = (values >= float(low)) & (values <= float(high))
    structure = ndimage.generate_binary_structure(3, 1 if connectivity == "6" else 3)
    labels, _ = ndimage.label(inside, structure)
    counts = []
    with open(out_path, "wb") as out:
        for index in range(0, len(seeds), 3):
            column, row, slice_ = (int(value) for value in seeds[index : index + 3])
            label = labels[slice_, row, column]
            mask = (labels == label) if label != 0 else np.zeros_like(inside)
            out.write(mask.astype(np.uint8).tobytes())
            counts.append(int(mask.sum()))
    print(json.dumps({"counts": counts}))


if __name__ == "__main__":
    main()
