//! The ELM export against the EC micro-credential sample: same key structure, every Annex I
//! element with its value, nothing dropped under JSON-LD expansion, the same bytes every time.

use std::collections::{BTreeMap, BTreeSet};

use model::credential::{AssessmentRoute, IssuedMicroCredential, sample};
use model::offering::{EqfLevel, FurtherInformation, StackabilityInfo};
use model::provider::LegalIdentifier;
use model::vocab::{LearningSetting, LegalIdentifierScheme, Stackability};
use model::{LangText, LearnerName, ProviderId};
use serde_json::Value;

use super::render_elm;
use crate::contexts::processor;
use crate::jsonld::Options;

mod annex_i;

const ISSUER: &str = "did:web:register.example.eu:providers:hogeschool-scheldeland";
const UUID: &str = "2f1d3b8e-5c7a-4e0b-9d62-1a8f3e4c7b90";

fn issued() -> IssuedMicroCredential {
    let issued = sample::issued().unwrap();
    issued.validate().unwrap();
    issued
}

fn ec_sample() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/vectors/elm/european-learning-model/Sample-MC-Annex1-unsigned.jsonld"
    );
    let bytes = std::fs::read(path).expect("the EC sample in shared/vectors beside the repository");
    serde_json::from_slice(&bytes).unwrap()
}

/// Every path of key names in a document (`a.b.c`), array indexes left out.
fn key_paths(value: &Value) -> BTreeSet<String> {
    fn collect(value: &Value, prefix: &str, paths: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    collect(child, &path, paths);
                    paths.insert(path);
                }
            }
            Value::Array(items) => {
                for item in items {
                    collect(item, prefix, paths);
                }
            }
            _ => {}
        }
    }
    let mut paths = BTreeSet::new();
    collect(value, "", &mut paths);
    paths
}

/// Every value at a path of key names (see [`resolve`]), arrays flattened along the way.
fn values<'a>(document: &'a Value, path: &str) -> Vec<&'a Value> {
    fn flatten(value: &Value) -> Vec<&Value> {
        match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        }
    }
    let mut current = vec![document];
    for key in resolve(path).split('.') {
        current = current
            .into_iter()
            .flat_map(flatten)
            .filter_map(|value| value.get(key))
            .collect();
    }
    current.into_iter().flat_map(flatten).collect()
}

fn strings<'a>(document: &'a Value, path: &str) -> Vec<&'a str> {
    values(document, path)
        .into_iter()
        .filter_map(Value::as_str)
        .collect()
}

fn expand_safely(document: &Value) -> crate::Result<Value> {
    let options = Options {
        safe: true,
        ..Options::default()
    };
    crate::jsonld::expand(processor(), document, &options)
}

const CLAIM: &str = "credentialSubject.hasClaim";

/// The paths of the EC sample the export must have too, one a line: every element of the
/// sample our data has. (The sample's logos, display images, date of birth, national id,
/// alliance, assessing and directing organisations, skill reuse levels and DigComp skills have
/// no counterpart in the register.)
const EC_SAMPLE_PATHS: &str = "
@context
id
type
credentialProfiles.inScheme.id
credentialProfiles.prefLabel
displayParameter.title
displayParameter.description
displayParameter.language.id
displayParameter.primaryLanguage.notation
displayParameter.individualDisplay.language.id
identifier.schemeName
identifier.notation
credentialSchema.id
credentialSchema.type
credentialSubject.id
credentialSubject.type
credentialSubject.givenName
credentialSubject.familyName
credentialSubject.fullName
credentialSubject.contactPoint.emailAddress.id
issuer.legalName
issuer.location.address.countryCode.id
issuer.registration.notation
validFrom
{body}.type
{body}.legalName
{body}.location.type
{body}.location.address.type
{body}.location.address.countryCode.inScheme.id
{body}.location.address.countryCode.notation
{body}.location.address.countryCode.prefLabel
{body}.location.spatialCode.id
{body}.registration.type
{body}.registration.notation
{body}.registration.spatial.id
{body}.homepage.type
{body}.homepage.contentURL
{claim}.id
{claim}.type
{claim}.title
{claim}.awardedBy.type
{claim}.influencedBy.type
{claim}.influencedBy.title
{claim}.influencedBy.temporal.startDate
{claim}.influencedBy.temporal.endDate
{claim}.influencedBy.specifiedBy.type
{claim}.influencedBy.specifiedBy.mode.id
{claim}.influencedBy.specifiedBy.language.id
{claim}.influencedBy.specifiedBy.volumeOfLearning
{claim}.influencedBy.specifiedBy.title
{assessment}.type
{assessment}.title
{assessment}.awardedBy.awardingBody.legalName
{assessment}.grade.type
{assessment}.grade.noteLiteral
{assessment}.idVerification.id
{assessment}.idVerification.inScheme.id
{assessment}.idVerification.prefLabel
{assessment}.specifiedBy.type
{assessment}.specifiedBy.title
{assessment}.specifiedBy.dcType.id
{assessment}.specifiedBy.gradingScheme.type
{assessment}.specifiedBy.gradingScheme.title
{spec}.type
{spec}.title
{spec}.eqfLevel.id
{spec}.eqfLevel.inScheme.id
{spec}.eqfLevel.prefLabel
{spec}.thematicArea.id
{spec}.thematicArea.prefLabel
{spec}.creditPoint.type
{spec}.creditPoint.point
{spec}.creditPoint.framework.id
{spec}.entryRequirement.type
{spec}.entryRequirement.noteLiteral
{spec}.isPartialQualification
{spec}.learningOutcome.type
{spec}.learningOutcome.title
{spec}.learningOutcome.relatedESCOSkill.id
{spec}.learningOutcome.relatedESCOSkill.inScheme.id
{spec}.learningSetting.id
{spec}.mode.id
{spec}.volumeOfLearning
{spec}.language.id
{spec}.language.notation
";

#[test]
fn the_export_has_the_key_structure_of_the_ec_micro_credential_sample() {
    let ec = key_paths(&ec_sample());
    let ours = key_paths(&render_elm(&issued(), ISSUER));
    let paths: Vec<String> = EC_SAMPLE_PATHS
        .lines()
        .filter(|line| !line.is_empty())
        .map(resolve)
        .collect();
    assert_eq!(paths.len(), 85);
    let not_in_sample: Vec<&String> = paths.iter().filter(|path| !ec.contains(*path)).collect();
    assert!(
        not_in_sample.is_empty(),
        "listed but not in the EC sample: {not_in_sample:?}"
    );
    let missing: Vec<&String> = paths.iter().filter(|path| !ours.contains(*path)).collect();
    assert!(
        missing.is_empty(),
        "EC sample paths missing from the export: {missing:?}"
    );
}

/// A path with `{claim}`, `{spec}`, `{assessment}` or `{body}` standing for the claim, its
/// specification, its assessment and its awarding bodies.
fn resolve(path: &str) -> String {
    path.replace("{spec}", "{claim}.specifiedBy")
        .replace("{assessment}", "{claim}.provenBy")
        .replace("{body}", "{claim}.awardedBy.awardingBody")
        .replace("{claim}", CLAIM)
}

/// A joint award by validation of informal learning, for a learner known by DID and one name:
/// the other branches of the rendering.
fn joint_validation() -> IssuedMicroCredential {
    let mut issued = issued();
    let mut partner = issued.issuer.clone();
    partner.id = ProviderId::parse("hogeschool-overzee").unwrap();
    partner.content.legal_name = LangText::one("nl", "Hogeschool Overzee");
    partner.content.country = "NL".into();
    partner.content.region = None;
    partner.content.website = None;
    partner.content.legal_identifiers = vec![LegalIdentifier {
        scheme: LegalIdentifierScheme::Vat,
        value: "NL001234567B01".into(),
    }];
    issued
        .offering
        .content
        .awarding_bodies
        .push(partner.id.clone());
    issued.awarding_bodies.push(partner);
    let content = &mut issued.offering.content;
    content.level.eqf = EqfLevel::NotApplicable;
    content.workload.hours = None;
    content.stackability = StackabilityInfo {
        kind: Stackability::StandAlone,
        towards: Vec::new(),
    };
    content.further_information = FurtherInformation::default();
    content.prerequisites = LangText::default();
    issued.outcome.route = AssessmentRoute::Validation {
        prior_learning: LearningSetting::Informal,
    };
    issued.outcome.grade = None;
    issued.outcome.supervision = None;
    issued.learner.name = LearnerName::Full {
        full_name: "Jan Peeters".into(),
    };
    issued.learner.email = None;
    issued.learner.student_number = None;
    issued.validate().unwrap();
    issued
}

#[test]
fn the_export_expands_under_the_pinned_elm_context_with_no_dropped_term() {
    let doc = render_elm(&issued(), ISSUER);
    let expanded = expand_safely(&doc).unwrap();
    let text = expanded.to_string();
    for iri in [
        "http://data.europa.eu/snb/model/elm/hasClaim",
        "http://data.europa.eu/snb/model/elm/accreditation",
        "http://data.europa.eu/snb/model/elm/EQFLevel",
        "http://data.europa.eu/snb/model/elm/idVerification",
        "https://www.w3.org/2018/credentials#issued",
    ] {
        assert!(text.contains(iri), "{iri} not in the expanded export");
    }
    // The check can fail: a term the ELM context does not define is refused, not dropped.
    let mut unknown = doc.clone();
    unknown["credentialSubject"]["hasClaim"]["stackability"] = Value::from("stackable");
    let error = expand_safely(&unknown).unwrap_err();
    assert!(error.to_string().contains("stackability"), "{error}");
    // The pinned contexts read the EC's own sample without loss too.
    expand_safely(&ec_sample()).unwrap();
}

#[test]
fn rendering_twice_gives_identical_bytes_and_consistent_node_ids() {
    let first = serde_json::to_vec(&render_elm(&issued(), ISSUER)).unwrap();
    let second = serde_json::to_vec(&render_elm(&issued(), ISSUER)).unwrap();
    assert_eq!(first, second);
    // Every node minted for the credential carries its UUID, and a node id repeated in the
    // document (the issuer, shared concepts) always describes the same node.
    for doc in [
        render_elm(&issued(), ISSUER),
        render_elm(&joint_validation(), ISSUER),
    ] {
        let mut nodes: BTreeMap<String, Value> = BTreeMap::new();
        let mut pending = vec![&doc];
        while let Some(value) = pending.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(id) = map.get("id").and_then(Value::as_str) {
                        if id.starts_with("urn:epass:") {
                            assert!(id.contains(UUID), "{id}");
                        }
                        let previous = nodes.entry(id.to_owned()).or_insert_with(|| value.clone());
                        assert_eq!(previous, value, "two different nodes named {id}");
                    }
                    pending.extend(map.values());
                }
                Value::Array(items) => pending.extend(items),
                _ => {}
            }
        }
        assert!(nodes.len() > 30, "{}", nodes.len());
    }
}
