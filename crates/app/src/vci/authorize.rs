//! OpenID4VCI's authorization code flow with PKCE (RFC 7636, S256 only), for a wallet that
//! starts from the register: the wallet sends the learner to `/oid4vci/authorize` with its
//! `client_id`, `redirect_uri`, `code_challenge` and the credential configuration it wants (as
//! `scope` or `authorization_details`); the learner signs in, picks one of their active
//! credentials and allows it; the register redirects back with a single-use code (5 minutes)
//! that only that client, at that redirect URI, with the PKCE verifier, trades at the token
//! endpoint for an access token — then the credential endpoint as in the pre-authorized flow.
//!
//! Wallets are public clients with no registration here (as the EU wallets meet issuers they
//! never met): the consent page shows the learner which client and which site it sends the
//! credential to, and only safe redirect URIs are followed (https, a loopback http, or a
//! wallet's own app scheme; never `javascript:`, `data:` or `file:`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use sha2::{Digest, Sha256};
use store::{Store, VciOffer, WalletAuthorization};
use time::Duration;

use super::{LDP_VC_CONFIGURATION, SD_JWT_CONFIGURATION, VciError, refuse};
use crate::App;
use crate::auth::LearnerRight;
use crate::error::{AppError, AppResult};

/// How long an authorization code lives.
const CODE_LIFETIME: Duration = Duration::minutes(5);

/// A wallet's authorization request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    /// The credential configuration asked for.
    pub configuration: String,
    pub state: Option<String>,
}

impl AuthorizationRequest {
    /// Where the learner's browser goes back to: the code (or an error) and the state.
    pub fn redirect(&self, parameters: &[(&str, &str)]) -> String {
        let mut url = self.redirect_uri.clone();
        url.push(if url.contains('?') { '&' } else { '?' });
        let mut all: Vec<(&str, &str)> = parameters.to_vec();
        if let Some(state) = &self.state {
            all.push(("state", state));
        }
        url.push_str(
            &all.iter()
                .map(|(name, value)| format!("{name}={}", crate::form_encoded(value)))
                .collect::<Vec<_>>()
                .join("&"),
        );
        url
    }

    /// The host (or app scheme) the credential goes to, for the consent page.
    pub fn destination(&self) -> String {
        match self.redirect_uri.split_once("://") {
            Some((scheme, rest)) if scheme == "https" || scheme == "http" => {
                rest.split(['/', '?']).next().unwrap_or(rest).to_owned()
            }
            Some((scheme, _)) => format!("{scheme}:"),
            None => self.redirect_uri.clone(),
        }
    }
}

/// Whether a wallet may be sent back to `uri`.
fn safe_redirect(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once(':') else {
        return false;
    };
    let scheme = scheme.to_ascii_lowercase();
    if uri.len() > 2000 || uri.contains('#') || uri.chars().any(char::is_whitespace) {
        return false;
    }
    let valid_scheme = scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic());
    match scheme.as_str() {
        "https" => rest.starts_with("//") && rest.len() > 2,
        "http" => {
            let host = rest
                .trim_start_matches("//")
                .split(['/', '?'])
                .next()
                .unwrap_or_default();
            let host = host.rsplit_once(':').map_or(host, |(host, _)| host);
            matches!(host, "127.0.0.1" | "localhost" | "[::1]")
        }
        "javascript" | "data" | "file" | "vbscript" | "blob" | "about" => false,
        _ => valid_scheme,
    }
}

/// What a wallet brings to the token endpoint for an authorization code.
pub(super) struct CodeProof<'a> {
    pub code: &'a str,
    pub verifier: Option<&'a str>,
    pub redirect_uri: Option<&'a str>,
    pub client_id: Option<&'a str>,
}

/// Reads the query of `/oid4vci/authorize`. The error is for the learner's page, which says
/// it rather than sending the browser to a redirect URI that was not checked.
pub fn authorization_request(query: &[(String, String)]) -> Result<AuthorizationRequest, String> {
    let field = |name: &str| super::single_field(query, name);
    let required = |name: &str| -> Result<&str, String> {
        field(name)?
            .filter(|value| !value.is_empty())
            .ok_or_else(|| format!("the wallet sent no `{name}`"))
    };
    if required("response_type")? != "code" {
        return Err("only `response_type=code` is supported".to_owned());
    }
    let client_id = required("client_id")?;
    if client_id.len() > 200 {
        return Err("the `client_id` is longer than 200 characters".to_owned());
    }
    let redirect_uri = required("redirect_uri")?;
    if !safe_redirect(redirect_uri) {
        return Err(format!(
            "the redirect URI `{redirect_uri}` is not one a credential is sent to (https, a loopback http address, or a wallet app's own scheme)"
        ));
    }
    if field("code_challenge_method")? != Some("S256") {
        return Err("PKCE is required with `code_challenge_method=S256`".to_owned());
    }
    let code_challenge = required("code_challenge")?;
    let well_formed = (43..=128).contains(&code_challenge.len())
        && code_challenge
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !well_formed {
        return Err("the `code_challenge` is not a base64url SHA-256 (43 characters)".to_owned());
    }
    let mut wanted: Vec<String> = field("scope")?
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if let Some(details) = field("authorization_details")? {
        let details: Value = serde_json::from_str(details)
            .map_err(|error| format!("`authorization_details` is not JSON: {error}"))?;
        for detail in details.as_array().into_iter().flatten() {
            if detail["type"] == "openid_credential"
                && let Some(id) = detail["credential_configuration_id"].as_str()
            {
                wanted.push(id.to_owned());
            }
        }
    }
    let configuration = wanted
        .into_iter()
        .find(|id| id == SD_JWT_CONFIGURATION || id == LDP_VC_CONFIGURATION)
        .ok_or_else(|| {
            format!(
                "the wallet asks for no credential configuration of this register ({SD_JWT_CONFIGURATION} or {LDP_VC_CONFIGURATION}, as `scope` or `authorization_details`)"
            )
        })?;
    let state = field("state")?.map(str::to_owned);
    if state.as_ref().is_some_and(|state| state.len() > 500) {
        return Err("the `state` is longer than 500 characters".to_owned());
    }
    Ok(AuthorizationRequest {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        code_challenge: code_challenge.to_owned(),
        configuration,
        state,
    })
}

impl<S: Store> App<S> {
    /// The learner's active credentials a wallet may have: id (`urn:uuid:…`) and title.
    pub async fn credentials_for_wallets(
        &self,
        learner: &LearnerRight,
        lang: model::UiLang,
    ) -> AppResult<Vec<(String, String)>> {
        Ok(self
            .wallet_records(learner)
            .await?
            .into_iter()
            .flat_map(|record| {
                let title = record.offering_title.best(lang).to_owned();
                record
                    .credentials
                    .into_iter()
                    .filter(|credential| credential.state == model::CredentialState::Active)
                    .map(move |credential| (credential.id.urn(), title.clone()))
            })
            .collect())
    }

    /// The learner allows the wallet one of their active credentials: the redirect URL with
    /// the authorization code.
    pub async fn authorize_wallet(
        &self,
        learner: &LearnerRight,
        request: &AuthorizationRequest,
        credential: &str,
    ) -> AppResult<String> {
        let record = self.wallet_credential(learner, credential).await?;
        if record.state != model::CredentialState::Active {
            return Err(AppError::InvalidState(format!(
                "credential {} is {}: only an active credential goes to a wallet",
                record.id.urn(),
                record.state
            )));
        }
        let code = self.random_hex(32);
        let now = self.now();
        let offer = VciOffer {
            id: format!("va-{}", self.random_hex(12)),
            credential_id: record.id.clone(),
            account_id: Some(learner.account().clone()),
            code_hash: crate::secret_hash(&code),
            document: String::new(),
            tx_code_hash: None,
            tx_attempts: 0,
            created_at: now,
            expires_at: now + CODE_LIFETIME,
            used_at: None,
            authorization: Some(WalletAuthorization {
                client_id: request.client_id.clone(),
                redirect_uri: request.redirect_uri.clone(),
                code_challenge: request.code_challenge.clone(),
            }),
        };
        let audit = self.audit(
            (learner.account().to_string(), String::new()),
            Some(&record.provider_id),
            "credential.authorize_wallet",
            &record.id.urn(),
            &format!("{} {}", request.client_id, request.destination()),
        );
        self.store.insert_offer(&offer, &audit).await?;
        Ok(request.redirect(&[("code", &code)]))
    }

    /// The consent a code stands for, when the wallet proves it is the one that asked.
    pub(super) async fn authorized_offer(
        &self,
        proof: &CodeProof<'_>,
    ) -> Result<VciOffer, VciError> {
        let grant = |description: &str| refuse(400, "invalid_grant", description);
        let offer = self
            .store
            .offer_by_code(&crate::secret_hash(proof.code))
            .await
            .map_err(AppError::from)?
            .filter(|offer| offer.used_at.is_none() && offer.expires_at > self.now())
            .ok_or_else(|| grant("the authorization code is unknown, used or expired"))?;
        let Some(authorization) = &offer.authorization else {
            return Err(grant(
                "this is a pre-authorized code: use the pre-authorized_code grant",
            ));
        };
        if proof.redirect_uri != Some(authorization.redirect_uri.as_str()) {
            return Err(grant(
                "`redirect_uri` is not the one the code was given for",
            ));
        }
        if proof.client_id != Some(authorization.client_id.as_str()) {
            return Err(grant("`client_id` is not the client the code was given to"));
        }
        let verifier = proof
            .verifier
            .ok_or_else(|| refuse(400, "invalid_request", "`code_verifier` is missing (PKCE)"))?;
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        if challenge != authorization.code_challenge {
            return Err(grant(
                "the PKCE `code_verifier` does not match the challenge",
            ));
        }
        Ok(offer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect()
    }

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn a_wallets_request_is_read_and_unsafe_ones_are_named() {
        let good = [
            ("response_type", "code"),
            ("client_id", "wallet"),
            ("redirect_uri", "https://wallet.example/cb"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
            ("scope", "openid MicroCredential_dc_sd_jwt"),
            ("state", "s1"),
        ];
        let request = authorization_request(&query(&good)).unwrap();
        assert_eq!(request.configuration, SD_JWT_CONFIGURATION);
        assert_eq!(request.destination(), "wallet.example");
        assert_eq!(
            request.redirect(&[("code", "c")]),
            "https://wallet.example/cb?code=c&state=s1"
        );
        for (name, value, says) in [
            ("redirect_uri", "javascript:alert(1)", "redirect URI"),
            ("redirect_uri", "http://wallet.example/cb", "redirect URI"),
            (
                "redirect_uri",
                "https://wallet.example/cb#x",
                "redirect URI",
            ),
            ("code_challenge_method", "plain", "S256"),
            ("code_challenge", "short", "code_challenge"),
            ("scope", "profile", "configuration"),
            ("response_type", "token", "response_type"),
        ] {
            let mut pairs = good.to_vec();
            for pair in &mut pairs {
                if pair.0 == name {
                    pair.1 = value;
                }
            }
            let error = authorization_request(&query(&pairs)).unwrap_err();
            assert!(error.contains(says), "{name}={value}: {error}");
        }
        let mut twice = good.to_vec();
        twice.push(("client_id", "other"));
        assert!(authorization_request(&query(&twice)).is_err());
        // authorization_details instead of scope; app schemes and loopback http are fine.
        let details = r#"[{"type":"openid_credential","credential_configuration_id":"MicroCredential_ldp_vc"}]"#;
        let mut pairs: Vec<(&str, &str)> = good
            .iter()
            .copied()
            .filter(|(name, _)| *name != "scope")
            .collect();
        pairs.push(("authorization_details", details));
        for pair in &mut pairs {
            if pair.0 == "redirect_uri" {
                pair.1 = "eudi-wallet://callback";
            }
        }
        let request = authorization_request(&query(&pairs)).unwrap();
        assert_eq!(request.configuration, LDP_VC_CONFIGURATION);
        assert_eq!(request.destination(), "eudi-wallet:");
        assert!(safe_redirect("http://127.0.0.1:8123/cb"));
        assert!(!safe_redirect("data:text/html,x"));
    }
}
