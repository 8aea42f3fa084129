#!/usr/bin/env python3
"""Writes fixtures/fuzz/<target>/: the inputs of the first fuzzing campaign's findings (issue 9,
F1-F11 and the smaller oddities), written in the input layout of the fuzz harnesses
(fuzz/harness/mod.rs), so that tests/io/fuzz_replay.rs replays them on every `cargo test`.
Inputs found by later campaigns are copied into the same folders from fuzz/artifacts/<target>/
as they are found (named after the finding). Run from the crate root:

    python3 scripts/make_fuzz_crash_inputs.py
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "fuzz")


def put(target, name, data: bytes):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def header(text: str, data: bytes = b"") -> bytes:
    return text.encode() + (b"\n@@DATA@@\n" + data if data else b"")


# fuzz/harness: FORMATS = [8, 16, 61, 80, 212, 310, 311]; KINDS = Regular, LinkInside,
# LinkOutside, Fifo, Directory, LinkToDevZero, Dangling, LinkLoop.
FMT_212 = 4
REGULAR, LINK_OUTSIDE, FIFO, LINK_DEV_ZERO = 0, 2, 3, 5


def files(hkind, skind, name: bytes, sname: bytes, data: bytes) -> bytes:
    return bytes([hkind, skind, len(name)]) + name + bytes([len(sname)]) + sname + data


def main():
    # F1: format 212, 3 signals, 1 frame, 1 or 3 bytes after the 5 the samples need
    # ([format, channels - 1, flags: sample count stated, gain, baseline, initial, window]).
    put("signal", "F1_212_odd_padded", bytes([FMT_212, 2, 1, 0, 0, 0, 0, 1, 0x24, 0, 0x3D, 0, 0]))
    put(
        "signal",
        "F1_212_odd_trailing",
        bytes([FMT_212, 2, 1, 0, 0, 0, 0, 1, 0x24, 0, 0x3D, 0, 0x27, 0xB4, 0x44]),
    )
    # F2/F3 in small: signals in their own files, and many signals sharing one format 80 file.
    put("header", "F2_signals_own_files", header(
        "r 4 250 1\n" + "".join(f"s{i}.dat 80\n" for i in range(4)), b"\x81"))
    put("header", "F3_signals_share_one_file", header(
        "r 64 250 1\n" + "s.dat 80\n" * 64, bytes(range(64))))
    # F4: baseline -2^63.
    put("header", "F4_baseline_i64min", header(
        "r 1 360 1\nr.dat 16 200(-9223372036854775808)/mV\n", b"\x01\x00"))
    # F5: the signal file is a link out of the record's directory.
    put("files", "F5_signal_link_outside", files(REGULAR, LINK_OUTSIDE, b"r", b"link.dat", b"\x01\x00"))
    # F6/F7 in small (the harness caps columns at 64 and checks error length).
    put("csv", "F6_commas", b"," * 5000 + b"\n")
    put("csv", "F7_huge_cell", b"t,I\n0,1\n0.004," + b"x" * 20000 + b"\n")
    # F10: a signal file name whose 4th byte from the end is inside a character.
    put("header", "F10_utf8_signal_file_name", header("r 1 360 2\n\u20acabc 16\n", b"\x01\x00\x02\x00"))
    put("files", "F10_utf8_signal_file_name", files(REGULAR, REGULAR, b"r", "\u20acabc".encode(), b"\x01\x00\x02\x00"))
    # F11: /dev/zero as signal file, FIFOs as header and as signal file.
    put("files", "F11_signal_dev_zero", files(REGULAR, LINK_DEV_ZERO, b"r", b"z.dat", b""))
    put("files", "F11_header_fifo", files(FIFO, REGULAR, b"r", b"r.dat", b"\x01\x00"))
    put("files", "F11_signal_fifo", files(REGULAR, FIFO, b"r", b"p.dat", b""))
    # Oddities: byte offset 2^64 - 1, format 8 initial value 2^32 + 5, gain 1e-320.
    put("header", "oddity_offset_u64_max", header(
        "r 1 250\nr.dat 16+18446744073709551615\n", b"\x00\x00\x00\x00"))
    put("header", "oddity_format8_initial_2p32_plus_5", header(
        "r 1 250 2\nr.dat 8 200 8 0 4294967301\n", b"\x01\x01"))
    put("header", "oddity_gain_1e-320", header("r 1 250 2\nr.dat 16 1e-320\n", b"\x01\x00\x02\x00"))
    # The 100 MB annotation file in small: annotation words with no end marker.
    put("annotations", "oddity_no_end_marker", bytes([0x01, 0x04]) * 4096)


if __name__ == "__main__":
    main()
