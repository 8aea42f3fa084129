#!/usr/bin/env python3
"""Reference zero-phase outputs of scipy.signal.sosfiltfilt on short PhysioNet excerpts.

For each excerpt (read with wfdb-python from $SINUS_DATA, default ../shared/physionet) this writes
fixtures/scipy/filtfilt/<name>.f32: little-endian float32, lead-major, three blocks of
n_leads*n samples: the input (p_signal in mV rounded to float32, as sinus stores it), then
sosfiltfilt(monitoring + 50 Hz notches, x), then sosfiltfilt(diagnostic + 60 Hz notches, x),
both computed in float64 from the float32 input; and sosfilt-mitdb-100.f32 for the causal
filter (see `causal`). fixtures/scipy/filtfilt/manifest.json lists
the excerpts and the scipy SOS used. The cascades follow sinus::filter::preset_sos:
  monitoring: butter(2, 0.67, highpass), butter(4, 40, lowpass)
  diagnostic: butter(2, 0.05, highpass), butter(4, min(150, 0.45 fs), lowpass)
  notches:    iirnotch(k*f0, 30) for every k*f0 < fs/2
Run from the crate root: python3 scripts/filter_filtfilt_reference.py
"""
import json
import os

import numpy as np
import scipy
import scipy.signal as sig
import wfdb

DATA = os.environ.get("SINUS_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "physionet"))
OUT = "fixtures/scipy/filtfilt"

# (database, record path in it, seconds, lead names to keep or None for all)
EXCERPTS = [
    ("mitdb", "100", 6.0, None),
    ("mitdb", "203", 6.0, None),
    ("ludb", "data/1", 2.5, None),
    ("cinc2020-dev", "A0001", 2.5, ["I", "II", "V1", "V2", "V5", "V6"]),
    ("cinc2020-dev", "S0001", 1.25, ["I", "II", "V1", "V2", "V5", "V6"]),
]


def preset(name, mains, fs):
    if name == "monitoring":
        parts = [sig.butter(2, 0.67, "highpass", fs=fs, output="sos"),
                 sig.butter(4, 40.0, "lowpass", fs=fs, output="sos")]
    else:
        parts = [sig.butter(2, 0.05, "highpass", fs=fs, output="sos"),
                 sig.butter(4, min(150.0, 0.45 * fs), "lowpass", fs=fs, output="sos")]
    k = 1
    while k * mains < fs / 2:
        b, a = sig.iirnotch(k * mains, 30.0, fs=fs)
        parts.append(np.concatenate([b, a])[None, :])
        k += 1
    return np.vstack(parts)


def causal(manifest):
    """scipy.signal.sosfilt (causal, what StreamingFilter computes) on lead MLII of mitdb 100:
    <OUT>/sosfilt-mitdb-100.f32 = input, sosfilt from rest, sosfilt from sosfilt_zi * x[0]."""
    r = wfdb.rdrecord(os.path.join(DATA, "mitdb", "100"), sampto=2160)
    x = r.p_signal[:, 0].astype(np.float32)
    s = preset("monitoring", 60.0, r.fs)
    rest = sig.sosfilt(s, x.astype(np.float64))
    steady, _ = sig.sosfilt(s, x.astype(np.float64), zi=sig.sosfilt_zi(s) * float(x[0]))
    np.concatenate([x, rest.astype(np.float32), steady.astype(np.float32)]).astype("<f4").tofile(
        os.path.join(OUT, "sosfilt-mitdb-100.f32"))
    manifest["sosfilt"] = {"file": "sosfilt-mitdb-100.f32", "fs": r.fs, "n": len(x),
                           "preset": ["monitoring", 60.0], "sos": s.tolist()}


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {"scipy": scipy.__version__, "wfdb": wfdb.__version__, "excerpts": []}
    for db, rec, secs, keep in EXCERPTS:
        hdr = wfdb.rdheader(os.path.join(DATA, db, rec))
        n = int(round(secs * hdr.fs))
        r = wfdb.rdrecord(os.path.join(DATA, db, rec), sampto=n)
        idx = list(range(len(r.sig_name))) if keep is None else [r.sig_name.index(s) for s in keep]
        x = r.p_signal[:, idx].T.astype(np.float32)  # leads x samples
        x64 = x.astype(np.float64)
        blocks = [x]
        sos = {}
        for name, mains in (("monitoring", 50.0), ("diagnostic", 60.0)):
            s = preset(name, mains, r.fs)
            sos[name] = s.tolist()
            blocks.append(sig.sosfiltfilt(s, x64, axis=1).astype(np.float32))
        fname = f"{db}-{rec.replace('/', '-')}"
        np.concatenate([b.ravel() for b in blocks]).astype("<f4").tofile(os.path.join(OUT, fname + ".f32"))
        manifest["excerpts"].append({
            "file": fname + ".f32", "db": db, "record": rec, "fs": r.fs,
            "leads": [r.sig_name[i] for i in idx], "n": n,
            "presets": [["monitoring", 50.0], ["diagnostic", 60.0]], "sos": sos,
        })
        print(fname, len(idx), "leads", n, "samples")
    causal(manifest)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
