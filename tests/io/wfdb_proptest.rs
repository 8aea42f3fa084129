//! Arbitrary bytes as a header, and plausible headers over arbitrary signal bytes, never panic:
//! the reader returns a record or an error.

use proptest::prelude::*;
use sinus::io::wfdb::{Format, ReadOptions, read_record_with, write_record};
use std::fs;

fn opts() -> ReadOptions {
    // Random samples rarely match a checksum: report it, don't stop at it.
    ReadOptions::default()
        .max_samples(1 << 16)
        .verify_checksums(false)
}

proptest! {
    #![proptest_config(crate::common::proptest_config(512))]

    #[test]
    fn arbitrary_header_bytes(hea in proptest::collection::vec(any::<u8>(), 0..400),
                              dat in proptest::collection::vec(any::<u8>(), 0..200)) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("r.hea"), &hea).unwrap();
        fs::write(dir.path().join("r.dat"), &dat).unwrap();
        let _ = read_record_with(dir.path().join("r"), &opts());
    }

    #[test]
    fn arbitrary_signal_bytes(
        nsig in 0usize..4,
        fs in prop_oneof![6 => Just("360".to_string()), 1 => Just("0".to_string()), 1 => Just("-1".to_string()),
                          2 => Just("500/1000(3)".to_string()), 1 => "[0-9.e+-]{1,6}"],
        nsamp in prop_oneof![2 => Just(String::new()), 6 => (0u64..300).prop_map(|n| n.to_string()),
                             1 => Just("1000000000000".to_string()),
                             1 => Just("18446744073709551615".to_string())],
        fmt in prop::sample::select(vec![8u16, 16, 61, 80, 212, 310, 311, 24, 0]),
        suffix in prop_oneof![4 => Just(String::new()), 1 => Just("x2".to_string()),
                              2 => (0u64..5).prop_map(|s| format!(":{s}")),
                              2 => (0u64..40).prop_map(|o| format!("+{o}")),
                              1 => Just("+18446744073709551615".to_string())],
        gain in prop_oneof![4 => Just("200".to_string()), 1 => Just("0".to_string()),
                            1 => Just("1e-300".to_string()), 2 => Just("-7(3)/uV".to_string()),
                            2 => "[0-9]{1,4}(\\(-?[0-9]{1,3}\\))?(/[a-zA-Z]{1,3})?", 1 => "[0-9()./a-z-]{0,8}"],
        tail in "( -?[0-9]{1,5}){0,5}( [a-zA-Z ]{0,6})?",
        exact in any::<bool>(),
        dat in proptest::collection::vec(any::<u8>(), 1..600),
    ) {
        // Half the cases size the file to what the header implies, so decoding is reached.
        let mut dat = dat;
        if exact
            && let (Ok(n), Some(f)) = (nsamp.parse::<u64>(), Format::from_code(fmt))
            && let Some(bytes) = n.checked_mul(nsig as u64).and_then(|t| f.bytes_for(t)).filter(|&b| b < 100_000)
        {
            let off = suffix.strip_prefix('+').and_then(|o| o.parse::<u64>().ok()).unwrap_or(0);
            if let Some(len) = bytes.checked_add(off).filter(|&l| l < 100_000) {
                dat = dat.iter().copied().cycle().take(len as usize).collect();
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let mut hea = format!("r {nsig} {fs} {nsamp}\n");
        for _ in 0..nsig {
            hea.push_str(&format!("r.dat {fmt}{suffix} {gain} {tail}\n"));
        }
        fs::write(dir.path().join("r.hea"), hea).unwrap();
        fs::write(dir.path().join("r.dat"), &dat).unwrap();
        if let Ok(rec) = read_record_with(dir.path().join("r"), &opts()) {
            prop_assert_eq!(rec.n_leads(), nsig);
            // A length of 0, like none, means "not given" in WFDB: the file's size decides.
            let declared = nsamp.parse::<usize>().ok().filter(|&n| n > 0);
            prop_assert_eq!(rec.signals().ncols(), declared.unwrap_or(rec.signals().ncols()));
            // Whatever was read (unless an absurd gain overflowed f32) writes and reads back.
            if rec.signals().iter().any(|v| v.is_infinite()) {
                return Ok(());
            }
            write_record(&rec, dir.path(), "w").unwrap();
            let back = read_record_with(dir.path().join("w"), &opts()).unwrap();
            prop_assert_eq!(back.signals().dim(), rec.signals().dim());
        }
    }
}
