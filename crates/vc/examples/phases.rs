//! Times the stages of issuing the benchmark credential (development aid).
#![allow(clippy::unwrap_used)]

use std::time::Instant;

fn best(mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..400 {
        let start = Instant::now();
        for _ in 0..25 {
            f();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e6 / 25.0);
    }
    best
}

fn main() {
    let processor = vc::contexts::processor();
    let key = vc::keys::KeyPair::from_seed(&[42; 32]);
    let document = vc::bench::fixture_for(&key).unwrap();
    let safe = vc::jsonld::Options {
        safe: true,
        ..Default::default()
    };
    let dataset = vc::jsonld::to_rdf(processor, &document, &safe).unwrap();
    let lines = vc::rdfc::canonical_lines(&dataset).unwrap();
    let to_rdf = best(|| {
        drop(std::hint::black_box(
            vc::jsonld::to_rdf(processor, &document, &safe).unwrap(),
        ))
    });
    let rdfc = best(|| {
        drop(std::hint::black_box(
            vc::rdfc::canonical_lines(&dataset).unwrap(),
        ))
    });
    let sha = best(|| {
        std::hint::black_box(lines.sha256());
    });
    let sign = best(|| {
        std::hint::black_box(key.sign(&[7; 64]));
    });
    let text = lines.to_nquads();
    let joined = best(|| {
        std::hint::black_box(vc::rdfc::sha256(lines.to_nquads().as_bytes()));
    });
    let oneshot = best(|| {
        std::hint::black_box(vc::rdfc::sha256(text.as_bytes()));
    });
    println!("sha joined {joined:.1} one-shot {oneshot:.1}");
    println!(
        "to_rdf {to_rdf:.1} rdfc {rdfc:.1} sha {sha:.1} sign {sign:.1} (canonical {} bytes)",
        text.len()
    );
}
