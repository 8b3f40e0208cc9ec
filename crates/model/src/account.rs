//! People who sign in: learners, who sign themselves up, and staff (provider admins, issuers,
//! analysts, platform admins), who are invited by someone who may grant their role. An account
//! is known by its e-mail address; its password is kept only as an Argon2id hash, elsewhere.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::{AccountId, ProviderId};
use crate::records::Role;

/// An e-mail address as accounts are matched by it: trimmed and in lower case.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Accepts `local@domain` (at most 254 characters; a local part of at most 64 printable
    /// characters without spaces; a domain of at least two dot-separated labels of letters,
    /// digits and inner hyphens) and lowers its case; says what is wrong otherwise.
    pub fn parse(text: &str) -> Result<EmailAddress, String> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Err("the e-mail address is empty".to_owned());
        }
        if text.chars().count() > 254 {
            return Err("the e-mail address is longer than 254 characters".to_owned());
        }
        let Some((local, domain)) = text.rsplit_once('@') else {
            return Err(format!("`{text}` has no @"));
        };
        if local.is_empty() || local.chars().count() > 64 {
            return Err(format!(
                "the part of `{text}` before the @ must be 1 to 64 characters"
            ));
        }
        if local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '@' | '<' | '>' | ','))
        {
            return Err(format!(
                "the part of `{text}` before the @ holds a space, a control character or one of @ < > ,"
            ));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |label: &&str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return Err(format!(
                "`{domain}` is not a domain name (labels of letters, digits and inner hyphens, separated by dots)"
            ));
        }
        Ok(EmailAddress(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> String {
        address.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Account {
    pub id: AccountId,
    pub email: EmailAddress,
    pub name: String,
    /// The staff role, or `None` for a learner.
    pub role: Option<Role>,
    /// The provider a provider admin or issuer works for.
    pub provider_id: Option<ProviderId>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub email_confirmed_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    /// When a staff member was removed (or an account closed): no sign-in, session or token
    /// of it works any more.
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub disabled_at: Option<OffsetDateTime>,
}

impl Account {
    pub fn is_learner(&self) -> bool {
        self.role.is_none()
    }
}

/// Whether a role and provider go together: provider admins and issuers belong to a provider,
/// platform admins and analysts to none. Says what is wrong otherwise.
pub fn check_role_provider(role: Role, provider: Option<&ProviderId>) -> Result<(), String> {
    match (role, provider) {
        (Role::PlatformAdmin | Role::Analyst, Some(_)) => {
            Err(format!("a {} belongs to no provider", role.code()))
        }
        (Role::ProviderAdmin | Role::Issuer, None) => {
            Err(format!("a {} needs a provider", role.code()))
        }
        _ => Ok(()),
    }
}

/// The shortest password accepted, in characters (NIST SP 800-63B asks at least 8; we ask more
/// because nothing else stands in the way of a guess).
pub const PASSWORD_MIN_CHARS: usize = 10;
/// The longest, so hashing cannot be made to take long.
pub const PASSWORD_MAX_CHARS: usize = 256;

/// Passwords that are refused whatever their length (the most common ones that are long
/// enough to pass the length rule).
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789012",
    "0987654321",
    "qwertyuiop",
    "1q2w3e4r5t",
    "password123",
    "password1234",
    "passwordpassword",
    "wachtwoord123",
    "iloveyou123",
    "aaaaaaaaaa",
    "abcdefghij",
    "abcd123456",
    "qwerty123456",
    "azertyuiop",
    "football123",
    "letmein1234",
    "welcome123",
    "welkom12345",
];

/// Whether `password` may be used: long enough, not too long, not one character repeated,
/// not a common password and not the e-mail address (when it is known). Says why not.
pub fn check_password(password: &str, email: Option<&EmailAddress>) -> Result<(), String> {
    let length = password.chars().count();
    if length < PASSWORD_MIN_CHARS {
        return Err(format!(
            "the password must have at least {PASSWORD_MIN_CHARS} characters"
        ));
    }
    if length > PASSWORD_MAX_CHARS {
        return Err(format!(
            "the password must have at most {PASSWORD_MAX_CHARS} characters"
        ));
    }
    let lower = password.to_lowercase();
    let mut characters = lower.chars();
    let first = characters.next();
    if characters.all(|c| Some(c) == first) {
        return Err("the password is one character repeated".to_owned());
    }
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err("the password is one of the most common passwords".to_owned());
    }
    if let Some(email) = email {
        let local = email.as_str().split('@').next().unwrap_or_default();
        if lower == email.as_str() || (local.len() >= 4 && lower.contains(local)) {
            return Err("the password holds the e-mail address".to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_lowered_and_checked() {
        assert_eq!(
            EmailAddress::parse("  An.Peeters@Example.BE ")
                .unwrap()
                .as_str(),
            "an.peeters@example.be"
        );
        for (bad, says) in [
            ("", "empty"),
            ("no-at-sign", "no @"),
            ("@example.be", "before the @"),
            ("an peeters@example.be", "space"),
            ("an@localhost", "not a domain"),
            ("an@-bad.be", "not a domain"),
            ("an@ex..be", "not a domain"),
        ] {
            let error = EmailAddress::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
        let long = format!("{}@example.be", "a".repeat(65));
        assert!(EmailAddress::parse(&long).unwrap_err().contains("1 to 64"));
        let longer = format!("a@{}.be", "b".repeat(260));
        assert!(EmailAddress::parse(&longer).unwrap_err().contains("254"));
    }

    #[test]
    fn weak_passwords_are_refused_with_the_reason() {
        let email = EmailAddress::parse("an.peeters@example.be").unwrap();
        assert!(check_password("correct horse battery", Some(&email)).is_ok());
        for (bad, says) in [
            ("short", "at least 10"),
            ("zzzzzzzzzzzz", "repeated"),
            ("Password123", "common"),
            ("an.peeters2024!", "e-mail address"),
        ] {
            let error = check_password(bad, Some(&email)).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
        assert!(
            check_password(&"x1".repeat(200), Some(&email))
                .unwrap_err()
                .contains("at most")
        );
    }

    #[test]
    fn roles_go_with_a_provider_or_with_none() {
        let provider = ProviderId::parse("hogeschool-a").unwrap();
        assert!(check_role_provider(Role::Issuer, Some(&provider)).is_ok());
        assert!(check_role_provider(Role::Issuer, None).is_err());
        assert!(check_role_provider(Role::Analyst, Some(&provider)).is_err());
        assert!(check_role_provider(Role::PlatformAdmin, None).is_ok());
    }
}
