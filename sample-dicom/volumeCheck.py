"""Independent count of each lesion's voxels in the written CT (pydicom, numpy, scipy), for
lesionVolumes.test.ts and the volume rules' tests.

    /usr/bin/python3 sample-dicom/volumeCheck.py OUT_DIR TRUTH_JSON

For each lesion: the voxels within its growRange connected to its centre (scipy.ndimage.label,
6- and 26-connected), their mean HU, and the volume from the files' own PixelSpacing and the
spacing between ImagePositionPatient values along the normal. A lesion without a growRange is
grown within its HU +- 3 noise SDs, to show how far that leaks. The fat-hosted lesions are also
grown on mr-t1 and mr-t2 (one label map draws every series), within half their signal up to
halfway to fat's. Prints one JSON object.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pydicom
from scipy import ndimage


def load_volume(folder):
    datasets = [pydicom.dcmread(path) for path in sorted(Path(folder).glob("*.dcm"))]
    datasets.sort(key=lambda ds: int(ds.InstanceNumber))
    # HU on CT (stored x slope + intercept); MR has no rescale and keeps its signal.
    values = np.stack(
        [
            ds.pixel_array.astype(np.float64) * float(getattr(ds, "RescaleSlope", 1))
            + float(getattr(ds, "RescaleIntercept", 0))
            for ds in datasets
        ]
    )
    orientation = np.array([float(v) for v in datasets[0].ImageOrientationPatient])
    normal = np.cross(orientation[:3], orientation[3:])
    along = [float(np.dot(normal, [float(v) for v in ds.ImagePositionPatient])) for ds in datasets]
    steps = np.abs(np.diff(along))
    row_spacing, column_spacing = (float(v) for v in datasets[0].PixelSpacing)
    return values, {"instances": [int(ds.InstanceNumber) for ds in datasets], "spacing": [column_spacing, row_spacing, float(np.median(steps))]}


def grown(hu, seed, low, high, connectivity):
    structure = ndimage.generate_binary_structure(3, 1 if connectivity == 6 else 3)
    labels, _ = ndimage.label((hu >= low) & (hu <= high), structure)
    return labels == labels[seed]


def mr_voxels(out_dir, truth):
    found = {}
    for key, signal in (("mr-t1", "t1Signal"), ("mr-t2", "t2Signal")):
        values, grid = load_volume(Path(out_dir) / key)
        fat = truth["organs"]["tissues"]["fat"][key[3:]]
        for lesion in truth["lesions"]:
            if lesion["host"] != "fat":
                continue
            column, row = lesion["center"]
            seed = (grid["instances"].index(lesion["slice"]), row, column)
            low, high = lesion[signal] / 2, (lesion[signal] + fat) / 2
            found.setdefault(lesion["id"], {})[key] = int(grown(values, seed, low, high, 6).sum())
    return found


def main():
    out_dir, truth_path = sys.argv[1], sys.argv[2]
    truth = json.loads(Path(truth_path).read_text())
    hu, grid = load_volume(Path(out_dir) / "ct-nc")
    sd = truth["noise"]["ctSdHU"]
    voxel_ml = grid["spacing"][0] * grid["spacing"][1] * grid["spacing"][2] / 1000
    lesions = {}
    for lesion in truth["lesions"]:
        column, row = lesion["center"]
        seed = (grid["instances"].index(lesion["slice"]), row, column)
        grow_range = lesion["volume"]["growRange"] or [lesion["ctHU"] - 3 * sd, lesion["ctHU"] + 3 * sd]
        result = {"range": grow_range}
        for connectivity in (6, 26):
            mask = grown(hu, seed, grow_range[0], grow_range[1], connectivity)
            result[f"voxels{connectivity}"] = int(mask.sum())
            result[f"meanHU{connectivity}"] = float(hu[mask].mean())
            result[f"volumeMl{connectivity}"] = float(mask.sum()) * voxel_ml
        lesions[lesion["id"]] = result
    print(json.dumps({"spacingMm": grid["spacing"], "lesions": lesions, "mr": mr_voxels(out_dir, truth)}))


if __name__ == "__main__":
    main()
