#!/usr/bin/env python3
"""Print what wfdb-python's rdann reads from MIT annotation files, as one JSON object per file.

Usage: annot_rdann.py FILE [FILE ...]   (FILE = path/record.ext, e.g. mitdb/100.atr)

Used by tests/io/annotations_interop.rs to check sinus's reader and writer against an independent
implementation (wfdb 4.3.1). rdann drops NOTE annotations at sample 0 (definitions such as
'## time resolution') and code-0 annotations; aux text is returned with trailing NULs removed,
as sinus does.
"""
import json
import os
import sys

import wfdb

for path in sys.argv[1:]:
    base, ext = os.path.splitext(path)
    a = wfdb.rdann(base, ext[1:], return_label_elements=["label_store", "symbol"])
    n = len(a.sample)
    print(
        json.dumps(
            {
                "file": path,
                "sample": [int(x) for x in a.sample],
                "label_store": [int(x) for x in a.label_store],
                "symbol": list(a.symbol),
                "subtype": [int(x) for x in a.subtype],
                "chan": [int(x) for x in a.chan],
                "num": [int(x) for x in a.num],
                "aux": [(x or "").rstrip("\x00") for x in a.aux_note],
                "fs": a.fs,
                "n": n,
            }
        )
    )
