//! Identifiers of the register's entities, as distinct types so they cannot be mixed up.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $what:literal, $min:literal, $max:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Accepts lower-case letters, digits and inner hyphens.
            pub fn parse(text: &str) -> Result<Self, String> {
                let valid = (($min)..=($max)).contains(&text.len())
                    && text.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
                    && !text.starts_with('-')
                    && !text.ends_with('-')
                    && !text.contains("--");
                if valid {
                    Ok(Self(text.to_owned()))
                } else {
                    Err(format!(
                        "`{text}` is not a valid {}: {}–{} lower-case letters, digits and single inner hyphens",
                        $what, $min, $max
                    ))
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A provider's identifier, also its URL slug (e.g. `hogeschool-scheldeland`).
    ProviderId, "provider id", 3, 64
);
id_type!(
    /// An offering's identifier; stays the same across versions.
    OfferingId, "offering id", 3, 64
);
id_type!(
    /// An API token's public identifier (the secret is never stored).
    TokenId, "token id", 3, 64
);

id_type!(
    /// An enrolment of a learner in an offering (`enr-` + random hex).
    EnrolmentId, "enrolment id", 3, 64
);
id_type!(
    /// A recorded assessment or validation result (`asm-` + random hex).
    AssessmentId, "assessment id", 3, 64
);
id_type!(
    /// An issued credential: the UUID of its `urn:uuid:` id, lower case.
    CredentialId, "credential id", 36, 36
);
id_type!(
    /// A background import job (`imp-` + random hex).
    ImportJobId, "import job id", 3, 64
);
id_type!(
    /// A person's account (`acc-` + random hex).
    AccountId, "account id", 3, 64
);

impl CredentialId {
    /// The credential's JSON-LD `id`.
    pub fn urn(&self) -> String {
        format!("urn:uuid:{}", self.0)
    }

    /// Parses `urn:uuid:…` or the bare UUID.
    pub fn from_urn(text: &str) -> Result<CredentialId, String> {
        let uuid = text.strip_prefix("urn:uuid:").unwrap_or(text);
        if crate::credential::is_urn_uuid(&format!("urn:uuid:{uuid}")) {
            Ok(CredentialId(uuid.to_owned()))
        } else {
            Err(format!(
                "`{text}` is not a credential id (urn:uuid:… in lower case)"
            ))
        }
    }
}

impl TokenId {
    /// The id the local operator (the CLI at the machine) acts under; never stored.
    pub fn local_operator() -> TokenId {
        TokenId("tok-local-operator".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_slugs_and_refuse_everything_else() {
        assert!(ProviderId::parse("hogeschool-scheldeland").is_ok());
        assert!(ProviderId::parse("ab").is_err());
        assert!(ProviderId::parse("Hoge").is_err());
        assert!(ProviderId::parse("-abc").is_err());
        assert!(ProviderId::parse("abc-").is_err());
        assert!(ProviderId::parse("a--b").is_err());
        assert!(ProviderId::parse("a b c").is_err());
        assert!(ProviderId::parse("<script>").is_err());
        assert!(ProviderId::parse(&"a".repeat(65)).is_err());
        assert!(serde_json::from_str::<ProviderId>("\"UPPER\"").is_err());
    }
}
