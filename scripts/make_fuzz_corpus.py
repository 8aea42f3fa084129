#!/usr/bin/env python3
"""Seeds the fuzzers: writes fuzz/corpus/<target>/ (not committed; .ci/run and whoever fuzzes run
this first) from small slices of PhysioNet records and from the repository's fixtures, in the
input layouts of fuzz/harness/mod.rs. Run from the crate root:

    python3 scripts/make_fuzz_corpus.py [PHYSIONET_DIR]   # default $SINUS_DATA or ../shared/physionet

Only a few hundred bytes of any record are used; without the PhysioNet data the fixtures alone
seed the corpus.
"""
import glob
import io
import os
import re
import struct
import sys
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.join(HERE, "..")
OUT = os.path.join(CRATE, "fuzz", "corpus")
FORMATS = [8, 16, 61, 80, 212, 310, 311]
SEP = b"\n@@DATA@@\n"


def put(target, name, data: bytes):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path, n=None):
    try:
        with open(path, "rb") as f:
            return f.read() if n is None else f.read(n)
    except OSError:
        return None


def shorten_header(text: str, n: int) -> str:
    """The header with its record line's sample count set to n (and checksums dropped)."""
    lines = text.splitlines()
    rec = lines[0].split()
    if len(rec) >= 4:
        rec[3] = str(n)
    out = [" ".join(rec)]
    for line in lines[1:]:
        f = line.split()
        if line.startswith("#") or len(f) < 7:
            out.append(line)
        else:
            f[6] = "0"  # checksum: no longer the signal's
            out.append(" ".join(f))
    return "\n".join(out) + "\n"


def physionet(db):
    # Headers with a short sample count over the first bytes of their signal files.
    picks = [("mitdb", "100", 60), ("mitdb", "203", 60), ("ludb/data", "1", 20), ("cinc2020-dev", "A0001", 20)]
    for sub, rec, n in picks:
        hea = read(os.path.join(db, sub, rec + ".hea"))
        if hea is None:
            continue
        text = shorten_header(hea.decode("utf-8", "replace"), n)
        m = re.search(r"^\S+\s+(\S+)", text.splitlines()[1])
        fmt = m.group(1) if m else "16"
        dat_name = text.splitlines()[1].split()[0]
        raw = read(os.path.join(db, sub, dat_name), 4096) or b""
        put("header", f"{sub.replace('/', '_')}-{rec}", text.encode() + SEP + raw[:1024])
        if dat_name.endswith(".mat"):
            nsig = int(text.split()[1])
            put("mat", f"raw-{rec}", bytes([nsig - 1, 1]) + raw[:24 + 2 * nsig * 40])
            put("mat", f"built-{rec}", bytes([nsig - 1, 0]) + raw[24:24 + 2 * nsig * 40])
        elif fmt.startswith("212"):
            put("signal", f"212-{rec}", bytes([FORMATS.index(212), 1, 1, 0, 0, 0, 50]) + raw[:600])
        else:
            nsig = int(text.split()[1])
            put("signal", f"16-{rec}", bytes([FORMATS.index(16), min(nsig, 4) - 1, 1, 2, 0, 0, 9]) + raw[:800])
            put("analyze", f"raw-{rec}", bytes([1, nsig - 1, 6]) + raw[: 2 * nsig * 500])
    atr = read(os.path.join(db, "mitdb", "100.atr"), 600)
    if atr:
        put("annotations", "mitdb-100", atr + b"\x00\x00")
    atr = read(os.path.join(db, "mitdb", "203.atr"), 600)
    if atr:
        put("annotations", "mitdb-203", atr + b"\x00\x00")


def fixtures():
    fx = os.path.join(CRATE, "fixtures")
    for hea in sorted(glob.glob(os.path.join(fx, "formats", "*.hea")) + glob.glob(os.path.join(fx, "malformed", "*.hea"))):
        text = read(hea)
        dat = read(hea[:-4] + ".dat") or read(hea[:-4] + ".mat") or b""
        name = os.path.basename(os.path.dirname(hea)) + "-" + os.path.basename(hea)[:-4]
        put("header", name, text + (SEP + dat[:2048] if dat else b""))
    for i, fmt in enumerate(FORMATS):
        dat = read(os.path.join(fx, "formats", f"f{fmt}_3x100.dat")) or b""
        put("signal", f"fixture-f{fmt}", bytes([i, 2, 1, 0, 0, 0, 7]) + dat)
        put("signal", f"fixture-f{fmt}-skew", bytes([i, 2, 0b101011, 5, 3, 4, 30]) + dat[:100])
    for csv in glob.glob(os.path.join(fx, "malformed", "*.csv")):
        put("csv", os.path.basename(csv), read(csv))
    synth_csv = read(os.path.join(fx, "synth", "sinus12.csv"))
    if synth_csv:
        put("csv", "sinus12-head", b"\n".join(synth_csv.split(b"\n")[:40]) + b"\n")
    for w in glob.glob(os.path.join(fx, "malformed", "*.wav")):
        put("wav", os.path.basename(w), read(w))
    for bits in (1, 2, 3, 4):
        b = io.BytesIO()
        with wave.open(b, "wb") as wf:
            wf.setnchannels(2)
            wf.setsampwidth(bits)
            wf.setframerate(500)
            wf.writeframes(bytes((i * 37) % 256 for i in range(2 * bits * 64)))
        put("wav", f"small-{8 * bits}bit", b.getvalue())
    atr = read(os.path.join(fx, "synth", "pvc12.atr"))
    if atr:
        put("annotations", "synth-pvc12", atr)
    # analyze: synthetic records (mode even: seed, rate, leads, rhythm, duration).
    for i, seed in enumerate([(0, 3, 0, 1, 8), (7, 1, 1, 3, 20), (42, 2, 1, 2, 3), (9, 4, 0, 0, 12)]):
        put("analyze", f"synth-{i}", bytes([2 * i]) + bytes(seed))
    # files: header and signal kinds, names (one not UTF-8), data.
    for hk in range(8):
        for sk in (0, 1, 2, 3, 5):
            name = b"r" if hk % 2 else b"caf\xe9"
            sname = b"r.dat" if sk % 2 else "\u20ac.dat".encode()
            put("files", f"kinds-{hk}-{sk}", bytes([hk, sk, len(name)]) + name + bytes([len(sname)]) + sname + b"\x01\x00\x02\x00")


def main():
    db = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SINUS_DATA", os.path.join(CRATE, "..", "shared", "physionet"))
    if os.path.isdir(db):
        physionet(db)
    else:
        print(f"no PhysioNet data at {db}: seeding from fixtures only", file=sys.stderr)
    fixtures()
    for t in sorted(os.listdir(OUT)):
        print(t, len(os.listdir(os.path.join(OUT, t))))


if __name__ == "__main__":
    main()
