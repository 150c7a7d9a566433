#!/usr/bin/python3
"""The SR's TID 1411 volume groups against its SEG, read with pydicom alone (no viewer code).

Usage: srVolumeCheck.py SR.dcm SEG.dcm
Prints JSON: the SEG's SOPInstanceUID and segments (number, label, tracking UID, voxels), and
per volume group of the SR its tracking identifier and UID, the volume in mL (unit checked to
be UCUM ml), the mean with its unit and derivation, the referenced SEG instance, SOP class and
segment number, the source series; and whether the SR's evidence lists the SEG.
"""
import json
import sys

import numpy as np
import pydicom


def code(item, attribute="ConceptNameCodeSequence"):
    seq = getattr(item, attribute, None)
    if not seq:
        return None
    return (seq[0].CodeValue, seq[0].CodingSchemeDesignator)


def num(item):
    measured = item.MeasuredValueSequence[0]
    value = float(measured.FloatingPointValue) if "FloatingPointValue" in measured else float(measured.NumericValue)
    return value, code(measured, "MeasurementUnitsCodeSequence")


def main(sr_path, seg_path):
    sr = pydicom.dcmread(sr_path)
    seg = pydicom.dcmread(seg_path)
    frames = seg.pixel_array
    if frames.ndim == 2:
        frames = frames[np.newaxis]
    numbers = [int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber) for f in seg.PerFrameFunctionalGroupsSequence]
    segments = []
    for s in seg.SegmentSequence:
        n = int(s.SegmentNumber)
        voxels = int(sum(int(frames[i].sum()) for i, k in enumerate(numbers) if k == n))
        segments.append({"number": n, "label": s.SegmentLabel, "trackingUID": str(s.get("TrackingUID", "")), "voxels": voxels})

    measurements = next(c for c in sr.ContentSequence if code(c) == ("126010", "DCM"))
    groups = []
    for group in measurements.ContentSequence:
        items = group.ContentSequence
        if not any(code(i) == ("121191", "DCM") for i in items):
            continue
        entry = {"template": group.ContentTemplateSequence[0].TemplateIdentifier if "ContentTemplateSequence" in group else None}
        for i in items:
            c = code(i)
            if c == ("112039", "DCM"):
                entry["trackingIdentifier"] = i.TextValue
            elif c == ("112040", "DCM"):
                entry["trackingUID"] = str(i.UID)
            elif c == ("121191", "DCM"):
                ref = i.ReferencedSOPSequence[0]
                entry["segSopClassUID"] = str(ref.ReferencedSOPClassUID)
                entry["segSopInstanceUID"] = str(ref.ReferencedSOPInstanceUID)
                entry["segmentNumber"] = int(ref.ReferencedSegmentNumber)
                entry["valueType"] = i.ValueType
            elif c == ("121232", "DCM"):
                entry["sourceSeries"] = str(i.UID)
            elif c == ("118565006", "SCT"):
                entry["volume"], entry["volumeUnit"] = num(i)
            elif c == ("121071", "DCM"):
                entry["finding"] = code(i, "ConceptCodeSequence")
            elif c == ("363698007", "SCT"):
                entry["findingSite"] = code(i, "ConceptCodeSequence")
            elif i.ValueType == "NUM":
                derivation = [code(m, "ConceptCodeSequence") for m in i.get("ContentSequence", []) if code(m) == ("121401", "DCM")]
                entry["mean"], entry["meanUnit"] = num(i)
                entry["meanConcept"] = c
                entry["meanDerivation"] = derivation[0] if derivation else None
        groups.append(entry)

    evidence = [
        str(sop.ReferencedSOPInstanceUID)
        for study in sr.get("CurrentRequestedProcedureEvidenceSequence", [])
        for series in study.ReferencedSeriesSequence
        for sop in series.ReferencedSOPSequence
    ]
    print(
        json.dumps(
            {
                "seg": {"sopInstanceUID": str(seg.SOPInstanceUID), "seriesInstanceUID": str(seg.SeriesInstanceUID), "segments": segments},
                "groups": groups,
                "evidenceListsSeg": str(seg.SOPInstanceUID) in evidence,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
