//! ELM 3 (European Learning Model) JSON-LD export of an issued micro-credential, for Europass.
//!
//! The document is an unsigned `VerifiableCredential` + `EuropeanDigitalCredential` of the EDC
//! application profile (VC 1.1 data model, as Europass reads it), in the shape of the European
//! Commission's micro-credential sample: the learner (`Person`) claims a `LearningAchievement`
//! awarded by the awarding bodies, proven by a `LearningAssessment` and specified by a
//! `Qualification` carrying the offering's Annex I elements. Every node id is derived from the
//! credential's UUID (`urn:epass:<kind>:<uuid>[:<part>]`), so the same bundle always renders to
//! the same bytes. Sealing (eIDAS JAdES) is Europass's business, not ours.

mod achievement;
mod concepts;
mod organisation;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;

use model::UiLang;
use model::credential::{IssuedMicroCredential, LearnerName};
use model::records::Provider;
use serde_json::{Map, Value, json};

use crate::contexts::{CREDENTIALS_V1, ELM_EDC_AP};
use crate::ob3::text::{language_map, primary_language, timestamp};

/// The `@context` of the export, as in the EC samples (VC 1.1 first).
pub const CONTEXTS: [&str; 2] = [CREDENTIALS_V1, ELM_EDC_AP];
/// The EDC credential profile of the EC micro-credential sample ("Generic").
const GENERIC_PROFILE: &str = "http://data.europa.eu/snb/credential/e34929035b";
/// The SHACL shapes Europass validates a generic credential against.
const EDC_GENERIC_SHAPES: &str = "http://data.europa.eu/snb/model/ap/edc-generic-full";

/// Render the ELM export of an issued micro-credential. `issuer_did` names the issuing
/// provider (as in the Open Badges credential); the bundle should have passed
/// [`IssuedMicroCredential::validate`] — rendering itself cannot fail.
pub fn render_elm(issued: &IssuedMicroCredential, issuer_did: &str) -> Value {
    let rendering = Rendering::new(issued, issuer_did);
    let ids = &rendering.ids;
    let mut credential = Map::new();
    credential.insert("@context".into(), json!(CONTEXTS));
    credential.insert("id".into(), json!(format!("urn:credential:{}", ids.uuid)));
    credential.insert(
        "type".into(),
        json!(["VerifiableCredential", "EuropeanDigitalCredential"]),
    );
    let generic = Map::from_iter([("en".to_owned(), json!("Generic"))]);
    credential.insert(
        "credentialProfiles".into(),
        concepts::with_iri(GENERIC_PROFILE, generic),
    );
    credential.insert("displayParameter".into(), display_parameter(&rendering));
    // The Open Badges credential of the same award carries this id: the link between the two.
    credential.insert(
        "identifier".into(),
        json!({
            "id": ids.of("identifier"),
            "type": "Identifier",
            "schemeName": "Open Badges 3.0 credential id",
            "notation": issued.id,
        }),
    );
    credential.insert(
        "credentialSchema".into(),
        json!({ "id": EDC_GENERIC_SHAPES, "type": "ShaclValidator2017" }),
    );
    credential.insert("credentialSubject".into(), person(&rendering));
    credential.insert("issuer".into(), rendering.organisation(&issued.issuer));
    // Annex I "date of issuing": VC 1.1 wants issuanceDate, ELM reads issued.
    let issued_at = timestamp(issued.issued_at);
    credential.insert("issuanceDate".into(), json!(issued_at));
    credential.insert("issued".into(), json!(issued_at));
    let valid_from = issued.valid_from.map_or(issued_at, timestamp);
    credential.insert("validFrom".into(), json!(valid_from));
    if let Some(valid_until) = issued.valid_until {
        let valid_until = timestamp(valid_until);
        credential.insert("validUntil".into(), json!(valid_until));
        credential.insert("expirationDate".into(), json!(valid_until));
    }
    Value::Object(credential)
}

/// What every part of the rendering needs: the bundle, the node ids and the languages.
struct Rendering<'a> {
    issued: &'a IssuedMicroCredential,
    issuer_did: &'a str,
    ids: NodeIds,
    /// The language of texts that have none of their own (names, grades): the credential's
    /// primary language.
    language: &'a str,
    /// The interface languages texts we write ourselves (labels, notes) are given in: those of
    /// the title, else English.
    generated: Vec<UiLang>,
}

impl<'a> Rendering<'a> {
    fn new(issued: &'a IssuedMicroCredential, issuer_did: &'a str) -> Self {
        let offering = &issued.offering;
        let mut generated: Vec<UiLang> = offering
            .content
            .title
            .0
            .keys()
            .filter_map(|code| UiLang::from_code(code))
            .collect();
        if generated.is_empty() {
            generated.push(UiLang::En);
        }
        Rendering {
            issued,
            issuer_did,
            ids: NodeIds {
                uuid: issued.id.trim_start_matches("urn:uuid:").to_owned(),
            },
            language: primary_language(offering),
            generated,
        }
    }

    /// A language map of a text we write, in each of the credential's interface languages.
    fn text(&self, text: impl Fn(UiLang) -> String) -> Value {
        let map: Map<String, Value> = self
            .generated
            .iter()
            .map(|lang| (lang.code().to_owned(), Value::from(text(*lang))))
            .collect();
        Value::Object(map)
    }

    /// A provider as an `Organisation`: the issuer is named by its DID, other awarding bodies
    /// by their page in the register (as in the Open Badges credential).
    fn organisation(&self, provider: &Provider) -> Value {
        let id = if provider.id == self.issued.issuer.id {
            self.issuer_did.to_owned()
        } else {
            format!(
                "{}/providers/{}",
                self.issued.register_url.trim_end_matches('/'),
                provider.id
            )
        };
        organisation::provider(provider, &id, &self.ids)
    }
}

/// Deterministic node ids: `urn:epass:<kind>:<credential uuid>[:<part>]`, the EC samples'
/// `urn:epass:` style made unique per credential without randomness.
struct NodeIds {
    uuid: String,
}

impl NodeIds {
    fn of(&self, kind: &str) -> String {
        format!("urn:epass:{kind}:{}", self.uuid)
    }

    fn part(&self, kind: &str, part: &str) -> String {
        format!("urn:epass:{kind}:{}:{part}", self.uuid)
    }
}

/// Nothing, one node, or an array: the EC sample writes a single value without an array.
fn one_or_many(mut nodes: Vec<Value>) -> Option<Value> {
    match nodes.len() {
        0 => None,
        1 => nodes.pop(),
        _ => Some(Value::Array(nodes)),
    }
}

/// How the credential is shown: its title, description and languages (Europass renders the
/// pages itself; see `IndividualDisplay` below).
fn display_parameter(rendering: &Rendering<'_>) -> Value {
    let content = &rendering.issued.offering.content;
    let ids = &rendering.ids;
    let languages: Vec<(&str, Value)> = content
        .title
        .0
        .keys()
        .filter_map(|code| Some((code.as_str(), concepts::language(code)?)))
        .collect();
    let mut display = Map::new();
    display.insert("id".into(), json!(ids.of("displayParameter")));
    display.insert("type".into(), json!("DisplayParameter"));
    // One display per language, without `displayDetail`: the register renders no page images.
    let individual: Vec<Value> = languages
        .iter()
        .map(|(code, language)| {
            json!({
                "id": ids.part("individualDisplay", code),
                "type": "IndividualDisplay",
                "language": language,
            })
        })
        .collect();
    if let Some(individual) = one_or_many(individual) {
        display.insert("individualDisplay".into(), individual);
    }
    if let Some(primary) = concepts::language(rendering.language) {
        display.insert("primaryLanguage".into(), primary);
    }
    if !content.summary.is_empty() {
        display.insert("description".into(), language_map(&content.summary));
    }
    let languages: Vec<Value> = languages
        .into_iter()
        .map(|(_, language)| language)
        .collect();
    if let Some(languages) = one_or_many(languages) {
        display.insert("language".into(), languages);
    }
    display.insert("title".into(), language_map(&content.title));
    Value::Object(display)
}

/// The learner (Annex I identification): names, e-mail, student number, DID as the node id.
/// ELM has no hashed identifiers, and Europass delivers to the e-mail address: the export
/// carries the values themselves.
fn person(rendering: &Rendering<'_>) -> Value {
    let issued = rendering.issued;
    let learner = &issued.learner;
    let ids = &rendering.ids;
    let language = rendering.language;
    let mut person = Map::new();
    let id = learner.did.clone().unwrap_or_else(|| ids.of("person"));
    person.insert("id".into(), json!(id));
    person.insert("type".into(), json!("Person"));
    if let Some(email) = &learner.email {
        person.insert(
            "contactPoint".into(),
            organisation::contact_point(&ids.of("contactPoint"), email),
        );
    }
    if let Some(number) = &learner.student_number {
        person.insert(
            "identifier".into(),
            json!({
                "id": ids.part("identifier", "student-number"),
                "type": "Identifier",
                "notation": number,
                "schemeName": "Student number",
                "schemeAgency": language_map(&issued.issuer.content.legal_name),
            }),
        );
    }
    person.insert("hasClaim".into(), achievement::render(rendering));
    if let LearnerName::Parts {
        given_names,
        family_names,
    } = &learner.name
    {
        person.insert("familyName".into(), json!({ language: family_names }));
        person.insert("givenName".into(), json!({ language: given_names }));
    }
    person.insert(
        "fullName".into(),
        json!({ language: learner.name.display() }),
    );
    Value::Object(person)
}
