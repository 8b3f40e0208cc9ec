//! The credential endpoint of OpenID4VCI: the access token's credential, re-signed with the
//! proven key's DID as its subject (`ldp_vc`) or bound to the proven key by `cnf` (SD-JWT VC);
//! and the notification endpoint, where a wallet says what became of it.

use serde_json::{Value, json};
use store::Store;

use super::{LDP_VC_CONFIGURATION, SD_JWT_CONFIGURATION, VciError, proof, refuse};
use crate::App;
use crate::error::{AppError, AppResult};

impl<S: Store> App<S> {
    /// The credential endpoint: the access token's credential, bound to the proven key.
    pub async fn vci_credential(
        &self,
        bearer: Option<&str>,
        request: &Value,
    ) -> Result<Value, VciError> {
        let now = self.now();
        let token = bearer.ok_or_else(|| {
            refuse(
                401,
                "invalid_token",
                "no access token (Authorization: Bearer …)",
            )
        })?;
        let token = self
            .store
            .access_token(&crate::secret_hash(token))
            .await
            .map_err(AppError::from)?
            .filter(|token| token.expires_at > now)
            .ok_or_else(|| {
                refuse(
                    401,
                    "invalid_token",
                    "the access token is unknown or expired",
                )
            })?;
        let object = request.as_object().ok_or_else(|| {
            refuse(
                400,
                "invalid_credential_request",
                "the request is not a JSON object",
            )
        })?;
        let configuration = match object
            .get("credential_configuration_id")
            .and_then(Value::as_str)
        {
            Some(id @ (LDP_VC_CONFIGURATION | SD_JWT_CONFIGURATION)) => id,
            Some(other) => {
                return Err(refuse(
                    400,
                    "unknown_credential_configuration",
                    format!(
                        "`{other}` is not offered; {LDP_VC_CONFIGURATION} and {SD_JWT_CONFIGURATION} are"
                    ),
                ));
            }
            None => {
                return Err(refuse(
                    400,
                    "invalid_credential_request",
                    "`credential_configuration_id` is missing",
                ));
            }
        };
        // OpenID4VCI 1.0 `proofs: {jwt: [..]}`; draft 13's `proof: {proof_type, jwt}` too.
        let jwts: Vec<&str> = match (object.get("proofs"), object.get("proof")) {
            (Some(proofs), None) => proofs
                .get("jwt")
                .and_then(Value::as_array)
                .map(|all| all.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
            (None, Some(proof))
                if proof.get("proof_type").and_then(Value::as_str) == Some("jwt") =>
            {
                proof
                    .get("jwt")
                    .and_then(Value::as_str)
                    .into_iter()
                    .collect()
            }
            _ => Vec::new(),
        };
        let [jwt] = jwts.as_slice() else {
            return Err(refuse(
                400,
                "invalid_proof",
                "give exactly one `jwt` proof of the key the credential is bound to",
            ));
        };
        let proven = proof::verify(jwt, &self.vci_issuer(), now.unix_timestamp())
            .map_err(|reason| refuse(400, "invalid_proof", reason))?;
        if !self
            .store
            .take_nonce(&crate::secret_hash(&proven.nonce), now)
            .await
            .map_err(AppError::from)?
        {
            return Err(refuse(
                400,
                "invalid_nonce",
                "the proof's nonce is unknown, used or expired: ask the nonce endpoint again",
            ));
        }
        // The token is spent for this format now, before signing: one delivery per offer and
        // format, even when requests race (the nonce was taken above, so a retry needs a new
        // nonce, and after a delivery a new offer).
        if !self
            .store
            .spend_access_token(&token.token_hash, configuration, now)
            .await
            .map_err(AppError::from)?
        {
            return Err(refuse(
                401,
                "invalid_token",
                format!("the access token has delivered {configuration} already or has expired"),
            ));
        }
        let record = self.stored_credential(&token.credential_id).await?;
        if record.state != model::CredentialState::Active {
            return Err(refuse(
                403,
                "credential_request_denied",
                format!("the credential is {}", record.state),
            ));
        }
        let credential = if configuration == SD_JWT_CONFIGURATION {
            Value::String(self.sd_jwt_vc(&record, &proven.jwk).await?)
        } else {
            self.bound_ldp_vc(&record, &proven.holder).await?
        };
        let audit = self.audit(
            ("wallet".to_owned(), proven.holder.clone()),
            Some(&record.provider_id),
            "credential.deliver",
            &record.id.urn(),
            &format!("{} {configuration}", token.offer_id),
        );
        self.store
            .append_audit(&audit)
            .await
            .map_err(AppError::from)?;
        Ok(json!({
            "credentials": [{"credential": credential}],
            "notification_id": token.offer_id,
        }))
    }

    /// The Open Badges 3.0 credential re-signed now with `holder` (a DID) as its subject.
    pub(super) async fn bound_ldp_vc(
        &self,
        record: &model::CredentialRecord,
        holder: &str,
    ) -> AppResult<Value> {
        let mut bundle = self.credential_bundle(record).await?;
        bundle.learner.did = Some(holder.to_owned());
        let provider = self.load_provider(&record.provider_id).await?;
        let signer = self.signer(&provider).await?;
        let mut document = vc::ob3::render_micro_credential(&bundle, &signer.did);
        vc::proof::add_proof(
            vc::contexts::processor(),
            &mut document,
            &signer.key,
            &vc::proof::SignOptions {
                verification_method: signer.verification_method.clone(),
                created: vc::ob3::timestamp(self.now()),
            },
        )?;
        Ok(document)
    }

    /// The notification endpoint: the wallet says it accepted, failed or deleted the
    /// credential; recorded in the audit log, answered 204.
    pub async fn vci_notification(
        &self,
        bearer: Option<&str>,
        request: &Value,
    ) -> Result<(), VciError> {
        let token = self
            .store
            .access_token(&crate::secret_hash(bearer.unwrap_or_default()))
            .await
            .map_err(AppError::from)?
            .ok_or_else(|| refuse(401, "invalid_token", "the access token is unknown"))?;
        let event = request.get("event").and_then(Value::as_str);
        let id = request.get("notification_id").and_then(Value::as_str);
        let (
            Some(event @ ("credential_accepted" | "credential_failure" | "credential_deleted")),
            Some(id),
        ) = (event, id)
        else {
            return Err(refuse(
                400,
                "invalid_notification_request",
                "give `notification_id` and `event` (credential_accepted, credential_failure or credential_deleted)",
            ));
        };
        if id != token.offer_id {
            return Err(refuse(
                400,
                "invalid_notification_id",
                "the notification id is not this token's",
            ));
        }
        let record = self.stored_credential(&token.credential_id).await?;
        let audit = self.audit(
            ("wallet".to_owned(), String::new()),
            Some(&record.provider_id),
            "credential.wallet_notification",
            &record.id.urn(),
            event,
        );
        self.store
            .append_audit(&audit)
            .await
            .map_err(AppError::from)?;
        Ok(())
    }
}
