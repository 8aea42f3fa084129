#!/usr/bin/env python3
"""Reference dump of wfdb-python's physical signals, for tests/io/wfdb_python.rs.

Usage: wfdb_dump.py DB_DIR [RECORD ...]   (default: every record in DB_DIR/RECORDS)

For each record, writes to stdout one text line "NAME N_SIG SIG_LEN\n" followed by
wfdb.rdrecord(...).p_signal transposed to lead-major order, as little-endian float64
(N_SIG * SIG_LEN * 8 bytes). Streaming keeps the 500 MB of mitdb off the disk.
"""
import os
import sys

import numpy as np
import wfdb


def main() -> None:
    db = sys.argv[1]
    names = sys.argv[2:]
    if not names:
        with open(os.path.join(db, "RECORDS")) as f:
            names = [l.strip() for l in f if l.strip()]
    out = sys.stdout.buffer
    for name in names:
        rec = wfdb.rdrecord(os.path.join(db, name))
        p = np.ascontiguousarray(rec.p_signal.T, dtype="<f8")
        out.write(f"{name} {p.shape[0]} {p.shape[1]}\n".encode())
        out.write(p.tobytes())
    out.flush()


if __name__ == "__main__":
    main()
