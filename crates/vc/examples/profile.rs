//! A driver for profilers (`valgrind --tool=callgrind`): warms the caches, then issues or
//! verifies the bench credential COUNT times and nothing else, so the profile is the steady
//! state a server sees. `cargo run --release -p vc --example profile -- issue|verify|show [COUNT]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("issue", String::as_str);
    let count: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let processor = vc::contexts::processor();
    let key = vc::keys::KeyPair::from_seed(&[42; 32]);
    let mut credential = vc::sample::fixture_for(&key)?;
    if mode == "show" {
        println!("{}", serde_json::to_string_pretty(&credential)?);
        eprintln!("{} bytes compact", credential.to_string().len());
        return Ok(());
    }
    let options = vc::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    };
    let signed = vc::proof::sign(processor, &credential, &key, &options)?;
    let inputs = vc::verify::VerifyInputs::default();
    for _ in 0..count {
        if mode == "verify" {
            std::hint::black_box(vc::verify::verify(processor, &signed, &inputs));
        } else {
            vc::proof::add_proof(processor, &mut credential, &key, &options)?;
            if let Some(map) = credential.as_object_mut() {
                map.shift_remove("proof");
            }
        }
    }
    Ok(())
}
