"""Independent reading of a DICOM Segmentation we wrote (pydicom + numpy), for the SEG tests.

    /usr/bin/python3 scripts/validators/segCheck.py SEG.dcm SOURCE_FOLDER OUT.raw

Places every frame on the source series' grid (slices in InstanceNumber order) by the source
image it cites, compares the frame's ImagePositionPatient with that image's, and writes one
mask per segment (SegmentSequence order; slice, row, column; one byte per voxel) to OUT.raw.
Prints JSON: segments (number, label, voxels, codes, whether pydicom's copy of CID 7150 / 7151
holds them), frames, position mismatches.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pydicom
from pydicom.sr.codedict import codes


def cid_values(cid):
    group = getattr(codes, f"cid{cid}")
    concepts = (getattr(group, name, None) for name in dir(group) if name[:1].isupper())
    return {concept.value for concept in concepts if hasattr(concept, "value")}


def main():
    seg_path, source_folder, out_path = sys.argv[1:4]
    seg = pydicom.dcmread(seg_path)
    sources = [pydicom.dcmread(path, stop_before_pixels=True) for path in sorted(Path(source_folder).glob("*.dcm"))]
    sources.sort(key=lambda ds: int(ds.InstanceNumber))
    slice_of = {ds.SOPInstanceUID: index for index, ds in enumerate(sources)}
    frames = seg.pixel_array.reshape((int(seg.NumberOfFrames), int(seg.Rows), int(seg.Columns)))
    numbers = [int(item.SegmentNumber) for item in seg.SegmentSequence]
    masks = np.zeros((len(numbers), len(sources), int(seg.Rows), int(seg.Columns)), dtype=np.uint8)
    mismatches = []
    for index, groups in enumerate(seg.PerFrameFunctionalGroupsSequence):
        number = int(groups.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        cited = groups.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        slice_ = slice_of[cited]
        position = [float(v) for v in groups.PlanePositionSequence[0].ImagePositionPatient]
        expected = [float(v) for v in sources[slice_].ImagePositionPatient]
        if position != expected:
            mismatches.append({"frame": index + 1, "position": position, "source": expected})
        masks[numbers.index(number), slice_] |= frames[index].astype(np.uint8)
    masks.tofile(out_path)
    categories, types = cid_values(7150), cid_values(7151)
    segments = []
    for item, mask in zip(seg.SegmentSequence, masks):
        category = item.SegmentedPropertyCategoryCodeSequence[0].CodeValue
        type_ = item.SegmentedPropertyTypeCodeSequence[0].CodeValue
        segments.append(
            {
                "number": int(item.SegmentNumber),
                "label": item.SegmentLabel,
                "voxels": int(mask.sum()),
                "category": category,
                "type": type_,
                "categoryInCid7150": category in categories,
                "typeInCid7151": type_ in types,
            }
        )
    print(
        json.dumps(
            {
                "frames": int(seg.NumberOfFrames),
                "segments": segments,
                "positionMismatches": mismatches,
                "referencedSeries": seg.ReferencedSeriesSequence[0].SeriesInstanceUID,
            }
        )
    )


if __name__ == "__main__":
    main()
