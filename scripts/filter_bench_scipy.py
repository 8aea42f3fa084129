#!/usr/bin/env python3
"""scipy.signal.sosfiltfilt speed on the cascade of benches/filter.rs, for comparison.

Monitoring preset (butter(2, 0.67, hp) + butter(4, 40, lp)) + iirnotch(k*50, 30) below Nyquist,
zero-phase over the whole record, all leads at once (axis=1), float64 as scipy computes.
Prints the median of repeated runs and lead-samples per second.
Run from the crate root: python3 scripts/filter_bench_scipy.py
"""
import os
import statistics
import time

import numpy as np
import scipy
import scipy.signal as sig
import wfdb

# The cascade the filtfilt references were made with (sinus::filter::preset_sos), so the bench
# times exactly the filter the accuracy test checks.
from filter_filtfilt_reference import DATA, preset


def cascade(fs, mains=50.0):
    return preset("monitoring", mains, fs)


def bench(label, path, min_time=5.0):
    r = wfdb.rdrecord(path)
    x = r.p_signal.T.astype(np.float32)  # leads x samples, as sinus holds it
    sos = cascade(r.fs)
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < min_time or len(times) < 10:
        t0 = time.perf_counter()
        sig.sosfiltfilt(sos, x, axis=1)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    n = x.size
    print(f"scipy {scipy.__version__} sosfiltfilt {label}: {x.shape[0]}x{x.shape[1]}, "
          f"{len(sos)} sections, median {med * 1e3:.3f} ms over {len(times)} runs, "
          f"{n / med / 1e6:.1f} M samples/s")


if __name__ == "__main__":
    bench("ludb-12x5000", os.path.join(DATA, "ludb", "data", "1"))
    bench("mitdb-100", os.path.join(DATA, "mitdb", "100"))
