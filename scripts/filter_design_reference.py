#!/usr/bin/env python3
"""Reference Butterworth and notch coefficients from scipy.signal for tests/filter/design.rs.

Writes fixtures/scipy/filter_design.json: a list of designs, each with its parameters and the
`sos` array scipy returns (butter(..., output="sos"); iirnotch as one [b, a] row).
Run from the crate root: python3 scripts/filter_design_reference.py
"""
import json
import sys

import numpy as np
import scipy
import scipy.signal as sig

FS = [100.0, 250.0, 360.0, 500.0, 1000.0]


def cutoffs(fs):
    nyq = fs / 2
    single = [f for f in (0.05, 0.67, 40.0, 150.0) if f < nyq] + [0.45 * fs]
    bands = [(0.5, 40.0), (5.0, 15.0), (0.05, min(150.0, 0.45 * fs)), (45.0, 55.0)]
    return single, [b for b in bands if b[1] < nyq]


def main():
    out = {"scipy": scipy.__version__, "numpy": np.__version__, "designs": []}
    d = out["designs"]
    for fs in FS:
        single, bands = cutoffs(fs)
        for order in range(1, 9):
            for btype in ("lowpass", "highpass"):
                for f in single:
                    sos = sig.butter(order, f, btype=btype, fs=fs, output="sos")
                    d.append({"kind": "butter", "order": order, "btype": btype, "fs": fs,
                              "wn": [f], "sos": sos.tolist()})
            for btype in ("bandpass", "bandstop"):
                for lo, hi in bands:
                    sos = sig.butter(order, [lo, hi], btype=btype, fs=fs, output="sos")
                    d.append({"kind": "butter", "order": order, "btype": btype, "fs": fs,
                              "wn": [lo, hi], "sos": sos.tolist()})
        for f0 in (50.0, 60.0, 100.0, 120.0, 150.0, 180.0, 200.0, 240.0, 450.0):
            if f0 >= fs / 2:
                continue
            for q in (30.0, 10.0):
                b, a = sig.iirnotch(f0, q, fs=fs)
                d.append({"kind": "iirnotch", "f0": f0, "q": q, "fs": fs,
                          "sos": [list(b) + list(a)]})
    path = "fixtures/scipy/filter_design.json"
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"wrote {len(d)} designs to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
