#!/usr/bin/env python3
"""Reference values for the robustness findings whose input is a valid record: wfdb-python's
reading of it, for tests/io/robustness_wfdb.rs. Run from the crate root (after
scripts/make_malformed_fixtures.py):

    python3 scripts/robustness_reference.py

Writes fixtures/malformed/robustness_reference.json: per record, wfdb.rdrecord(...).d_signal and
.p_signal, lead-major (NaN as null), with the wfdb version that produced them.
"""
import json
import math
import os

import wfdb

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "malformed")
# F1: format 212, 3 signals, 1 frame, with 1 or 3 bytes after the 5 the samples need.
RECORDS = ["F1_212_odd_padded", "F1_212_odd_trailing"]


def lead_major(a):
    return [[None if (isinstance(v, float) and math.isnan(v)) else v for v in col] for col in a.T.tolist()]


def main():
    out = {"wfdb_version": wfdb.__version__, "records": {}}
    for name in RECORDS:
        path = os.path.join(ROOT, name, "r")
        d = wfdb.rdrecord(path, physical=False)
        p = wfdb.rdrecord(path)
        out["records"][name] = {
            "digital": lead_major(d.d_signal),
            "physical": lead_major(p.p_signal),
        }
    with open(os.path.join(ROOT, "robustness_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
