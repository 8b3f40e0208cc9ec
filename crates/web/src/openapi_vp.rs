//! The OpenAPI paths of the wallet protocols beyond issuance (issue 13): OpenID4VCI's
//! notification endpoint, the SD-JWT VC type metadata, Token Status Lists, and OpenID4VP
//! presentation requests and responses.

use schemars::SchemaGenerator;
use serde_json::{Value, json};

use crate::openapi::{id_parameter, operation};

pub(crate) fn with_vp_paths(mut paths: Value, generator: &mut SchemaGenerator) -> Value {
    let query = generator.subschema_for::<app::vp::VpQuery>().to_value();
    let created = generator
        .subschema_for::<app::vp::VpRequestCreated>()
        .to_value();
    let view = generator
        .subschema_for::<app::vp::VpRequestView>()
        .to_value();
    let object = json!({"type": "object"});
    let text = json!({"type": "string"});
    let added = json!({
        "/health": {"get": operation("The process answers (liveness)", "operations", ("200", "{status: alive}", object.clone()), vec![], false, None)},
        "/ready": {"get": operation("The register can serve: its database answers and has every migration this program knows (readiness, for a load balancer)", "operations", ("200", "{ready, schema_version, expected_schema_version}", object.clone()), vec![("503", "Not ready, with the problem")], false, None)},
        "/metrics": {"get": operation("Prometheus metrics (text format 0.0.4): HTTP answers by route template, method and status; latency histograms; credentials issued and verifications by this process; unfinished import jobs; the database pool; the schema version. Behind `Authorization: Bearer` when `serve --metrics-token` is set", "operations", ("200", "The metrics", text.clone()), vec![("401", "The metrics token is missing or wrong")], false, None)},
        "/oid4vci/notification": {"post": operation("OpenID4VCI notification endpoint (Authorization: Bearer the access token): `{notification_id, event}` with event credential_accepted, credential_failure or credential_deleted; recorded in the audit log", "oid4vci", ("204", "Noted", json!({})), vec![("400", "invalid_notification_request, invalid_notification_id"), ("401", "invalid_token")], false, Some(("notification_id and event", object.clone())))},
        "/vct/micro-credential": {"get": operation("SD-JWT VC type metadata of the micro-credential (`vct`): names and claim labels in nl and en, which claims are selectively disclosable", "oid4vci", ("200", "Type metadata", object.clone()), vec![], false, None)},
        "/status/tokens/{provider}/{list}": {"parameters": [id_parameter("provider", "Provider id"), id_parameter("list", "List number")], "get": operation("A Token Status List (`application/statuslist+jwt`, IETF draft-ietf-oauth-status-list) of the provider's SD-JWT VCs, signed by its key: 2 bits per credential, 0 valid, 1 revoked, 2 suspended; the same indexes as its Bitstring Status Lists", "verification", ("200", "The status list token (a JWT)", text), vec![("404", "No such list")], false, None)},
        "/api/v1/presentation-requests": {"post": operation("Ask a wallet for a micro-credential (OpenID4VP 1.0; anyone may): of a provider, an offering, an EQF level, with the learner's name and grade asked for or not. The answer holds the `openid4vp://` link for the QR code (request by value, client id prefix `redirect_uri:`, response mode direct_post, a DCQL query for either dc+sd-jwt or ldp_vc) and the `view` key of the result (shown once; 15 minutes to answer)", "verification", ("201", "The request", created), vec![("404", "No such provider or offering"), ("422", "An EQF level outside 1–8, an offering of another provider, a purpose over 200 characters")], false, Some(("What is asked for", query)))},
        "/api/v1/presentation-requests/{view}": {"parameters": [id_parameter("view", "The view key the request was answered with")], "get": operation("The request and, once a wallet answered, its result: every check (holder binding, nonce, audience, the credential's own checks, what was asked for) and what the credential says as disclosed. Status pending, verified, failed (answered, not verified; still open) or expired", "verification", ("200", "The request", view), vec![("404", "No request with this key")], false, None)},
        "/interactions/{id}": {"parameters": [id_parameter("id", "Offer id")], "get": operation("VC-API interaction URL (`?iuv=1`), as the Learner Credential Wallet reads it: the protocols this offer can be picked up with — `vcapi` (the exchange) and `OID4VCI` (the offer). Offers protected by a transaction code have none", "oid4vci", ("200", "{protocols}", object.clone()), vec![("404", "No live offer without a transaction code")], false, None)},
        "/exchanges/{id}": {"parameters": [id_parameter("id", "Offer id")], "post": operation("VC-API exchange: `{}` answers a DIDAuthentication `verifiablePresentationRequest` (a single-use challenge, the register as domain); `{verifiablePresentation}` signed by the wallet's DID (eddsa-rdfc-2022) answers `{verifiablePresentation}` with the Open Badges 3.0 credential re-signed with that DID as subject. Once per offer", "oid4vci", ("200", "The request, then the credential", object.clone()), vec![("404", "No live offer without a transaction code"), ("409", "The DID authentication does not verify, or its challenge is unknown, used or expired")], false, Some(("{} or {verifiablePresentation}", object.clone())))},
        "/oid4vp/responses/{id}": {"parameters": [id_parameter("id", "Request id (in the response URI)")], "post": operation("OpenID4VP direct_post response (form-encoded `vp_token`, `state`): `vp_token` answers one credential query with one presentation — an SD-JWT VC with a key-binding JWT (aud = the client id, this request's nonce, sd_hash) or a Verifiable Presentation signed by the holder (challenge = nonce, domain = client id). A verified answer closes the request; a replay is refused", "verification", ("200", "Verified: {}", object), vec![("400", "invalid_request with the reason: unknown, expired or answered request, state mismatch, a presentation that does not verify")], false, None)},
    });
    if let (Some(paths), Some(added)) = (paths.as_object_mut(), added.as_object()) {
        paths.extend(added.clone());
    }
    paths
}
