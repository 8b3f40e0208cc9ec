//! Property tests of the engine's readers (issue 14): random and mutated inputs — bytes flipped,
//! inserted, deleted, duplicated and cut, values swapped for others of any JSON kind — through
//! the strict JSON reader, JSON-LD expansion and RDFC (by way of credential verification), the
//! Bitstring and Token Status List decoders, the SD-JWT reader and presentation verification.
//! The properties: nothing panics; every input ends in a verdict or an error within a bound of
//! time; a mutated credential that still verifies says exactly what was signed (the forgery
//! corpus holds that at scale; here it is a guard). Seeded, so every run is the same; the number
//! of cases per target is `MICROCRED_PROPERTY_CASES` (default 2,000 in `cargo test`; the closing
//! note of issue 14 gives a long run's figures).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use vc::verify::{VerifyInputs, verify_bytes};

/// xorshift64*: deterministic, dependency-free.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn cases() -> usize {
    std::env::var("MICROCRED_PROPERTY_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(2_000)
}

/// Interesting bytes: JSON structure, escapes, multi-byte UTF-8, digits.
const ALPHABET: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"\\",
    b"\\u0000",
    b"\\ud800",
    b"null",
    b"true",
    b"-0",
    b"1e309",
    b"0.1",
    b"@context",
    b"@id",
    b"@type",
    b"@graph",
    b"_:b0",
    b"\xc3\xa9",
    b"\xef\xbf\xbd",
    b"\xff",
    b"\x00",
    b" ",
    b"\n",
];

/// One mutation of `input` at a random place.
fn mutate(input: &[u8], random: &mut Random) -> Vec<u8> {
    let mut bytes = input.to_vec();
    let at = random.below(bytes.len() + 1);
    match random.below(6) {
        0 if !bytes.is_empty() => {
            let at = at.min(bytes.len() - 1);
            bytes[at] ^= 1 << random.below(8);
        }
        1 => {
            let piece = ALPHABET[random.below(ALPHABET.len())];
            bytes.splice(at..at, piece.iter().copied());
        }
        2 if !bytes.is_empty() => {
            let end = (at + 1 + random.below(16)).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        3 => bytes.truncate(at),
        4 if !bytes.is_empty() => {
            // A slice repeated: duplicated keys, nested copies.
            let start = random.below(bytes.len());
            let end = (start + 1 + random.below(64)).min(bytes.len());
            let copy = bytes[start..end].to_vec();
            bytes.splice(at..at, copy);
        }
        _ => {
            let piece = ALPHABET[random.below(ALPHABET.len())];
            bytes.extend_from_slice(piece);
        }
    }
    bytes
}

/// A value of any JSON kind, to put where another was.
fn any_value(random: &mut Random) -> Value {
    match random.below(8) {
        0 => Value::Null,
        1 => json!(random.below(2) == 1),
        2 => json!(random.next() as i64),
        3 => json!(1.5e300),
        4 => json!("https://evil.example/x"),
        5 => json!([]),
        6 => json!({"@id": "_:b9"}),
        _ => json!("é\u{0301}"),
    }
}

/// Replaces a random value somewhere in `value` (at any depth).
fn swap_value(value: &mut Value, random: &mut Random) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(random.below(map.len())).unwrap().clone();
            if random.below(3) == 0 {
                map.insert(key, any_value(random));
            } else {
                swap_value(map.get_mut(&key).unwrap(), random);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let at = random.below(items.len());
            swap_value(&mut items[at], random);
        }
        other => *other = any_value(random),
    }
}

/// Runs `check` on `count` inputs, each within `bound`; the executions and the slowest.
#[allow(clippy::disallowed_methods)] // a bound on hostile input, not a speed target
fn run(name: &str, count: usize, bound: Duration, mut check: impl FnMut(usize)) {
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for case in 0..count {
        let one = Instant::now();
        check(case);
        let took = one.elapsed();
        slowest = slowest.max(took);
        assert!(took < bound, "{name}: case {case} took {took:?}");
    }
    eprintln!(
        "property {name}: {count} cases in {:?}, slowest {slowest:?}",
        started.elapsed()
    );
}

/// The signature check passed (status and trust need inputs this test does not give).
fn proof_holds(report: &vc::report::VerificationReport) -> bool {
    report.outcome(vc::report::checks::PROOF) == Some(vc::report::Outcome::Passed)
}

#[test]
fn mutated_credentials_end_in_a_verdict_and_never_verify_changed_content() {
    let key = vc::keys::KeyPair::from_seed(&[7; 32]);
    let mut signed = vc::sample::fixture_for(&key).unwrap();
    vc::proof::add_proof(
        vc::contexts::processor(),
        &mut signed,
        &key,
        &vc::proof::SignOptions {
            verification_method: key.public().did_key_verification_method(),
            created: "2026-03-01T10:00:00Z".to_owned(),
        },
    )
    .unwrap();
    let bytes = serde_json::to_vec(&signed).unwrap();
    let processor = vc::contexts::processor();
    let original = verify_bytes(processor, &bytes, &VerifyInputs::default());
    assert!(
        proof_holds(&original),
        "the sample's proof holds: {}",
        original.to_text()
    );
    let mut random = Random(0x6d69_6372_6f63_7265);
    run("credential bytes", cases(), Duration::from_secs(10), |_| {
        let mut mutated = bytes.clone();
        for _ in 0..=random.below(3) {
            mutated = mutate(&mutated, &mut random);
        }
        let report = verify_bytes(processor, &mutated, &VerifyInputs::default());
        if proof_holds(&report) {
            // Only a change the signature does not cover (whitespace, key order) may pass.
            assert_eq!(
                report.signed, original.signed,
                "a mutation verified with other content"
            );
        }
    });
    run(
        "credential values",
        cases(),
        Duration::from_secs(10),
        |_| {
            let mut value = signed.clone();
            swap_value(&mut value, &mut random);
            let bytes = serde_json::to_vec(&value).unwrap();
            let report = verify_bytes(processor, &bytes, &VerifyInputs::default());
            if proof_holds(&report) {
                assert_eq!(
                    report.signed, original.signed,
                    "a swapped value passed: {value}"
                );
            }
        },
    );
}

#[test]
fn random_bytes_through_the_json_reader_and_the_decoders_never_panic() {
    let mut random = Random(0x5eed_0001);
    let seeds: [&[u8]; 4] = [
        br#"{"a":[1,2,{"b":"c"}],"d":null}"#,
        br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiableCredential"}"#,
        b"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQsvoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
        b"eyJhbGciOiJFZERTQSJ9.eyJfc2QiOltdfQ.c2ln~WyJzIiwibmFtZSIsIngiXQ~",
    ];
    run(
        "json reader",
        cases() * 10,
        Duration::from_secs(2),
        |case| {
            let mut input = seeds[case % 2].to_vec();
            for _ in 0..=random.below(8) {
                input = mutate(&input, &mut random);
            }
            let _ = vc::json::parse(&input);
        },
    );
    run(
        "bitstring status list",
        cases() * 5,
        Duration::from_secs(2),
        |_| {
            let mut input = seeds[2].to_vec();
            for _ in 0..=random.below(4) {
                input = mutate(&input, &mut random);
            }
            let _ = vc::status_list::Bitstring::decode(&String::from_utf8_lossy(&input));
        },
    );
    run(
        "token status list",
        cases() * 5,
        Duration::from_secs(2),
        |_| {
            let mut lst = b"eNrbuRgAAhcBXQ".to_vec();
            for _ in 0..=random.below(4) {
                lst = mutate(&lst, &mut random);
            }
            let bits = [1, 2, 3, 4, 8, 0, 255][random.below(7)];
            let claim = json!({"bits": bits, "lst": String::from_utf8_lossy(&lst)});
            if let Ok(list) = vc::token_status_list::TokenStatusList::from_claim(&claim) {
                let _ = list.get(random.below(list.len() + 2));
            }
        },
    );
    run("sd-jwt", cases() * 5, Duration::from_secs(2), |_| {
        let mut input = seeds[3].to_vec();
        for _ in 0..=random.below(6) {
            input = mutate(&input, &mut random);
        }
        let text = String::from_utf8_lossy(&input);
        if let Ok(presentation) = vc::sd_jwt::split(&text)
            && let Ok(jws) = vc::sd_jwt::Jws::parse(presentation.jwt)
        {
            let _ = vc::sd_jwt::disclose(&jws.payload, &presentation.disclosures);
        }
    });
}

#[test]
fn mutated_presentations_end_in_a_verdict() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference-presentation/signed.json"
    );
    let presentation: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let bytes = serde_json::to_vec(&presentation).unwrap();
    let processor = vc::contexts::processor();
    let expected = vc::presentation::PresentationExpectations {
        challenge: Some("8b2f0d6e-3c1a-4e57-9a0b-6f4d2c7e1a93"),
        domain: Some("https://verifier.example.eu"),
        now: None,
    };
    let original = vc::presentation::verify_presentation_bytes(processor, &bytes, &expected);
    assert!(original.verified, "the reference presentation verifies");
    let mut random = Random(0x7072_6573);
    run("presentation", cases(), Duration::from_secs(20), |_| {
        let mut value = presentation.clone();
        swap_value(&mut value, &mut random);
        let mutated = mutate(&serde_json::to_vec(&value).unwrap(), &mut random);
        let report = vc::presentation::verify_presentation_bytes(processor, &mutated, &expected);
        if report.verified {
            assert_eq!(report.holder, original.holder);
        }
    });
}
