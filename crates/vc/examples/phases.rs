//! Time each phase of the bench credential's digest (expansion to RDF, RDFC-1.0, joining,
//! SHA-256) beside JSON parsing and one raw Ed25519 signature, each the fastest of 200 batches:
//! `cargo run --release -p vc --example phases`. With `canon`, only canonicalize in a loop (for
//! `perf record`).
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    reason = "a measuring tool: it reads the clock, and a failure is a bug to see at once"
)]
use std::time::Instant;

fn best<F: FnMut()>(mut f: F) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..200 {
        let start = Instant::now();
        for _ in 0..25 {
            f();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e6 / 25.0);
    }
    best
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let processor = vc::contexts::processor();
    let key = vc::keys::KeyPair::from_seed(&[42; 32]);
    let credential = vc::sample::fixture_for(&key)?;
    let options = vc::jsonld::Options {
        safe: true,
        ..Default::default()
    };
    let dataset = vc::jsonld::to_rdf(processor, &credential, &options)?;
    let lines = vc::rdfc::canonical_lines(&dataset)?;
    let nquads = lines.to_nquads();
    println!(
        "{} quads, {} blank nodes, {} bytes canonical",
        dataset.quads.len(),
        dataset.blank_count,
        nquads.len()
    );
    if std::env::args().nth(1).as_deref() == Some("canon") {
        for _ in 0..200_000 {
            std::hint::black_box(vc::rdfc::canonical_lines(&dataset).unwrap());
        }
        return Ok(());
    }
    let to_rdf = best(|| {
        std::hint::black_box(vc::jsonld::to_rdf(processor, &credential, &options).unwrap());
    });
    let canon = best(|| {
        std::hint::black_box(vc::rdfc::canonical_lines(&dataset).unwrap());
    });
    let join = best(|| {
        std::hint::black_box(lines.to_nquads());
    });
    let sha = best(|| {
        std::hint::black_box(vc::rdfc::sha256(nquads.as_bytes()));
    });
    let text = credential.to_string();
    let parse = best(|| {
        std::hint::black_box(vc::json::parse(text.as_bytes()).unwrap());
    });
    let sign = best(|| {
        std::hint::black_box(key.sign(&[7; 64]));
    });
    println!(
        "to_rdf {to_rdf:.1} µs, canonical_lines {canon:.1}, join {join:.1}, sha256 {sha:.1}, json parse {parse:.1}, raw sign {sign:.1}"
    );
    Ok(())
}
