"""An independent reader of the iron groups of an EMH SR (docs/exports.md#sr-iron), with pydicom:
none of the viewer's code reads the file here. Prints JSON: per iron ROI its tracking identifier,
finding site, R2* (Hz), T2* (ms) and fit method; the liver summary's R2*, LIC, calibration and
grade; the heart summary's T2* and grade.

Run: /usr/bin/python3 scripts/validators/iron_sr_pydicom.py REPORT.dcm
"""

import json
import sys

import pydicom


def concept(item):
    seq = item.get("ConceptNameCodeSequence")
    return (seq[0].CodeValue, seq[0].CodingSchemeDesignator) if seq else (None, None)


def num(item):
    measured = item.MeasuredValueSequence[0]
    value = float(measured.FloatingPointValue) if "FloatingPointValue" in measured else float(measured.NumericValue)
    return value, measured.MeasurementUnitsCodeSequence[0].CodeValue


def code_value(item):
    return item.ConceptCodeSequence[0].CodeValue


R2STAR = ("126395", "DCM")
T2STAR = ("113064", "DCM")
TRACKING_ID = ("112039", "DCM")
FINDING_SITE = ("363698007", "SCT")
METHOD = ("370129005", "SCT")
LIC = ("LIC", "99EMH")
CALIBRATION = ("LIC-CALIBRATION", "99EMH")
SEVERITY = ("246112005", "SCT")


def group_summary(group):
    out = {}
    for item in group.ContentSequence:
        c = concept(item)
        if c == TRACKING_ID:
            out["trackingIdentifier"] = item.TextValue
        elif c == FINDING_SITE:
            out["site"] = code_value(item)
        elif c == R2STAR and item.ValueType == "NUM":
            out["r2star"], out["r2starUnit"] = num(item)
            methods = [code_value(m) for m in item.get("ContentSequence", []) if concept(m) == METHOD]
            if methods:
                out["method"] = methods[0]
        elif c == T2STAR and item.ValueType == "NUM":
            out["t2star"], out["t2starUnit"] = num(item)
        elif c == LIC:
            out["lic"], out["licUnit"] = num(item)
        elif c == CALIBRATION:
            out["calibration"] = code_value(item)
        elif c == SEVERITY:
            out["grade"] = item.ConceptCodeSequence[0].CodeMeaning
    return out


def main(path):
    ds = pydicom.dcmread(path)
    measurements = next(c for c in ds.ContentSequence if concept(c) == ("126010", "DCM"))
    groups = [group_summary(g) for g in measurements.ContentSequence]
    iron = [g for g in groups if g.get("trackingIdentifier", "").startswith("Iron ROI ")]
    by_id = {g.get("trackingIdentifier"): g for g in groups}
    print(
        json.dumps(
            {
                "patientID": ds.PatientID,
                "rois": iron,
                "liver": by_id.get("Liver iron summary"),
                "heart": by_id.get("Heart iron summary"),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
