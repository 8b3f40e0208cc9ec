//! Issues the benchmark credential in a loop, for `perf record` (development aid).
#![allow(clippy::unwrap_used)]

fn main() {
    let processor = vc::contexts::processor();
    let key = vc::keys::KeyPair::from_seed(&[42; 32]);
    let mut document = vc::bench::fixture_for(&key).unwrap();
    let options = vc::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    };
    for _ in 0..20_000 {
        vc::proof::add_proof(processor, &mut document, &key, &options).unwrap();
        document.as_object_mut().unwrap().shift_remove("proof");
    }
}
