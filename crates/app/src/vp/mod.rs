//! Asking a wallet for a micro-credential: OpenID for Verifiable Presentations 1.0 (issue 13).
//!
//! A verifier — a receiving organisation, an employer, anyone — states what it asks for (a
//! micro-credential of any provider, or of one provider, one offering, one EQF level; the
//! learner's name and grade if it needs them) and gets an `openid4vp://` link and its QR code.
//! The request goes by value and unsigned, with the client identifier prefix `redirect_uri:`
//! (the register holds no X.509 certificate for signed requests), response mode `direct_post`
//! to the register, and a DCQL query for either format: SD-JWT VC (`dc+sd-jwt`, the EU
//! wallets') or the Open Badges 3.0 credential (`ldp_vc`).
//!
//! The wallet's answer is checked in order: the request is live and not answered, `state`
//! matches; then the holder binding — the key-binding JWT (SD-JWT) or the presentation's
//! `authentication` proof (ldp_vc) — with this request's nonce and the client identifier as
//! audience/domain; then every check of the credential (issuer's signature, status, validity,
//! trust list); then what was asked for. Only a verified answer closes the request (a replay
//! of it is refused); a failed one is shown to the verifier and the request stays open for
//! another try until it expires. The verifier sees the result on a page whose address only it
//! holds (`view` key, hashed at rest); results go one day after the request expired.

mod answer;
mod sd_jwt;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use store::{Store, VpRequest};
use time::{Duration, OffsetDateTime};

use crate::App;
use crate::error::{AppError, AppResult};

/// How long a presentation request waits for a wallet.
const REQUEST_LIFETIME: Duration = Duration::minutes(15);
/// How long a request and its result are kept after it expired.
const RESULT_KEPT: Duration = Duration::days(1);
/// DCQL credential query ids.
pub const SD_JWT_QUERY: &str = "micro_credential_sd_jwt";
pub const LDP_VC_QUERY: &str = "micro_credential_ldp_vc";

/// What a verifier asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VpQuery {
    /// Only micro-credentials of this provider.
    #[serde(default)]
    pub provider: Option<model::ProviderId>,
    /// Only micro-credentials of this offering.
    #[serde(default)]
    pub offering: Option<model::OfferingId>,
    /// Only micro-credentials of this EQF level (1–8).
    #[serde(default)]
    pub eqf_level: Option<u8>,
    /// Ask the wallet to disclose the learner's name (SD-JWT VC; an `ldp_vc` always shows it).
    #[serde(default)]
    pub ask_name: bool,
    /// Ask the wallet to disclose the grade.
    #[serde(default)]
    pub ask_grade: bool,
    /// Why the verifier asks (shown to nobody but the verifier; at most 200 characters).
    #[serde(default)]
    pub purpose: Option<String>,
}

/// A new request: the link for the wallet (and its QR code), and the verifier's page key.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct VpRequestCreated {
    pub id: String,
    /// The key of the verifier's result page (`/verifier/requests/{view}`); shown once.
    pub view: String,
    /// `openid4vp://?…`: what the QR code carries.
    pub link: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub expires_at: OffsetDateTime,
    #[serde(skip)]
    pub qr_svg: String,
}

/// A request as its verifier sees it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct VpRequestView {
    pub id: String,
    pub query: VpQuery,
    /// `pending`, `verified`, `failed` (a wallet answered, it did not verify; still open) or
    /// `expired`.
    pub status: String,
    pub link: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub expires_at: OffsetDateTime,
    pub result: Option<VpResult>,
    #[serde(skip)]
    pub qr_svg: String,
}

/// The verification of a wallet's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VpResult {
    pub verified: bool,
    /// `dc+sd-jwt` or `ldp_vc`; empty when the answer could not be read.
    pub format: String,
    #[schemars(with = "Vec<Value>")]
    pub checks: Vec<vc::report::Check>,
    /// What the presented credential says (as disclosed), label and value.
    pub claims: Vec<(String, String)>,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub answered_at: OffsetDateTime,
}

/// The stored form: the query plus the client identifier it was asked under.
#[derive(Serialize, Deserialize)]
struct StoredQuery {
    query: VpQuery,
    client_id: String,
    link: String,
}

impl<S: Store> App<S> {
    /// The response URI of a request (the wallet posts its answer there).
    pub fn vp_response_uri(&self, id: &str) -> String {
        format!("{}/oid4vp/responses/{id}", self.vci_issuer())
    }

    async fn check_query(&self, query: &mut VpQuery) -> AppResult<()> {
        if let Some(level) = query.eqf_level
            && !(1..=8).contains(&level)
        {
            return Err(model::ValidationErrors::single(
                "eqf_level",
                model::ViolationCode::InvalidValue,
                format!("EQF level {level} does not exist; levels are 1 to 8"),
            )
            .into());
        }
        query.purpose = query
            .purpose
            .take()
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty());
        if query
            .purpose
            .as_ref()
            .is_some_and(|text| text.chars().count() > 200)
        {
            return Err(model::ValidationErrors::single(
                "purpose",
                model::ViolationCode::InvalidValue,
                "the purpose is longer than 200 characters",
            )
            .into());
        }
        if let Some(provider) = &query.provider {
            self.load_provider(provider).await?;
        }
        if let Some(offering) = &query.offering {
            let found = self.store.get_offering(offering).await.map_err(|error| {
                AppError::from_store(error, || format!("offering `{offering}`"))
            })?;
            if let Some(provider) = &query.provider
                && &found.provider_id != provider
            {
                return Err(model::ValidationErrors::single(
                    "offering",
                    model::ViolationCode::InvalidValue,
                    format!("offering `{offering}` is not one of provider `{provider}`"),
                )
                .into());
            }
        }
        Ok(())
    }

    /// The DCQL query of a request: either format, with the asked-for claims disclosed.
    fn dcql(&self, query: &VpQuery) -> Value {
        let mut claims = vec![
            json!({"path": ["name"]}),
            json!({"path": ["issuer"]}),
            json!({"path": ["credentialSubject", "achievement"]}),
        ];
        if query.ask_name {
            claims.push(json!({"path": ["credentialSubject", "name"]}));
        }
        if query.ask_grade {
            claims.push(json!({"path": ["credentialSubject", "result"]}));
        }
        if let Some(level) = query.eqf_level {
            claims.push(json!({
                "path": ["credentialSubject", "achievement", "eqfLevel"],
                "values": [model::vocab::eqf_iri(level)],
            }));
        }
        json!({
            "credentials": [
                {"id": SD_JWT_QUERY, "format": "dc+sd-jwt",
                 "meta": {"vct_values": [self.vct()]}, "claims": claims},
                {"id": LDP_VC_QUERY, "format": "ldp_vc",
                 "meta": {"type_values": [["VerifiableCredential", "OpenBadgeCredential"]]}},
            ],
            "credential_sets": [{"options": [[SD_JWT_QUERY], [LDP_VC_QUERY]]}],
        })
    }

    /// Makes a presentation request. Anyone may: verification is public, and the request's
    /// result is seen only by whoever holds its `view` key.
    pub async fn create_vp_request(&self, mut query: VpQuery) -> AppResult<VpRequestCreated> {
        self.check_query(&mut query).await?;
        let id = format!("vp-{}", self.random_hex(16));
        let view = self.random_hex(24);
        let nonce = self.random_hex(24);
        let state = self.random_hex(16);
        let response_uri = self.vp_response_uri(&id);
        let client_id = format!("redirect_uri:{response_uri}");
        let client_metadata = json!({
            "client_name": "microcred",
            "vp_formats_supported": {
                "dc+sd-jwt": {"sd-jwt_alg_values": ["EdDSA", "ES256"], "kb-jwt_alg_values": ["EdDSA", "ES256"]},
                "ldp_vc": {"proof_type_values": ["DataIntegrityProof"], "cryptosuite_values": ["eddsa-rdfc-2022"]},
            },
        });
        let parameters = [
            ("client_id", client_id.clone()),
            ("response_type", "vp_token".to_owned()),
            ("response_mode", "direct_post".to_owned()),
            ("response_uri", response_uri),
            ("nonce", nonce.clone()),
            ("state", state.clone()),
            ("dcql_query", self.dcql(&query).to_string()),
            ("client_metadata", client_metadata.to_string()),
        ];
        let link = format!(
            "openid4vp://?{}",
            parameters
                .iter()
                .map(|(name, value)| format!("{name}={}", crate::form_encoded(value)))
                .collect::<Vec<_>>()
                .join("&")
        );
        let now = self.now();
        let stored = StoredQuery {
            query,
            client_id,
            link: link.clone(),
        };
        let request = VpRequest {
            id: id.clone(),
            view_hash: crate::secret_hash(&view),
            nonce,
            state,
            query: serde_json::to_string(&stored).map_err(|error| {
                AppError::InvalidState(format!("the request does not serialize: {error}"))
            })?,
            created_at: now,
            expires_at: now + REQUEST_LIFETIME,
            responded_at: None,
            result: None,
        };
        self.store
            .insert_vp_request(&request, now - RESULT_KEPT)
            .await?;
        let qr_svg = certificate::qr_svg(&link)
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        Ok(VpRequestCreated {
            id,
            view,
            link,
            expires_at: request.expires_at,
            qr_svg,
        })
    }

    /// The verifier's view of its request, by the `view` key.
    pub async fn vp_request_view(&self, view: &str) -> AppResult<VpRequestView> {
        let request = self
            .store
            .vp_request_by_view(&crate::secret_hash(view))
            .await?
            .ok_or_else(|| AppError::NotFound("a presentation request with this key".to_owned()))?;
        let stored: StoredQuery = serde_json::from_str(&request.query)
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        let result: Option<VpResult> = request
            .result
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        let status = match (&request.responded_at, &result) {
            (Some(_), _) => "verified",
            (None, _) if request.expires_at <= self.now() => "expired",
            (None, Some(_)) => "failed",
            (None, None) => "pending",
        };
        let qr_svg = certificate::qr_svg(&stored.link)
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        Ok(VpRequestView {
            id: request.id,
            query: stored.query,
            status: status.to_owned(),
            link: stored.link,
            expires_at: request.expires_at,
            result,
            qr_svg,
        })
    }
}
