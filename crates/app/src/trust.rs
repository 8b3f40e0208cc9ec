//! The register's trust list: the providers it has published (approved) plus issuers trusted
//! through imported lists — another register's `/api/v1/trusted-issuers`, a sector body's list.
//! A platform admin imports or replaces a list by name; verification's "issuer recognised"
//! check reads the union.

use model::learning::TrustedIssuer;
use model::{PublicationStatus, ValidationErrors, ViolationCode};
use serde_json::Value;
use store::Store;

use crate::App;
use crate::auth::PlatformAdmin;
use crate::error::AppResult;

/// Entries a list may hold.
pub const MAX_TRUSTED_ISSUERS: usize = 10_000;
/// The source name of the register's own published providers.
pub const REGISTER_SOURCE: &str = "register";

fn invalid(element: &str, message: impl Into<String>) -> ValidationErrors {
    ValidationErrors::single(element, ViolationCode::InvalidValue, message)
}

/// Reads `{"issuers": [{"id": "did:…" | "https://…", "name": "…"}, …]}` (or a bare array).
pub fn read_trust_list(
    source: &str,
    document: &Value,
) -> Result<Vec<TrustedIssuer>, ValidationErrors> {
    let valid_source = !source.is_empty()
        && source.len() <= 64
        && source != REGISTER_SOURCE
        && source
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    if !valid_source {
        return Err(invalid(
            "source",
            format!(
                "`{source}` is not a list name: 1–64 lower-case letters, digits and hyphens, not `{REGISTER_SOURCE}`"
            ),
        ));
    }
    let entries = match document {
        Value::Array(entries) => entries,
        Value::Object(object) => match object.get("issuers") {
            Some(Value::Array(entries)) => entries,
            _ => {
                return Err(ValidationErrors::single(
                    "issuers",
                    ViolationCode::MissingElement,
                    "a trust list is `{\"issuers\": [{\"id\": …, \"name\": …}]}`",
                ));
            }
        },
        _ => {
            return Err(invalid(
                "issuers",
                "a trust list is `{\"issuers\": [...]}` or an array",
            ));
        }
    };
    if entries.len() > MAX_TRUSTED_ISSUERS {
        return Err(ValidationErrors::single(
            "issuers",
            ViolationCode::TooLong,
            format!("at most {MAX_TRUSTED_ISSUERS} issuers per list"),
        ));
    }
    let mut issuers: Vec<TrustedIssuer> = Vec::with_capacity(entries.len());
    let mut errors = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let element = format!("issuers[{index}]");
        let (id, name) = match entry {
            Value::String(id) => (id.as_str(), ""),
            Value::Object(object) => (
                object.get("id").and_then(Value::as_str).unwrap_or_default(),
                object
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            ),
            _ => ("", ""),
        };
        let is_identifier = (id.starts_with("did:") || id.starts_with("https://"))
            && id.len() <= 2_000
            && !id.chars().any(|c| c.is_whitespace() || c.is_control());
        if !is_identifier {
            errors.extend(
                invalid(
                    &format!("{element}.id"),
                    "an issuer id is a DID or an https URL",
                )
                .0,
            );
            continue;
        }
        if issuers.iter().any(|issuer| issuer.id == id) {
            continue;
        }
        issuers.push(TrustedIssuer {
            id: id.to_owned(),
            name: name.chars().filter(|c| !c.is_control()).take(300).collect(),
            source: source.to_owned(),
        });
    }
    if errors.is_empty() {
        Ok(issuers)
    } else {
        Err(ValidationErrors(errors))
    }
}

impl<S: Store> App<S> {
    /// Replaces the list `source` with `document`'s issuers; returns how many it holds.
    pub async fn import_trust_list(
        &self,
        _admin: &PlatformAdmin,
        source: &str,
        document: &Value,
    ) -> AppResult<usize> {
        let issuers = read_trust_list(source, document)?;
        self.store
            .replace_trusted_issuers(source, &issuers, self.now())
            .await?;
        Ok(issuers.len())
    }

    /// Every trusted issuer with its name and where the trust comes from.
    pub async fn trust_list(&self) -> AppResult<Vec<TrustedIssuer>> {
        let mut issuers: Vec<TrustedIssuer> = self
            .store
            .list_providers(true)
            .await?
            .into_iter()
            .filter(|provider| provider.status == PublicationStatus::Published)
            .map(|provider| TrustedIssuer {
                id: self.provider_did(&provider.id),
                name: provider
                    .content
                    .legal_name
                    .best(model::UiLang::En)
                    .to_owned(),
                source: REGISTER_SOURCE.to_owned(),
            })
            .collect();
        issuers.extend(self.store.list_trusted_issuers().await?);
        Ok(issuers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_lists_are_read_strictly() {
        let list = serde_json::json!({"issuers": [
            {"id": "did:web:other.example:providers:x", "name": "Other"},
            "https://issuer.example/profile",
            {"id": "did:web:other.example:providers:x", "name": "Duplicate"},
        ]});
        let issuers = read_trust_list("sector-list", &list).unwrap();
        assert_eq!(issuers.len(), 2);
        assert_eq!(issuers[0].name, "Other");
        assert!(read_trust_list("register", &list).is_err());
        assert!(read_trust_list("Bad Name", &list).is_err());
        let bad = serde_json::json!({"issuers": [{"id": "http://plain.example"}, {"id": "did:key:z 6Mk"}]});
        let errors = read_trust_list("x", &bad).unwrap_err();
        assert_eq!(errors.0.len(), 2);
        assert_eq!(errors.0[1].element, "issuers[1].id");
    }
}
