//! ELM `Organisation`s: the issuer and awarding bodies (providers of the register), and the
//! quality-assurance bodies the register knows by name only.

use model::UiLang;
use model::provider::LegalIdentifier;
use model::records::Provider;
use model::vocab::{LegalIdentifierScheme, Vocabulary};
use serde_json::{Map, Value, json};

use super::{NodeIds, concepts, one_or_many};
use crate::ob3::text::language_map;

/// A provider as an ELM `Organisation` with node id `id`: legal name, location (Annex I
/// country and region of the issuer), legal identifiers, web site and contact e-mail.
pub fn provider(provider: &Provider, id: &str, ids: &NodeIds) -> Value {
    let content = &provider.content;
    // Sub-nodes are named after the provider, so every place the same provider appears in the
    // document describes it with the same nodes.
    let key = provider.id.as_str();
    let mut organisation = Map::new();
    organisation.insert("id".into(), json!(id));
    organisation.insert("type".into(), json!("Organisation"));
    let mut address = Map::new();
    address.insert("id".into(), json!(ids.part("address", key)));
    address.insert("type".into(), json!("Address"));
    if let Some(country) = concepts::country(&content.country) {
        address.insert("countryCode".into(), country);
    }
    let mut location = Map::new();
    location.insert("id".into(), json!(ids.part("location", key)));
    location.insert("type".into(), json!("Location"));
    location.insert("address".into(), Value::Object(address));
    if let Some(region) = &content.region {
        location.insert("spatialCode".into(), concepts::nuts_region(region));
    }
    organisation.insert("location".into(), Value::Object(location));
    let identifiers = legal_identifiers(&content.legal_identifiers, &content.country, key, ids);
    for (term, nodes) in identifiers {
        if let Some(nodes) = one_or_many(nodes) {
            organisation.insert(term.into(), nodes);
        }
    }
    organisation.insert("legalName".into(), language_map(&content.legal_name));
    if let Some(website) = &content.website {
        let id = ids.part("webResource", &format!("{key}:homepage"));
        organisation.insert("homepage".into(), web_resource(&id, website));
    }
    if let Some(email) = &content.contact_email {
        organisation.insert(
            "contactPoint".into(),
            contact_point(&ids.part("contactPoint", key), email),
        );
    }
    Value::Object(organisation)
}

/// ELM splits identifiers by role: the registration number (`registration`), the VAT number
/// (`vatIdentifier`), and other codes such as Erasmus or PIC (`identifier`, scheme-named).
fn legal_identifiers(
    identifiers: &[LegalIdentifier],
    country: &str,
    key: &str,
    ids: &NodeIds,
) -> [(&'static str, Vec<Value>); 3] {
    let mut registration = Vec::new();
    let mut vat = Vec::new();
    let mut other = Vec::new();
    for (index, identifier) in identifiers.iter().enumerate() {
        let part = format!("{key}:{}", index + 1);
        match identifier.scheme {
            LegalIdentifierScheme::EnterpriseNumber | LegalIdentifierScheme::Other => {
                registration.push(legal_identifier(
                    &ids.part("legalIdentifier", &part),
                    &identifier.value,
                    country,
                ));
            }
            LegalIdentifierScheme::Vat => {
                vat.push(legal_identifier(
                    &ids.part("legalIdentifier", &part),
                    &identifier.value,
                    country,
                ));
            }
            LegalIdentifierScheme::Erasmus | LegalIdentifierScheme::Pic => other.push(json!({
                "id": ids.part("identifier", &part),
                "type": "Identifier",
                "notation": identifier.value,
                "schemeName": identifier.scheme.label(UiLang::En),
            })),
        }
    }
    [
        ("registration", registration),
        ("vatIdentifier", vat),
        ("identifier", other),
    ]
}

fn legal_identifier(id: &str, value: &str, country: &str) -> Value {
    let mut identifier = Map::new();
    identifier.insert("id".into(), json!(id));
    identifier.insert("type".into(), json!("LegalIdentifier"));
    identifier.insert("notation".into(), json!(value));
    if let Some(country) = concepts::country(country) {
        identifier.insert("spatial".into(), country);
    }
    Value::Object(identifier)
}

/// A body the register knows by name (or web address) only, such as a quality-assurance
/// agency: ELM needs a legal name, which is that name, in the credential's language.
pub fn named_body(id: &str, name: &str, language: &str, ids: &NodeIds, key: &str) -> Value {
    let mut organisation = Map::new();
    organisation.insert("id".into(), json!(id));
    organisation.insert("type".into(), json!("Organisation"));
    organisation.insert("legalName".into(), json!({ language: name }));
    if name.starts_with("https://") || name.starts_with("http://") {
        let id = ids.part("webResource", &format!("{key}:homepage"));
        organisation.insert("homepage".into(), web_resource(&id, name));
    }
    Value::Object(organisation)
}

pub fn web_resource(id: &str, url: &str) -> Value {
    json!({ "id": id, "type": "WebResource", "contentURL": url })
}

pub fn contact_point(id: &str, email: &str) -> Value {
    json!({
        "id": id,
        "type": "ContactPoint",
        "emailAddress": { "id": format!("mailto:{email}"), "type": "Mailbox" },
    })
}
