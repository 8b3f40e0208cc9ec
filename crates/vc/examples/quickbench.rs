//! Scratch timing of the pipeline stages (development aid; `vc::bench` is the real benchmark).
#![allow(clippy::unwrap_used)]
use std::time::Instant;
fn main() {
    let unsigned: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            std::env::args()
                .nth(1)
                .as_deref()
                .unwrap_or("/work/shared/vectors/reference-generated/sample-unsigned.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let key = vc::keys::KeyPair::from_seed(&[7u8; 32]);
    let p = vc::contexts::processor();
    let opts = vc::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2025-01-01T00:00:00Z".into(),
    };
    let n = 2000;
    let signed = vc::proof::sign(p, &unsigned, &key, &opts).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(vc::proof::sign(p, &unsigned, &key, &opts).unwrap());
    }
    let sign_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        let parsed = vc::proof::parse_proof(&signed).unwrap();
        vc::proof::verify_signature(p, &parsed, &key.public()).unwrap();
    }
    let verify_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(vc::proof::canonicalize(p, &unsigned).unwrap());
    }
    let canon_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    let opts2 = vc::jsonld::Options {
        safe: true,
        ..Default::default()
    };
    for _ in 0..n {
        std::hint::black_box(vc::jsonld::expand(p, &unsigned, &opts2).unwrap());
    }
    let expand_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(vc::jsonld::to_rdf(p, &unsigned, &opts2).unwrap());
    }
    let tordf_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("to_rdf {tordf_us:.1}");
    let ds = vc::jsonld::to_rdf(p, &unsigned, &opts2).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(vc::rdfc::canonicalize(&ds).unwrap());
    }
    let rdfc_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    let msg = [1u8; 64];
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(key.sign(&msg));
    }
    let raw_us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "sign {sign_us:.1} verify {verify_us:.1} canon(doc) {canon_us:.1} expand {expand_us:.1} rdfc {rdfc_us:.1} raw_sign {raw_us:.1}"
    );
}
