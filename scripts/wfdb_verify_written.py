#!/usr/bin/env python3
"""Checks records written by sinus with wfdb-python, for tests/io/wfdb_write.rs.

Usage: wfdb_verify_written.py DIR NAME [NAME ...]

For each record: wfdb.rdrecord reads it (digital), every header checksum equals
wfdb-python's calc_checksum (mod 2^16), every initial value equals the first sample, and
the format is 16. Prints "NAME ok" per record; exits nonzero on the first failure.
"""
import os
import sys

import wfdb


def main() -> None:
    d = sys.argv[1]
    for name in sys.argv[2:]:
        rec = wfdb.rdrecord(os.path.join(d, name), physical=False)
        found = rec.calc_checksum()
        declared = [c % 65536 for c in rec.checksum]
        assert found == declared, f"{name}: checksums {declared} vs calculated {found}"
        first = [int(v) for v in rec.d_signal[0]] if rec.sig_len else [None] * rec.n_sig
        if rec.sig_len:
            assert rec.init_value == first, f"{name}: init {rec.init_value} vs {first}"
        assert all(f == "16" for f in rec.fmt), f"{name}: formats {rec.fmt}"
        print(f"{name} ok", flush=True)


if __name__ == "__main__":
    main()
