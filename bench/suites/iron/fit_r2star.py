#!/usr/bin/python3
"""The iron bench's independent side: the same decays fitted with scipy.optimize.curve_fit.

Reads the files the bench runner wrote (meta.json, decays.f32, map.f32) in the folder given as
the only argument, fits S0 * exp(-R2* * TE) (TE in ms, R2* per ms -> Hz) with the same echo
truncation as the viewer, and prints one JSON object: timings (single-threaded, the runner sets
the BLAS thread counts to 1) and the agreement with the viewer's figures.

ROI: the viewer's truncation model without a known noise: echoes from the first one under a
tenth of the first echo are dropped (never fewer than 3), then late echoes one at a time while
R^2 < 0.995. Map: echoes from the first under 3 sigma dropped (never fewer than 3).
Both start from the straight line through ln S weighted by S^2, as the viewer does.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import curve_fit


def decay(te, s0, r):
    return s0 * np.exp(-r * te)


def start(te, s):
    keep = s > 0
    # np.polyfit's weights multiply the residuals: w = S gives the S^2 weighting.
    slope, intercept = np.polyfit(te[keep], np.log(s[keep]), 1, w=s[keep])
    return [float(np.exp(intercept)), max(0.0, float(-slope))]


def fit(te, s):
    p, _ = curve_fit(decay, te, s, p0=start(te, s))
    return p


def r_squared(te, s, p):
    residual = np.sum((s - decay(te, *p)) ** 2)
    total = np.sum((s - s.mean()) ** 2)
    return 1 - residual / total if total > 0 else (1.0 if residual == 0 else 0.0)


def fit_roi(te, s):
    below = np.nonzero(s < s[0] / 10)[0]
    n = max(3, int(below[0])) if below.size else len(s)
    while True:
        p = fit(te[:n], s[:n])
        if r_squared(te[:n], s[:n], p) >= 0.995 or n <= 3:
            return p[1] * 1000, n
        n -= 1


def main():
    folder = sys.argv[1]
    meta = json.load(open(f"{folder}/meta.json"))
    te = np.array(meta["echoTimesMs"], dtype=np.float64)
    echoes = len(te)
    out = {"numpy": np.__version__, "python": sys.version.split()[0]}
    import scipy

    out["scipy"] = scipy.__version__

    # One ROI: the 12 means of the 500-pixel circle.
    roi = np.array(meta["roiMeanSignal"], dtype=np.float64)
    r2, used = fit_roi(te, roi)
    times = []
    for _ in range(meta["roiRepeats"]):
        t0 = time.perf_counter()
        fit_roi(te, roi)
        times.append((time.perf_counter() - t0) * 1000)
    out["roi"] = {
        "r2starHz": r2,
        "echoesUsed": used,
        "medianMs": float(np.median(times)),
        "p95Ms": float(np.percentile(times, 95)),
        "relativeDifference": abs(r2 - meta["roiR2starHz"]) / r2,
    }

    # The map: every pixel with a decay, one curve_fit each.
    decays = np.fromfile(f"{folder}/decays.f32", dtype=np.float32).astype(np.float64).reshape(-1, echoes)
    viewer = np.fromfile(f"{folder}/map.f32", dtype=np.float32).astype(np.float64)
    sigma = meta["noiseSigma"]
    ours = np.full(len(decays), np.nan)
    failures = 0
    t0 = time.perf_counter()
    for i, s in enumerate(decays):
        if np.isnan(s[0]):
            continue
        floor = 3 * sigma if sigma else s[0] / 10
        below = np.nonzero(~(s >= floor))[0]
        n = max(3, int(below[0])) if below.size else echoes
        try:
            ours[i] = fit(te[:n], s[:n])[1] * 1000
        except RuntimeError:
            failures += 1
    seconds = time.perf_counter() - t0
    both = np.isfinite(ours) & np.isfinite(viewer)
    # Relative to scipy's value; pixels of R2* near 0 (noise in flat tissue) would make any
    # ratio explode, so the relative figures cover R2* >= 10 Hz and the absolute ones all.
    meaningful = both & (np.abs(ours) >= 10)
    relative = np.abs(viewer[meaningful] - ours[meaningful]) / np.abs(ours[meaningful])
    absolute = np.abs(viewer[both] - ours[both])
    out["map"] = {
        "pixels": int(len(decays)),
        "fitted": int(np.isfinite(ours).sum()),
        "failures": failures,
        "seconds": seconds,
        "compared": int(both.sum()),
        "comparedRelative": int(meaningful.sum()),
        "onlyViewer": int((np.isfinite(viewer) & ~np.isfinite(ours)).sum()),
        "onlyScipy": int((~np.isfinite(viewer) & np.isfinite(ours)).sum()),
        "maxRelative": float(relative.max()) if relative.size else None,
        "medianRelative": float(np.median(relative)) if relative.size else None,
        "p99Relative": float(np.percentile(relative, 99)) if relative.size else None,
        "maxAbsoluteHz": float(absolute.max()) if absolute.size else None,
    }
    json.dump(out, sys.stdout)


main()
