//! Parse + extract, one benchmark per saved portal mail: how many inbound mails of each format
//! one core reads per second, and the bytes behind them (`Throughput::ElementsAndBytes`).
//!
//! `cargo bench -p domain --bench parse`

use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/intake/parse/fixtures/inbound");
    let mut mails: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .map(|path| {
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    mails.sort();
    assert!(!mails.is_empty(), "no .eml fixtures in {}", dir.display());
    mails
}

fn parse_per_format(c: &mut Criterion) {
    let mails = fixtures();
    let mut group = c.benchmark_group("parse_inquiry");
    // A mail parses in microseconds: short windows keep the whole run under two minutes.
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (name, raw) in &mails {
        // Emails per second is the figure that matters; bytes per second shows the size effect.
        group.throughput(Throughput::ElementsAndBytes { elements: 1, bytes: raw.len() as u64 });
        group.bench_with_input(BenchmarkId::from_parameter(name), raw, |b, raw| {
            b.iter(|| domain::intake::parse::parse_inquiry(std::hint::black_box(raw)))
        });
    }
    group.finish();
}

criterion_group!(benches, parse_per_format);
criterion_main!(benches);
