//! OpenID for Verifiable Credential Issuance 1.0 (issue 13), the pre-authorized code flow: a
//! learner offers one of their credentials to a wallet (a QR code / `openid-credential-offer://`
//! link carrying only the offer's URL — no personal data); the wallet fetches the offer, trades
//! its pre-authorized code (single-use, 10 minutes; with a transaction code the learner reads
//! from the wallet page, 5 attempts) for an access token, gets a nonce, and asks the credential
//! endpoint with a `jwt` proof of its key; it receives the Open Badges 3.0 credential, signed
//! `eddsa-rdfc-2022` as ever (`ldp_vc`), with the proven key's DID as its subject, or the same
//! micro-credential as an SD-JWT VC (`dc+sd-jwt`, see [`sd_jwt`] for the profile) bound to the
//! proven key — each format once per offer.
//! The register is its own authorization server.

mod authorize;
pub use authorize::{AuthorizationRequest, authorization_request};
mod credential;
mod exchange;
pub mod proof;
pub mod sd_jwt;

use serde::Serialize;
use serde_json::{Value, json};
use store::{Store, VciOffer, VciToken};
use time::{Duration, OffsetDateTime};

use crate::App;
use crate::auth::LearnerRight;
use crate::error::{AppError, AppResult};

/// The Open Badges 3.0 micro-credential as `ldp_vc`.
pub const LDP_VC_CONFIGURATION: &str = "MicroCredential_ldp_vc";
/// The same micro-credential as an SD-JWT VC (`dc+sd-jwt`).
pub const SD_JWT_CONFIGURATION: &str = "MicroCredential_dc_sd_jwt";
/// How long a pre-authorized code lives.
const OFFER_LIFETIME: Duration = Duration::minutes(10);
/// How long an access token lives.
const TOKEN_LIFETIME: Duration = Duration::minutes(5);
/// How long a nonce lives.
const NONCE_LIFETIME: Duration = Duration::minutes(5);
/// Wrong transaction codes before the offer is used up.
const TX_CODE_ATTEMPTS: u32 = 5;
const PRE_AUTHORIZED_GRANT: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

/// An error as OpenID4VCI and OAuth 2.0 name it: HTTP status, `error`, `error_description`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VciError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

fn refuse(status: u16, error: &'static str, description: impl Into<String>) -> VciError {
    VciError {
        status,
        error,
        description: description.into(),
    }
}

impl From<AppError> for VciError {
    fn from(error: AppError) -> VciError {
        refuse(500, "server_error", error.to_string())
    }
}

/// A form's or query's parameter given at most once (OAuth: a parameter given twice is an
/// invalid request): its value, or the sentence saying it was given twice.
pub(crate) fn single_field<'f>(
    form: &'f [(String, String)],
    name: &str,
) -> Result<Option<&'f str>, String> {
    let mut values = form.iter().filter(|(key, _)| key == name);
    match (values.next(), values.next()) {
        (Some((_, value)), None) => Ok(Some(value.as_str())),
        (None, _) => Ok(None),
        (Some(_), Some(_)) => Err(format!("`{name}` is given twice")),
    }
}

/// A new offer, for the learner's page: the link and QR content, and the transaction code to
/// type into the wallet (shown once).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct OfferCreated {
    pub offer_uri: String,
    /// `openid-credential-offer://?credential_offer_uri=…`: what the QR code carries.
    pub deep_link: String,
    pub tx_code: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub expires_at: OffsetDateTime,
    /// The deep link as a QR code (SVG), for the page.
    #[serde(skip)]
    pub qr_svg: String,
    /// The VC-API interaction URL (Learner Credential Wallet), for an offer without a
    /// transaction code.
    pub interaction_url: Option<String>,
    #[serde(skip)]
    pub interaction_qr_svg: Option<String>,
}

impl<S: Store> App<S> {
    /// The credential issuer identifier: the register's public URL.
    pub fn vci_issuer(&self) -> String {
        self.issuing().register_url.trim_end_matches('/').to_owned()
    }

    /// `/.well-known/openid-credential-issuer`.
    pub fn vci_issuer_metadata(&self) -> Value {
        let issuer = self.vci_issuer();
        let logo = json!({"uri": format!("{issuer}/static/favicon.svg"), "alt_text": "microcred"});
        json!({
            "credential_issuer": issuer,
            "notification_endpoint": format!("{issuer}/oid4vci/notification"),
            "authorization_servers": [issuer],
            "credential_endpoint": format!("{issuer}/oid4vci/credential"),
            "nonce_endpoint": format!("{issuer}/oid4vci/nonce"),
            "display": [
                {"name": "Register van microcredentials", "locale": "nl", "logo": logo},
                {"name": "Micro-credentials register", "locale": "en", "logo": logo},
            ],
            "credential_configurations_supported": {
                LDP_VC_CONFIGURATION: {
                    "format": "ldp_vc",
                    "scope": LDP_VC_CONFIGURATION,
                    "cryptographic_binding_methods_supported": ["did:key", "did:jwk", "jwk"],
                    "credential_signing_alg_values_supported": ["eddsa-rdfc-2022"],
                    "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA", "ES256"]}},
                    "credential_definition": {
                        "@context": vc::ob3::CONTEXTS,
                        "type": ["VerifiableCredential", "OpenBadgeCredential"],
                    },
                    // OpenID4VCI 1.0 puts what wallets show under `credential_metadata`.
                    "credential_metadata": {"display": [
                        {"name": "Microcredential (Open Badges 3.0)", "locale": "nl", "logo": logo},
                        {"name": "Micro-credential (Open Badges 3.0)", "locale": "en", "logo": logo},
                    ]},
                },
                SD_JWT_CONFIGURATION: {
                    "format": "dc+sd-jwt",
                    "scope": SD_JWT_CONFIGURATION,
                    "vct": self.vct(),
                    "cryptographic_binding_methods_supported": ["jwk", "did:key", "did:jwk"],
                    "credential_signing_alg_values_supported": ["EdDSA"],
                    "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA", "ES256"]}},
                    "credential_metadata": {
                        "display": [
                            {"name": "Microcredential (SD-JWT VC)", "locale": "nl", "logo": logo},
                            {"name": "Micro-credential (SD-JWT VC)", "locale": "en", "logo": logo},
                        ],
                        "claims": [
                            {"path": ["credentialSubject", "name"], "display": [{"name": "Lerende", "locale": "nl"}, {"name": "Learner", "locale": "en"}]},
                            {"path": ["credentialSubject", "result"], "display": [{"name": "Resultaat", "locale": "nl"}, {"name": "Grade", "locale": "en"}]},
                            {"path": ["credentialSubject", "achievement", "name"], "display": [{"name": "Behaalde eenheid", "locale": "nl"}, {"name": "Achievement", "locale": "en"}]},
                        ],
                    },
                },
            },
        })
    }

    /// `/.well-known/oauth-authorization-server`: the register grants pre-authorized codes.
    pub fn vci_authorization_metadata(&self) -> Value {
        let issuer = self.vci_issuer();
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/oid4vci/authorize"),
            "token_endpoint": format!("{issuer}/oid4vci/token"),
            "grant_types_supported": [PRE_AUTHORIZED_GRANT, "authorization_code"],
            "pre-authorized_grant_anonymous_access_supported": true,
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "scopes_supported": [SD_JWT_CONFIGURATION, LDP_VC_CONFIGURATION],
            "authorization_details_types_supported": ["openid_credential"],
        })
    }

    /// The learner offers one of their credentials (issued here, not revoked) to a wallet;
    /// the transaction code, if asked for, is shown to them.
    pub async fn create_credential_offer(
        &self,
        learner: &LearnerRight,
        credential: &str,
        with_tx_code: bool,
    ) -> AppResult<OfferCreated> {
        let record = self.wallet_credential(learner, credential).await?;
        let actor = (learner.account().to_string(), String::new());
        self.make_offer(
            &record,
            Some(learner.account().clone()),
            actor,
            with_tx_code,
        )
        .await
    }

    /// One of the learner's credentials (issued here) by its id, `urn:uuid:…` or bare.
    pub(super) async fn wallet_credential(
        &self,
        learner: &LearnerRight,
        credential: &str,
    ) -> AppResult<model::CredentialRecord> {
        self.wallet_records(learner)
            .await?
            .into_iter()
            .flat_map(|record| record.credentials)
            .find(|record| record.id.urn() == credential || record.id.as_str() == credential)
            .ok_or_else(|| {
                AppError::NotFound(format!("a credential `{credential}` in your wallet"))
            })
    }

    /// An issuer offers one of its provider's credentials to the learner's wallet; the
    /// transaction code goes to the learner's address through the outbox, never to the issuer.
    pub async fn offer_credential_as_issuer(
        &self,
        right: &crate::auth::IssuerRight,
        credential: &model::CredentialId,
    ) -> AppResult<OfferCreated> {
        let record = self.stored_credential(credential).await?;
        if &record.provider_id != right.provider() {
            return Err(AppError::NotFound(format!(
                "credential {}",
                credential.urn()
            )));
        }
        let enrolment = self.store.get_enrolment(&record.enrolment_id).await?;
        let address = enrolment
            .learner
            .email
            .as_deref()
            .and_then(|email| model::EmailAddress::parse(email).ok())
            .ok_or_else(|| {
                AppError::InvalidState(
                    "the learner has no e-mail address on record, so the transaction code cannot reach them; the learner can send the credential from their wallet".to_owned(),
                )
            })?;
        let mut offer = self
            .make_offer(&record, None, right.actor().clone(), true)
            .await?;
        let code = offer.tx_code.take().unwrap_or_default();
        let message = self.message(
            &address,
            "Code voor je wallet / Code for your wallet",
            &format!(
                "Je aanbieder stuurt je microcredential naar je wallet. Typ deze code in de app als die erom vraagt: {code}\n\nYour provider is sending your micro-credential to your wallet. Type this code into the app when it asks: {code}\n\n(10 min)"
            ),
        );
        self.store.queue_message(&message).await?;
        Ok(offer)
    }

    async fn make_offer(
        &self,
        record: &model::CredentialRecord,
        account: Option<model::AccountId>,
        actor: (String, String),
        with_tx_code: bool,
    ) -> AppResult<OfferCreated> {
        if record.state != model::CredentialState::Active {
            return Err(AppError::InvalidState(format!(
                "credential {} is {}: only an active credential goes to a wallet",
                record.id.urn(),
                record.state
            )));
        }
        let id = format!("vo-{}", self.random_hex(12));
        let code = self.random_hex(32);
        let tx_code = with_tx_code.then(|| {
            self.random_hex(8)
                .bytes()
                .map(|b| char::from(b'0' + b % 10))
                .take(6)
                .collect::<String>()
        });
        let issuer = self.vci_issuer();
        let mut grant = json!({"pre-authorized_code": code});
        if tx_code.is_some() {
            grant["tx_code"] = json!({
                "input_mode": "numeric",
                "length": 6,
                "description": "The code the register showed or mailed you / de code die het register toonde of mailde",
            });
        }
        let document = json!({
            "credential_issuer": issuer,
            "credential_configuration_ids": [SD_JWT_CONFIGURATION, LDP_VC_CONFIGURATION],
            "grants": {PRE_AUTHORIZED_GRANT: grant},
        });
        let now = self.now();
        let offer = VciOffer {
            id: id.clone(),
            credential_id: record.id.clone(),
            account_id: account,
            code_hash: crate::secret_hash(&code),
            document: document.to_string(),
            tx_code_hash: tx_code.as_deref().map(crate::secret_hash),
            tx_attempts: 0,
            created_at: now,
            expires_at: now + OFFER_LIFETIME,
            used_at: None,
            authorization: None,
        };
        let audit = self.audit(
            actor,
            Some(&record.provider_id),
            "credential.offer",
            &record.id.urn(),
            &id,
        );
        self.store.insert_offer(&offer, &audit).await?;
        let offer_uri = format!("{issuer}/oid4vci/offers/{id}");
        let deep_link = format!(
            "openid-credential-offer://?credential_offer_uri={}",
            crate::form_encoded(&offer_uri)
        );
        let qr_svg = certificate::qr_svg(&deep_link)
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        let interaction_url = tx_code.is_none().then(|| self.interaction_url(&id));
        let interaction_qr_svg = interaction_url
            .as_deref()
            .map(certificate::qr_svg)
            .transpose()
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        Ok(OfferCreated {
            deep_link,
            qr_svg,
            interaction_url,
            interaction_qr_svg,
            offer_uri,
            tx_code,
            expires_at: offer.expires_at,
        })
    }

    /// The offer document a wallet fetches by reference, while the offer is live.
    pub async fn credential_offer(&self, id: &str) -> AppResult<Value> {
        let offer = self
            .store
            .offer(id)
            .await?
            .filter(|offer| {
                offer.used_at.is_none()
                    && offer.expires_at > self.now()
                    && offer.authorization.is_none()
            })
            .ok_or_else(|| AppError::NotFound(format!("a live credential offer `{id}`")))?;
        serde_json::from_str(&offer.document)
            .map_err(|error| AppError::InvalidState(error.to_string()))
    }

    /// The token endpoint: a pre-authorized code (and its transaction code) for an access token.
    pub async fn vci_token(&self, form: &[(String, String)]) -> Result<Value, VciError> {
        let field = |name: &str| {
            single_field(form, name).map_err(|reason| refuse(400, "invalid_request", reason))
        };
        match field("grant_type")? {
            Some(PRE_AUTHORIZED_GRANT) => {}
            Some("authorization_code") => {
                let code = field("code")?
                    .ok_or_else(|| refuse(400, "invalid_request", "`code` is missing"))?;
                let proof = authorize::CodeProof {
                    code,
                    verifier: field("code_verifier")?,
                    redirect_uri: field("redirect_uri")?,
                    client_id: field("client_id")?,
                };
                let offer = self.authorized_offer(&proof).await?;
                return self.grant_token(&offer).await;
            }
            Some(other) => {
                return Err(refuse(
                    400,
                    "unsupported_grant_type",
                    format!(
                        "`{other}` is not granted here; use {PRE_AUTHORIZED_GRANT} or authorization_code"
                    ),
                ));
            }
            None => return Err(refuse(400, "invalid_request", "`grant_type` is missing")),
        }
        let code = field("pre-authorized_code")?
            .ok_or_else(|| refuse(400, "invalid_request", "`pre-authorized_code` is missing"))?;
        let now = self.now();
        let offer = self
            .store
            .offer_by_code(&crate::secret_hash(code))
            .await
            .map_err(AppError::from)?
            .filter(|offer| {
                offer.used_at.is_none() && offer.expires_at > now && offer.authorization.is_none()
            })
            .ok_or_else(|| {
                refuse(
                    400,
                    "invalid_grant",
                    "the pre-authorized code is unknown, used or expired",
                )
            })?;
        if let Some(expected) = &offer.tx_code_hash {
            let given = field("tx_code")?.ok_or_else(|| {
                refuse(
                    400,
                    "invalid_request",
                    "this offer needs its transaction code (`tx_code`)",
                )
            })?;
            if &crate::secret_hash(given) != expected {
                let attempts = self
                    .store
                    .fail_tx_code(&offer.id, TX_CODE_ATTEMPTS, now)
                    .await
                    .map_err(AppError::from)?;
                let left = TX_CODE_ATTEMPTS.saturating_sub(attempts);
                return Err(refuse(
                    400,
                    "invalid_grant",
                    format!("the transaction code is wrong; {left} attempt(s) left"),
                ));
            }
        }
        self.grant_token(&offer).await
    }

    /// Redeems an offer (once) for an access token.
    async fn grant_token(&self, offer: &VciOffer) -> Result<Value, VciError> {
        let now = self.now();
        let token = self.random_hex(32);
        let record = VciToken {
            token_hash: crate::secret_hash(&token),
            offer_id: offer.id.clone(),
            credential_id: offer.credential_id.clone(),
            expires_at: now + TOKEN_LIFETIME,
        };
        self.store
            .redeem_offer(&offer.id, now, &record)
            .await
            .map_err(|error| match error {
                store::StoreError::Conflict(message) => refuse(400, "invalid_grant", message),
                other => AppError::from(other).into(),
            })?;
        Ok(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME.whole_seconds(),
        }))
    }

    /// The nonce endpoint: a fresh single-use nonce for a proof.
    pub async fn vci_nonce(&self) -> AppResult<Value> {
        let nonce = self.random_hex(24);
        self.store
            .insert_nonce(&crate::secret_hash(&nonce), self.now() + NONCE_LIFETIME)
            .await?;
        Ok(json!({"c_nonce": nonce}))
    }
}
