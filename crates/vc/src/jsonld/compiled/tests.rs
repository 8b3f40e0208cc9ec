#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::jsonld::processor::Processor;
use crate::keys::KeyPair;
use serde_json::json;

fn processor() -> &'static Processor {
    crate::contexts::processor()
}

fn generic_digest(document: &Value, skip: Option<&str>) -> [u8; 32] {
    let (dataset, _) = generic(document, skip).unwrap();
    crate::rdfc::canonical_lines(&dataset).unwrap().sha256()
}

fn generic<'a>(
    document: &'a Value,
    skip: Option<&str>,
) -> crate::Result<(Dataset<'a>, Option<Term<'a>>)> {
    let options = Options {
        safe: true,
        skip_root_key: skip,
        ..Options::default()
    };
    super::super::generic_to_rdf_rooted(processor(), document, &options)
}

/// The bench credential, the model's full sample and a signed credential (proof left out).
fn credentials() -> Vec<(Value, Option<&'static str>)> {
    let key = KeyPair::from_seed(&[42; 32]);
    let fixture = crate::sample::fixture_for(&key).unwrap();
    let issued = crate::sample::issuance().unwrap();
    let full = crate::ob3::render_micro_credential(&issued, &key.public().did_key());
    let options = crate::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    };
    let signed = crate::proof::sign(processor(), &full, &key, &options).unwrap();
    vec![(fixture, None), (full, None), (signed, Some("proof"))]
}

/// Replace data string number `target` (in [`Shape::of`]'s order) by `text`.
fn set_leaf(document: &mut Value, skip: Option<&str>, target: usize, text: &str) {
    fn walk(value: &mut Value, structural: bool, next: &mut usize, target: usize, text: &str) {
        match value {
            Value::String(s) if !structural => {
                if *next == target {
                    *s = text.to_owned();
                }
                *next += 1;
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, structural, next, target, text);
                }
            }
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    walk(value, structural || structural_key(key), next, target, text);
                }
            }
            _ => {}
        }
    }
    let mut next = 0;
    if let Value::Object(map) = document {
        for (key, value) in map.iter_mut() {
            if Some(key.as_str()) != skip {
                walk(value, structural_key(key), &mut next, target, text);
            }
        }
    }
}

/// Strings that expand to something else than themselves, or nothing, or another node.
const HOSTILE: &[&str] = &[
    "",
    "plain text",
    "relative/path",
    "#fragment",
    "_:b0",
    "_:b1",
    "@id",
    "@type",
    "@vocab",
    "id",
    "type",
    "name",
    "Achievement",
    "VerifiableCredential",
    "xsd:string",
    "schema:name",
    "ob:Achievement",
    "http://example.org/with space",
    "https://example.org/a#b#c",
    "did:example:123",
    "urn:x-microcred-probe:0",
    "urn:x-microcred-probe:9999",
    "https://schema.org/name",
    "nl",
    "e\u{301}\u{0}\"\\\n",
];

#[test]
fn credentials_compile_and_every_string_gives_the_generic_rdf() {
    for (document, skip) in credentials() {
        let shape = Shape::of(&document, skip).unwrap();
        let plan = build(processor(), &document, skip, &shape).expect("credentials compile");
        let original = generic(&document, skip).unwrap();
        let filled = plan.fill(&shape.leaves).unwrap();
        assert!(same(&filled, &original));
        assert_eq!(
            plan.digest(&shape.leaves),
            Some(generic_digest(&document, skip)),
            "credentials take the template's canonicalization"
        );
        let mut substituted = 0;
        let mut digested = 0;
        for leaf in 0..shape.leaves.len() {
            for text in HOSTILE {
                let mut changed = document.clone();
                set_leaf(&mut changed, skip, leaf, text);
                let changed_shape = Shape::of(&changed, skip).unwrap();
                assert_eq!(
                    changed_shape.key, shape.key,
                    "the shape ignores data strings"
                );
                let Some(fast) = plan.fill(&changed_shape.leaves) else {
                    continue;
                };
                substituted += 1;
                let slow = generic(&changed, skip)
                    .unwrap_or_else(|e| panic!("string {leaf} = {text:?}: generic fails: {e}"));
                assert!(same(&fast, &slow), "string {leaf} = {text:?}");
                if let Some(digest) = plan.digest(&changed_shape.leaves) {
                    digested += 1;
                    assert_eq!(digest, generic_digest(&changed, skip), "{leaf} = {text:?}");
                }
            }
        }
        assert!(
            digested * 10 >= substituted * 9,
            "{digested} of {substituted}"
        );
        // Literal strings take any text; IRIs only those that stay themselves.
        let literals = plan.kinds.iter().filter(|k| **k == Kind::Literal).count();
        assert!(substituted >= literals * HOSTILE.len(), "{substituted}");
        assert!(plan.kinds.contains(&Kind::Iri));
    }
}

#[test]
fn iri_strings_that_would_expand_otherwise_take_the_generic_path() {
    let (document, skip) = credentials().remove(0);
    let shape = Shape::of(&document, skip).unwrap();
    let plan = build(processor(), &document, skip, &shape).unwrap();
    let iri = plan.kinds.iter().position(|k| *k == Kind::Iri).unwrap();
    for text in ["_:b0", "relative", "Achievement", "id", "@id", "a b:c", ""] {
        let mut changed = document.clone();
        set_leaf(&mut changed, skip, iri, text);
        let changed_shape = Shape::of(&changed, skip).unwrap();
        assert!(plan.fill(&changed_shape.leaves).is_none(), "{text:?}");
    }
}

#[test]
fn the_shape_holds_keys_types_contexts_numbers_and_structure() {
    let (document, skip) = credentials().remove(0);
    let key = Shape::of(&document, skip).unwrap().key;
    let changes: [fn(&mut Value); 7] = [
        |d| d["type"] = json!(["VerifiableCredential"]),
        |d| {
            d["@context"]
                .as_array_mut()
                .unwrap()
                .pop()
                .map(drop)
                .unwrap()
        },
        |d| d["credentialSubject"]["creditsEarned"] = json!(4),
        |d| d["credentialSubject"]["creditsEarned"] = json!(3.0),
        |d| d["credentialSubject"]["creditsEarned"] = json!("3"),
        |d| d["name"] = json!(["Cursus data-analyse met Python"]),
        |d| {
            let object = d.as_object_mut().unwrap();
            let name = object.shift_remove("name").unwrap();
            object.insert("name".into(), name);
        },
    ];
    for (index, change) in changes.iter().enumerate() {
        let mut changed = document.clone();
        change(&mut changed);
        assert_ne!(
            Shape::of(&changed, skip).unwrap().key,
            key,
            "change {index}"
        );
    }
    // Keys and texts are ended by a byte no text has: moving a boundary changes the key.
    let a = json!({"ab": {"c": 1}});
    let b = json!({"a": {"bc": 1}});
    assert_ne!(
        Shape::of(&a, None).unwrap().key,
        Shape::of(&b, None).unwrap().key
    );
}

#[test]
fn embedded_contexts_and_deep_documents_take_the_generic_path() {
    let (mut document, skip) = credentials().remove(0);
    document["credentialSubject"]["@context"] = json!({"name": "https://schema.org/name"});
    assert!(Shape::of(&document, skip).is_none());
    let mut deep = json!("leaf");
    for _ in 0..=MAX_DEPTH {
        deep = json!({ "name": deep });
    }
    assert!(Shape::of(&deep, None).is_none());
    assert!(Shape::of(&json!(["not", "an", "object"]), None).is_none());
}

#[test]
fn a_probe_in_a_key_or_type_never_compiles() {
    let (document, skip) = credentials().remove(0);
    let mut typed = document.clone();
    typed["type"] = json!(["VerifiableCredential", "urn:x-microcred-probe:0"]);
    let shape = Shape::of(&typed, skip).unwrap();
    assert!(build(processor(), &typed, skip, &shape).is_none());
    let mut keyed = document;
    keyed["urn:x-microcred-probe:0"] = json!("x");
    let shape = Shape::of(&keyed, skip).unwrap();
    assert!(build(processor(), &keyed, skip, &shape).is_none());
}

#[test]
fn to_rdf_compiles_a_shape_on_its_second_sighting_and_then_uses_it() {
    let key = KeyPair::from_seed(&[7; 32]);
    let mut document = crate::sample::fixture_for(&key).unwrap();
    let options = Options {
        safe: true,
        ..Options::default()
    };
    let mut compiled = Vec::new();
    for name in ["Eerste", "Tweede", "Derde"] {
        document["name"] = json!(name);
        let fast = super::super::to_rdf_rooted(processor(), &document, &options).unwrap();
        let slow = generic(&document, None).unwrap();
        assert!(same(&fast, &slow), "{name}");
        compiled.push(matches!(
            lookup(processor(), &Shape::of(&document, None).unwrap()),
            Lookup::Plan(_)
        ));
    }
    assert_eq!(compiled[1..], [true, true], "compiled once seen twice");
}

#[test]
fn quads_equal_for_some_strings_take_the_generic_canonicalization() {
    let (mut document, skip) = credentials().remove(0);
    let achievement = &mut document["credentialSubject"]["achievement"];
    achievement["awardingBody"] = json!(["did:example:one", "did:example:two"]);
    achievement["furtherInformationUrl"] =
        json!(["https://example.org/one", "https://example.org/two"]);
    let shape = Shape::of(&document, skip).unwrap();
    let plan = build(processor(), &document, skip, &shape).unwrap();
    assert_eq!(
        plan.digest(&shape.leaves),
        Some(generic_digest(&document, skip))
    );
    for (key, value) in [
        ("awardingBody", "did:example:one"),
        ("furtherInformationUrl", "https://example.org/one"),
    ] {
        let mut twice = document.clone();
        twice["credentialSubject"]["achievement"][key][1] = json!(value);
        let shape = Shape::of(&twice, skip).unwrap();
        assert!(
            plan.digest(&shape.leaves).is_none(),
            "{key}: a duplicate quad"
        );
        let (dataset, _) = plan.fill(&shape.leaves).unwrap();
        let generic_rdf = generic(&twice, skip).unwrap();
        assert_eq!(dataset.quads, generic_rdf.0.quads);
        // Through the public path the duplicate is dropped as the generic algorithm does.
        let options = Options {
            safe: true,
            skip_root_key: skip,
            ..Options::default()
        };
        let digest = super::super::canonical_digest(processor(), &twice, &options).unwrap();
        assert_eq!(digest, generic_digest(&twice, skip), "{key}");
    }
}

#[test]
fn tied_first_degree_hashes_take_the_generic_canonicalization() {
    let (mut document, skip) = credentials().remove(0);
    // Two identity objects alike but for their strings: equal strings tie their hashes.
    let identifier = &mut document["credentialSubject"]["identifier"];
    identifier[1] = identifier[0].clone();
    identifier[1]["identityHash"] = json!("Piet Peeters");
    let shape = Shape::of(&document, skip).unwrap();
    let plan = build(processor(), &document, skip, &shape).unwrap();
    assert_eq!(
        plan.digest(&shape.leaves),
        Some(generic_digest(&document, skip))
    );
    let mut tied = document.clone();
    tied["credentialSubject"]["identifier"][1]["identityHash"] = json!("Jan Peeters");
    let tied_shape = Shape::of(&tied, skip).unwrap();
    assert_eq!(tied_shape.key, shape.key);
    assert!(plan.digest(&tied_shape.leaves).is_none());
    let options = Options {
        safe: true,
        skip_root_key: skip,
        ..Options::default()
    };
    let digest = super::super::canonical_digest(processor(), &tied, &options).unwrap();
    assert_eq!(digest, generic_digest(&tied, skip));
}

#[test]
fn two_nodes_with_one_identifier_are_ordered_as_one_subject() {
    let (document, skip) = credentials().remove(0);
    let shape = Shape::of(&document, skip).unwrap();
    let plan = build(processor(), &document, skip, &shape).unwrap();
    // The achievement and its result description take the issuer's identifier: their lines
    // interleave with the issuer's in the canonical order.
    let mut merged = document.clone();
    let issuer = merged["issuer"]["id"].clone();
    merged["credentialSubject"]["achievement"]["id"] = issuer.clone();
    merged["credentialSubject"]["achievement"]["resultDescription"][0]["id"] = issuer;
    let merged_shape = Shape::of(&merged, skip).unwrap();
    assert_eq!(merged_shape.key, shape.key);
    let digest = plan.digest(&merged_shape.leaves);
    assert_eq!(digest, Some(generic_digest(&merged, skip)));
    let text = plan
        .template
        .as_ref()
        .unwrap()
        .canonical(&merged_shape.leaves)
        .unwrap();
    let (dataset, _) = generic(&merged, skip).unwrap();
    assert_eq!(text, crate::rdfc::canonicalize(&dataset).unwrap().nquads);
}

#[test]
fn first_degree_lines_in_another_order_than_at_compilation_are_sorted() {
    let (mut document, skip) = credentials().remove(0);
    let achievement = &mut document["credentialSubject"]["achievement"];
    // A blank achievement with two values of one property: their lines' order is the strings'.
    achievement.as_object_mut().unwrap().shift_remove("id");
    achievement["awardingBody"] = json!(["did:example:one", "did:example:two"]);
    let shape = Shape::of(&document, skip).unwrap();
    let plan = build(processor(), &document, skip, &shape).unwrap();
    let mut flipped = document.clone();
    flipped["credentialSubject"]["achievement"]["awardingBody"][0] = json!("did:example:zzz");
    let flipped_shape = Shape::of(&flipped, skip).unwrap();
    assert_eq!(
        plan.digest(&flipped_shape.leaves),
        Some(generic_digest(&flipped, skip))
    );
}

#[test]
fn more_shapes_than_the_cache_holds_on_several_threads_give_the_generic_digest() {
    let (document, _) = credentials().remove(0);
    let options = Options {
        safe: true,
        ..Options::default()
    };
    // Numbers are part of the shape: 4 threads × 70 numbers are 280 shapes, more than the
    // cache keeps, each seen three times (compiled on the second round, then used) while the
    // other threads compile theirs.
    std::thread::scope(|scope| {
        for thread in 0..4u64 {
            let document = document.clone();
            let options = &options;
            scope.spawn(move || {
                for round in 0..3 {
                    for number in 0..70u64 {
                        let mut changed = document.clone();
                        changed["credentialSubject"]["creditsEarned"] =
                            json!(1_000 * thread + number);
                        changed["name"] = json!(format!("ronde {round}"));
                        let digest =
                            super::super::canonical_digest(processor(), &changed, options).unwrap();
                        assert_eq!(digest, generic_digest(&changed, None), "{thread} {number}");
                    }
                }
            });
        }
    });
    assert!(plans().lock().unwrap().len() <= MAX_PLANS);
}
