//! The SD-JWT VC (`dc+sd-jwt`) form of a micro-credential, and its Token Status List.
//!
//! Profile: the Decentralized Identity Interop Profile (DIIP v4) — SD-JWT VC as the format the
//! EU Digital Identity Wallets read, issued over OpenID4VCI 1.0 with the pre-authorized code
//! flow, holders bound by `cnf.jwk` to a `did:key`/`did:jwk`/`jwk` key proven with a `jwt`
//! proof, status in an IETF Token Status List, issuers named by a DID whose `kid` resolves in
//! its DID document (`did:web` here). One departure, said plainly: DIIP and HAIP ask issuers to
//! sign ES256; the register signs EdDSA (Ed25519) with the provider's one key, the key of its
//! `did:web` document and of its Data Integrity proofs, so a provider has one key to guard and
//! rotate. Holders may prove ES256 or EdDSA keys.
//!
//! The claims are those of the Open Badges 3.0 credential (the same names, so the Annex I
//! mapping holds for both forms) without JSON-LD: the achievement, issuer, dates and credits in
//! clear; the learner's name, e-mail address and student number and the grade each a
//! selectively disclosable claim of `credentialSubject`, so a learner can show the
//! micro-credential without their grade or address.

use serde_json::{Map, Value, json};
use store::Store;

use crate::App;
use crate::error::{AppError, AppResult};

/// The claims of `credentialSubject` a holder chooses to disclose.
pub const DISCLOSABLE: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "email",
    "student_number",
    "result",
];

impl<S: Store> App<S> {
    /// The SD-JWT VC type (`vct`) of a micro-credential, where its type metadata is served.
    pub fn vct(&self) -> String {
        format!("{}/vct/micro-credential", self.vci_issuer())
    }

    /// The URL of a provider's Token Status List `list`.
    pub fn token_status_list_url(&self, provider: &model::ProviderId, list: u32) -> String {
        format!("{}/status/tokens/{provider}/{list}", self.vci_issuer())
    }

    /// The SD-JWT VC type metadata served at the `vct` URL.
    pub fn vct_metadata(&self) -> Value {
        let claim = |path: Value, sd: &str, en: &str, nl: &str| {
            json!({"path": path, "sd": sd, "display": [
                {"locale": "en", "label": en}, {"locale": "nl", "label": nl}]})
        };
        json!({
            "vct": self.vct(),
            "name": "Micro-credential",
            "description": "A micro-credential under the EU Council Recommendation of 16 June 2022 (Annex I elements), issued by a provider of this register; the same content as its Open Badges 3.0 form.",
            "display": [
                {"locale": "en", "name": "Micro-credential", "description": "A micro-credential and the learning it attests"},
                {"locale": "nl", "name": "Microcredential", "description": "Een microcredential en het leren dat het bevestigt"},
            ],
            "claims": [
                claim(json!(["name"]), "never", "Title", "Titel"),
                claim(json!(["issuer", "name"]), "never", "Provider", "Aanbieder"),
                claim(json!(["credentialSubject", "achievement", "name"]), "never", "Achievement", "Behaalde eenheid"),
                claim(json!(["credentialSubject", "creditsEarned"]), "never", "ECTS credits", "ECTS-studiepunten"),
                claim(json!(["credentialSubject", "name"]), "always", "Learner", "Lerende"),
                claim(json!(["credentialSubject", "given_name"]), "always", "Given names", "Voornamen"),
                claim(json!(["credentialSubject", "family_name"]), "always", "Family names", "Familienaam"),
                claim(json!(["credentialSubject", "email"]), "always", "E-mail address", "E-mailadres"),
                claim(json!(["credentialSubject", "student_number"]), "always", "Student number", "Studentennummer"),
                claim(json!(["credentialSubject", "result"]), "always", "Grade", "Resultaat"),
            ],
        })
    }

    /// The credential as an SD-JWT VC bound to `holder_jwk`, signed now by its provider.
    pub(crate) async fn sd_jwt_vc(
        &self,
        record: &model::CredentialRecord,
        holder_jwk: &Value,
    ) -> AppResult<String> {
        let bundle = self.credential_bundle(record).await?;
        let provider = self.load_provider(&record.provider_id).await?;
        let signer = self.signer(&provider).await?;
        let document = vc::ob3::render_micro_credential(&bundle, &signer.did);
        let now = self.now();
        let mut payload = Map::new();
        payload.insert("iss".into(), json!(signer.did));
        payload.insert("iat".into(), json!(now.unix_timestamp()));
        let valid_from = bundle.valid_from.unwrap_or(bundle.issued_at);
        payload.insert("nbf".into(), json!(valid_from.unix_timestamp()));
        if let Some(until) = bundle.valid_until {
            payload.insert("exp".into(), json!(until.unix_timestamp()));
        }
        payload.insert("vct".into(), json!(self.vct()));
        payload.insert("cnf".into(), json!({"jwk": holder_jwk}));
        payload.insert(
            "status".into(),
            json!({"status_list": {
                "idx": record.status_slot.index,
                "uri": self.token_status_list_url(&record.provider_id, record.status_slot.list),
            }}),
        );
        for name in ["id", "name", "issuer", "awardedDate", "evidence"] {
            if let Some(value) = document.get(name) {
                payload.insert(name.into(), value.clone());
            }
        }
        let mut subject = document
            .get("credentialSubject")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        // No holder DID (bound by `cnf`), no JSON-LD type, and the learner in plain claims
        // rather than OB3's (partly hashed) identity objects: each becomes a disclosure.
        for name in ["id", "type", "identifier"] {
            subject.remove(name);
        }
        let learner = &bundle.learner;
        subject.insert("name".into(), json!(learner.name.display()));
        if let model::LearnerName::Parts {
            given_names,
            family_names,
        } = &learner.name
        {
            subject.insert("given_name".into(), json!(given_names));
            subject.insert("family_name".into(), json!(family_names));
        }
        if let Some(email) = &learner.email {
            subject.insert("email".into(), json!(email));
        }
        if let Some(number) = &learner.student_number {
            subject.insert("student_number".into(), json!(number));
        }
        let mut salt = || self.random_hex(16);
        let disclosures = vc::sd_jwt::conceal(&mut subject, DISCLOSABLE, &mut salt);
        payload.insert("credentialSubject".into(), Value::Object(subject));
        payload.insert("_sd_alg".into(), json!(vc::sd_jwt::SD_ALG));
        let header = json!({"typ": "dc+sd-jwt", "kid": signer.verification_method});
        let jwt = vc::sd_jwt::sign_jws(&header, &Value::Object(payload), &signer.key);
        Ok(vc::sd_jwt::join(&jwt, &disclosures))
    }

    /// A provider's Token Status List `list` as a signed `statuslist+jwt`: 2 bits per
    /// credential slot — 0 valid, 1 revoked, 2 suspended. Anyone may fetch it.
    pub async fn token_status_list(
        &self,
        provider: &model::ProviderId,
        list: u32,
    ) -> AppResult<String> {
        use model::learning::STATUS_LIST_SIZE;
        use vc::token_status_list::{INVALID, SUSPENDED, TYP, TokenStatusList};
        let not_found = || format!("token status list {provider}/{list}");
        let mut statuses = TokenStatusList::new(2, STATUS_LIST_SIZE as usize)?;
        for (state, status) in [
            (model::CredentialState::Revoked, INVALID),
            (model::CredentialState::Suspended, SUSPENDED),
        ] {
            let (_, indexes) = self
                .store
                .status_list_bits(provider, list, state)
                .await
                .map_err(|error| AppError::from_store(error, not_found))?;
            for index in indexes {
                statuses.set(index as usize, status)?;
            }
        }
        let record = self.load_provider(provider).await?;
        let signer = self.signer(&record).await?;
        let now = self.now().unix_timestamp();
        let header = json!({"typ": TYP, "kid": signer.verification_method});
        let payload = json!({
            "iss": signer.did,
            "sub": self.token_status_list_url(provider, list),
            "iat": now,
            "exp": now + 86_400,
            "ttl": 300,
            "status_list": statuses.to_claim()?,
        });
        Ok(vc::sd_jwt::sign_jws(&header, &payload, &signer.key))
    }
}
