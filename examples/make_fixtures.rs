//! Regenerates the synthetic records in `fixtures/synth/` and the malformed CSV/WAV files in
//! `fixtures/malformed/` (the `csv_*` and `wav_*` ones).
//!
//! ```text
//! cargo run --example make_fixtures
//! ```
//!
//! The output is deterministic: running it again rewrites identical files.

use sinus::Record;
use sinus::io::csv::write_csv;
use sinus::io::wav::{WavSampleFormat, write_wav};
use sinus::synth::{Mains, Noise, PvcParams, Rhythm, SynthConfig, generate};
use sinus::{Lead, SampleRate};
use std::path::Path;

/// Fixture sample rate: low enough to keep every fixture small, a rate real devices use.
const FS_HZ: f64 = 250.0;

fn configs() -> Vec<SynthConfig> {
    let fs = SampleRate::new(FS_HZ).expect("valid rate");
    let base = SynthConfig {
        duration_s: 10.0,
        fs,
        ..SynthConfig::default()
    };
    vec![
        SynthConfig {
            name: "sinus12".into(),
            seed: 12,
            heart_rate_bpm: 70.0,
            noise: Noise {
                baseline_wander_mv: 0.15,
                mains: Some(Mains {
                    freq_hz: 50.0,
                    amplitude_mv: 0.02,
                }),
                emg_snr_db: Some(30.0),
            },
            ..base.clone()
        },
        SynthConfig {
            name: "sinus18".into(),
            seed: 18,
            heart_rate_bpm: 68.0,
            leads: Lead::STANDARD_18.to_vec(),
            noise: Noise {
                baseline_wander_mv: 0.1,
                mains: None,
                emg_snr_db: Some(35.0),
            },
            ..base.clone()
        },
        SynthConfig {
            name: "af12".into(),
            seed: 21,
            heart_rate_bpm: 95.0,
            rhythm: Rhythm::AtrialFibrillation,
            noise: Noise {
                baseline_wander_mv: 0.1,
                mains: None,
                emg_snr_db: Some(30.0),
            },
            ..base.clone()
        },
        SynthConfig {
            name: "pvc12".into(),
            seed: 5,
            heart_rate_bpm: 72.0,
            pvc: PvcParams {
                at_beats: vec![3, 8],
                ..PvcParams::default()
            },
            noise: Noise {
                baseline_wander_mv: 0.1,
                mains: Some(Mains {
                    freq_hz: 60.0,
                    amplitude_mv: 0.02,
                }),
                emg_snr_db: Some(30.0),
            },
            ..base
        },
    ]
}

/// Rounds every sample to 1 µV, as an ADC would, so the CSV is short and every format holds the
/// record exactly.
fn quantise(mut rec: Record) -> Record {
    rec.signals_mut()
        .mapv_inplace(|v| ((f64::from(v) * 1000.0).round() / 1000.0) as f32);
    rec
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let synth_dir = root.join("synth");
    std::fs::create_dir_all(&synth_dir)?;
    for cfg in configs() {
        let syn = generate(&cfg)?;
        let rec = quantise(syn.record);
        let name = &cfg.name;
        write_csv(&rec, synth_dir.join(format!("{name}.csv")), true)?;
        write_wav(
            &rec,
            synth_dir.join(format!("{name}.i16.wav")),
            WavSampleFormat::Int16,
            1.0,
        )?;
        // Float WAV (1.0 = 1 mV) for the two sinus records only, to keep the fixtures small.
        if name.starts_with("sinus") {
            let path = synth_dir.join(format!("{name}.f32.wav"));
            write_wav(&rec, path, WavSampleFormat::Float32, 1000.0)?;
        }
        let truth = serde_json::to_string_pretty(&syn.truth)?;
        std::fs::write(synth_dir.join(format!("{name}.truth.json")), truth + "\n")?;
        println!(
            "{name}: {} leads × {} samples, {} beats",
            rec.n_leads(),
            rec.n_samples(),
            syn.truth.beats.len()
        );
    }
    write_malformed(&root.join("malformed"))?;
    Ok(())
}

/// A RIFF/WAVE file from its parts, so headers that hound would never write can be made.
fn wav_bytes(channels: u16, rate: u32, bits: u16, declared_data: u32, data: &[u8]) -> Vec<u8> {
    let block = channels * bits.div_ceil(8);
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + declared_data).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&channels.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    b.extend_from_slice(&block.to_le_bytes());
    b.extend_from_slice(&bits.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&declared_data.to_le_bytes());
    b.extend_from_slice(data);
    b
}

fn write_malformed(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes);
    w(
        "csv_nan.csv",
        b"time,I,II\n0,0.1,0.2\n0.004,0.1,0.2\n0.008,NaN,0.3\n0.012,0.1,0.2\n",
    )?;
    w(
        "csv_ragged.csv",
        b"time,I,II\n0,0.1,0.2\n0.004,0.1\n0.008,0.1,0.2\n",
    )?;
    w("csv_empty.csv", b"")?;
    w("csv_header_only.csv", b"time,I,II,V1\n")?;
    w("csv_not_numeric.csv", b"I,II\n0.1,0.2\n0.1,0.2mV\n")?;
    w(
        "csv_nonuniform_time.csv",
        b"t,II\n0,0.1\n0.004,0.2\n0.008,0.3\n0.020,0.1\n0.024,0.0\n",
    )?;
    w("csv_no_rate.csv", b"I,II\n0.1,0.2\n0.1,0.2\n")?;
    // 2 channels, 16-bit, header declares 100 frames (400 bytes), file holds 10 bytes of data.
    w("wav_truncated.wav", &wav_bytes(2, 500, 16, 400, &[0u8; 10]))?;
    w("wav_zero_channels.wav", &wav_bytes(0, 500, 16, 0, &[]))?;
    w("wav_zero_rate.wav", &wav_bytes(1, 0, 16, 4, &[1, 0, 2, 0]))?;
    w("wav_not_riff.wav", b"time,I,II\n0,0.1,0.2\n")?;
    // The RIFF header ends inside the fmt chunk.
    w(
        "wav_header_cut.wav",
        &wav_bytes(1, 500, 16, 4, &[1, 0, 2, 0])[..30],
    )?;
    // 12-bit samples: not a multiple of 8, which hound rejects at open.
    w("wav_12bit.wav", &wav_bytes(1, 500, 12, 4, &[1, 0, 2, 0]))?;
    Ok(())
}
