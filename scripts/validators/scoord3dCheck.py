#!/usr/bin/python3
"""Reads every SCOORD3D of an SR with pydicom (independently of the viewer's reader).

Prints a JSON list: for each SCOORD3D its parent NUM's concept meaning, graphic type,
ReferencedFrameOfReferenceUID and points [x, y, z] in mm. Exits 1 if a SCOORD3D lacks its
frame of reference or has a point count that is not a multiple of 3.
"""
import json
import sys

import pydicom


def walk(items, parent_concept, out):
    for item in items:
        concept = item.ConceptNameCodeSequence[0].CodeMeaning if "ConceptNameCodeSequence" in item else parent_concept
        if item.ValueType == "SCOORD3D":
            data = [float(v) for v in item.GraphicData]
            if len(data) % 3 != 0 or "ReferencedFrameOfReferenceUID" not in item:
                print(f"malformed SCOORD3D under {parent_concept}", file=sys.stderr)
                sys.exit(1)
            out.append(
                {
                    "concept": parent_concept,
                    "graphicType": item.GraphicType,
                    "frameOfReferenceUID": str(item.ReferencedFrameOfReferenceUID),
                    "points": [data[i : i + 3] for i in range(0, len(data), 3)],
                }
            )
        if "ContentSequence" in item:
            walk(item.ContentSequence, concept, out)


ds = pydicom.dcmread(sys.argv[1])
found = []
walk(ds.ContentSequence, None, found)
print(json.dumps(found))
