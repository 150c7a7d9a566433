"""Independent reading of the follow-up sample (pydicom + numpy), for followUpPhantom.test.ts.

    /usr/bin/python3 sample-dicom/followUpCheck.py OUT_DIR FOLLOW_UP_DIR TRUTH_JSON

Prints one JSON object of measurements; the test compares them with truth.json. Nothing here
reuses the generator: positions come from the files' own ImagePositionPatient / PixelSpacing.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pydicom


def load_series(folder):
    images = []
    for path in sorted(Path(folder).glob("IM-*.dcm")):
        ds = pydicom.dcmread(path)
        values = ds.pixel_array.astype(np.float64) * float(getattr(ds, "RescaleSlope", 1)) + float(
            getattr(ds, "RescaleIntercept", 0)
        )
        images.append({"instance": int(ds.InstanceNumber), "ds": ds, "values": values})
    images.sort(key=lambda image: image["instance"])
    return images


def by_instance(images, instance):
    return next(image for image in images if image["instance"] == instance)


def ellipse_mask(shape, center, radii):
    rows, columns = np.indices(shape)
    return ((columns - center[0]) / radii[0]) ** 2 + ((rows - center[1]) / radii[1]) ** 2 <= 1 + 1e-9


def mean_in(image, center, radii):
    return float(image["values"][ellipse_mask(image["values"].shape, center, radii)].mean())


def to_index(image, point):
    """Patient mm to [column, row] on an axial image, from its own header."""
    ipp = [float(v) for v in image["ds"].ImagePositionPatient]
    row_spacing, column_spacing = (float(v) for v in image["ds"].PixelSpacing)
    return [(point[0] - ipp[0]) / column_spacing, (point[1] - ipp[1]) / row_spacing]


def images_around(images, z):
    """The two images whose planes lie nearest to z (z falls as InstanceNumber grows)."""
    ranked = sorted(images, key=lambda image: abs(float(image["ds"].ImagePositionPatient[2]) - z))
    return ranked[:2]


def lesion_run_mm(image, lesion, threshold, brighter):
    """Distance between the centres of the outermost lesion pixels along the long axis."""
    (c0, r0), (c1, r1) = lesion["longAxis"]
    values = image["values"]
    spacing = float(image["ds"].PixelSpacing[0])
    if r0 == r1:
        line = values[int(r0), :]
        centre = int(lesion["center"][0])
    else:
        line = values[:, int(c0)]
        centre = int(lesion["center"][1])
    inside = line > threshold if brighter else line < threshold
    low = centre
    while inside[low - 1]:
        low -= 1
    high = centre
    while inside[high + 1]:
        high += 1
    return (high - low) * spacing, [low, high]


def main():
    out_dir, follow_up_dir, truth_path = (Path(arg) for arg in sys.argv[1:4])
    truth = json.loads(truth_path.read_text())
    fu = truth["followUp"]
    ct = load_series(follow_up_dir / "ct-nc")
    t1 = load_series(follow_up_dir / "mr-t1")
    t2 = load_series(follow_up_dir / "mr-t2")
    tissues = truth["organs"]["tissues"]
    result = {"lesions": {}, "mapped": {}, "liver": {}}

    for lesion_id, lesion in fu["lesions"].items():
        if lesion["status"] == "resolved":
            continue
        radii = lesion["roi"]["radii"]
        muscle = lesion["muscleReference"]
        entry = {"ctMeanHU": mean_in(by_instance(ct, lesion["slice"]), lesion["center"], radii)}
        for key, series in (("t1", t1), ("t2", t2)):
            image = by_instance(series, lesion["slice"])
            muscles = [mean_in(image, roi["center"], [roi["radiusPx"]] * 2) for roi in (muscle["right"], muscle["left"])]
            entry[f"{key}Ratio"] = mean_in(image, lesion["center"], radii) / (sum(muscles) / 2)
        # Judged on the series where lesion and host differ most relative to the noise (SD 8 HU on
        # CT, 4 % of the signal on MR), as generate.test.ts does for the baseline.
        host = tissues[lesion["host"]]
        candidates = [
            (ct, lesion["ctHU"], host["ctNc"], 8.0),
            (t1, lesion["t1Signal"], host["t1"], 0.04 * max(lesion["t1Signal"], host["t1"])),
            (t2, lesion["t2Signal"], host["t2"], 0.04 * max(lesion["t2Signal"], host["t2"])),
        ]
        series, value, host_value, _ = max(candidates, key=lambda c: abs(c[1] - c[2]) / c[3])
        run = lesion_run_mm(by_instance(series, lesion["slice"]), lesion, (value + host_value) / 2, value > host_value)
        entry["longAxisRunMm"], entry["longAxisRunPixels"] = run
        entry["runSeries"] = series[0]["ds"].SeriesDescription
        ct_run = lesion_run_mm(by_instance(ct, lesion["slice"]), lesion, (lesion["ctHU"] + host["ctNc"]) / 2, lesion["ctHU"] > host["ctNc"])
        entry["ctLongAxisRunMm"] = ct_run[0]
        result["lesions"][lesion_id] = entry

    # Liver: the published ROIs (mean-free noise) and a smaller disc inside each (ordinary noise).
    liver = fu["liver"]
    image = by_instance(ct, liver["recommendedSlice"])
    for roi in liver["rois"]:
        result["liver"][roi["name"]] = {
            "roiMeanHU": mean_in(image, roi["center"], [roi["radiusPx"]] * 2),
            "innerMeanHU": mean_in(image, roi["center"], [4, 4]),
            "innerPixels": int(ellipse_mask(image["values"].shape, roi["center"], [4, 4]).sum()),
        }

    # Baseline lesion centres moved by tableShiftMm land on the same lesion; unmoved, they miss.
    shift = fu["tableShiftMm"]
    for baseline in truth["lesions"]:
        point = baseline["centerPatientMm"]
        mapped = [point[axis] + shift[axis] for axis in range(3)]
        samples = []
        for target, label in ((mapped, "shifted"), (point, "unshifted")):
            for image in images_around(ct, target[2]):
                column, row = to_index(image, target)
                samples.append(
                    {
                        "how": label,
                        "instance": image["instance"],
                        "dzMm": float(image["ds"].ImagePositionPatient[2]) - target[2],
                        "index": [column, row],
                        "meanHU": mean_in(image, [round(column), round(row)], [1.5, 1.5]),
                    }
                )
        result["mapped"][baseline["id"]] = {"followUpPatientMm": mapped, "samples": samples}

    print(json.dumps(result))


if __name__ == "__main__":
    main()
