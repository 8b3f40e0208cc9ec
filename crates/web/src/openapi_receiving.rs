//! The OpenAPI paths of the receiving side (issue 12): stacked credentials asked for and
//! awarded, recognition decisions and learners' requests for recognition.

use schemars::SchemaGenerator;
use serde_json::{Value, json};

use crate::openapi::{id_parameter, operation};

pub(crate) fn with_receiving_paths(mut paths: Value, generator: &mut SchemaGenerator) -> Value {
    let award = generator
        .subschema_for::<app::pathways::AwardState>()
        .to_value();
    let award_requests = generator
        .subschema_for::<crate::api::pathways::AwardRequestsResponse>()
        .to_value();
    let credential = generator
        .subschema_for::<model::CredentialRecord>()
        .to_value();
    let decision = generator
        .subschema_for::<app::recognition::DecisionView>()
        .to_value();
    let decisions = generator
        .subschema_for::<crate::api::recognition::DecisionsResponse>()
        .to_value();
    let decision_form = generator
        .subschema_for::<crate::api::recognition::DecisionForm>()
        .to_value();
    let request = generator
        .subschema_for::<app::recognition::RequestView>()
        .to_value();
    let requests = generator
        .subschema_for::<crate::api::recognition::RequestsResponse>()
        .to_value();
    let request_form = generator
        .subschema_for::<crate::api::recognition::RequestForm>()
        .to_value();
    let request_detail = generator
        .subschema_for::<app::recognition::RequestDetail>()
        .to_value();
    let empty = json!({});
    let offer_created = generator
        .subschema_for::<app::vci::OfferCreated>()
        .to_value();
    let offer_request = generator
        .subschema_for::<crate::api::vci::OfferRequest>()
        .to_value();
    let object = json!({"type": "object"});
    let vci_errors = |extra: Vec<(&'static str, &'static str)>| extra;
    let pathway = id_parameter("id", "Pathway id");
    let provider = id_parameter("id", "Receiving organisation id (slug)");
    let added = json!({
        "/api/v1/me/pathways/{id}/award": {"parameters": [pathway.clone()], "post": operation("The learner asks for a completed pathway's stacked credential: awarded at once when the pathway is automatic, otherwise recorded for the owner to award", "pathways", ("201", "Where the award stands", award), vec![("404", "No such pathway"), ("409", "Asked for or awarded already; the credentials do not complete the pathway (what is missing is said); the pathway was withdrawn")], true, None)},
        "/api/v1/pathways/{id}/awards": {"parameters": [pathway.clone()], "get": operation("The learners who asked for the pathway's stacked credential, each with whether their credentials complete it today (the owner's issuers and admins)", "pathways", ("200", "Requests and awards", award_requests), vec![("404", "No such pathway")], true, None)},
        "/api/v1/pathways/{id}/awards/{account}": {"parameters": [pathway, id_parameter("account", "The learner's account id")], "post": operation("Award the stacked credential to a learner who asked (the owner's issuers and admins): their credentials are evaluated again, and an Open Badges 3.0 credential of the awarded offering is signed that names each part (VC `evidence`, ELM `hasPart`) and sums their ECTS", "pathways", ("201", "The stacked credential", credential), vec![("404", "No such pathway or request"), ("409", "Awarded already, or the credentials no longer complete the pathway")], true, None)},
        "/api/v1/recognitions": {"get": operation("The live published recognition decisions (about offerings): `?provider=` one organisation's, `?offering=` those about one offering", "recognitions", ("200", "Decisions", decisions.clone()), vec![("422", "A parameter is not an id")], false, None)},
        "/api/v1/recognitions/{id}": {"parameters": [id_parameter("id", "Decision id")], "get": operation("One decision; one about a single learner's credential only for its organisation's staff", "recognitions", ("200", "The decision", decision.clone()), vec![("404", "No such decision")], false, None)},
        "/api/v1/providers/{id}/recognitions": {"parameters": [provider.clone()],
            "get": operation("Every decision of the organisation, withdrawn ones and those about one credential too (its staff)", "recognitions", ("200", "Decisions", decisions), vec![("404", "No such organisation")], true, None),
            "post": operation("Record a decision (the organisation's issuers and admins; it must be a receiving organisation): about every credential of an offering, one credential, or a learner's request; purpose, scope, what is recognised, ECTS granted, conditions, legal basis and policy, validity dates", "recognitions", ("201", "The decision", decision), vec![("404", "No such offering or request"), ("409", "Not a receiving organisation, or the request was decided already"), ("422", "The decision is not valid; every problem is named with its element")], true, Some(("What it is about and its terms", decision_form)))},
        "/api/v1/providers/{id}/recognitions/{decision}/withdraw": {"parameters": [provider.clone(), id_parameter("decision", "Decision id")], "post": operation("Withdraw a live decision of the organisation", "recognitions", ("204", "Withdrawn", empty.clone()), vec![("404", "No live decision of the organisation")], true, None)},
        "/api/v1/providers/{id}/recognition-requests": {"parameters": [provider.clone()], "get": operation("The learners' requests to the organisation, newest first, with the decisions made", "recognitions", ("200", "Requests", requests.clone()), vec![], true, None)},
        "/api/v1/providers/{id}/recognition-requests/{request}": {"parameters": [provider, id_parameter("request", "Request id")], "get": operation("One request with the credential the learner sent and its verification now", "recognitions", ("200", "The request", request_detail), vec![("404", "No such request to the organisation")], true, None)},
        "/api/v1/me/recognition-requests": {
            "get": operation("The learner's requests for recognition and the decisions made", "recognitions", ("200", "Requests", requests), vec![("403", "Not a learner's own account")], true, None),
            "post": operation("Ask a receiving organisation to recognise a credential of the wallet (issued here, or imported and verified); the credential goes with the request", "recognitions", ("201", "The request", request), vec![("403", "Not a learner's own account"), ("404", "No such credential in the wallet, or no such organisation"), ("409", "Asked before for this purpose, or not a receiving organisation")], true, Some(("The request", request_form)))},
        "/.well-known/openid-credential-issuer": {"get": operation("OpenID4VCI 1.0 credential issuer metadata: the credential, nonce and notification endpoints and two credential configurations of the same micro-credential — `MicroCredential_ldp_vc` (Open Badges 3.0 signed eddsa-rdfc-2022, subject = the holder's DID) and `MicroCredential_dc_sd_jwt` (SD-JWT VC, EdDSA, learner's name, identifiers and grade selectively disclosable, bound by `cnf.jwk`, status in a Token Status List) —, holders proving a did:key (Ed25519), did:jwk or jwk with a `jwt` proof, EdDSA or ES256", "oid4vci", ("200", "Metadata", object.clone()), vec![], false, None)},
        "/.well-known/oauth-authorization-server": {"get": operation("OAuth 2.0 authorization server metadata: the token endpoint and the pre-authorized code grant", "oid4vci", ("200", "Metadata", object.clone()), vec![], false, None)},
        "/credentials/verify": {"post": operation("W3C VC-API: verify a credential `{verifiableCredential}`. 200 when it verifies, 400 when not; `checks` (passed), `warnings` (could not run), `errors` (failed, with their codes) and the register's whole `report`", "verification", ("200", "Verified", object.clone()), vec![("400", "Not verified, or not a request"), ("413", "Larger than 4 MiB")], false, Some(("{verifiableCredential}", object.clone())))},
        "/presentations/verify": {"post": operation("W3C VC-API: verify a presentation `{verifiablePresentation, options: {challenge, domain}}` — the holder's proof bound to the challenge and domain, then every credential in it. 200 when all verify, 400 when not", "verification", ("200", "Verified", object.clone()), vec![("400", "Not verified, or not a request"), ("413", "Larger than 4 MiB")], false, Some(("{verifiablePresentation, options}", object.clone())))},
        "/oid4vci/offers/{id}": {"parameters": [id_parameter("id", "Offer id")], "get": operation("A live credential offer (what `credential_offer_uri` names): the issuer, the configuration and the pre-authorized code grant (with `tx_code` when the learner asked for one). No personal data", "oid4vci", ("200", "The offer", object.clone()), vec![("404", "Unknown, used or expired")], false, None)},
        "/oid4vci/token": {"post": operation("Token endpoint (form-encoded): `grant_type=urn:ietf:params:oauth:grant-type:pre-authorized_code`, `pre-authorized_code`, `tx_code` when the offer has one. The code is single-use and lives 10 minutes; five wrong transaction codes use the offer up. Errors as OAuth names them: invalid_request, invalid_grant, unsupported_grant_type", "oid4vci", ("200", "access_token, token_type Bearer, expires_in", object.clone()), vci_errors(vec![("400", "{error, error_description}")]), false, None)},
        "/oid4vci/nonce": {"post": operation("Nonce endpoint: a fresh single-use `c_nonce` (5 minutes) for the proof", "oid4vci", ("200", "c_nonce", object.clone()), vec![], false, None)},
        "/oid4vci/credential": {"post": operation("Credential endpoint (Authorization: Bearer the access token): `{credential_configuration_id, proofs: {jwt: [one proof]}}` (draft 13's `proof` too). The proof: typ openid4vci-proof+jwt, EdDSA or ES256, the key as did:key / did:jwk `kid` or `jwk`, aud = the issuer, a nonce from the nonce endpoint (single use), iat within 5 minutes. `ldp_vc`: the credential's subject is the proven key's DID; `dc+sd-jwt`: `cnf.jwk` is the proven key. Each configuration is delivered once per offer; the answer carries a `notification_id`. Errors: invalid_token (401), invalid_credential_request, unknown_credential_configuration, invalid_proof, invalid_nonce, credential_request_denied (403: the credential was revoked or suspended)", "oid4vci", ("200", "credentials: [{credential}]", object), vci_errors(vec![("400", "{error, error_description}"), ("401", "invalid_token")]), false, None)},
        "/api/v1/credentials/{id}/offer": {"parameters": [id_parameter("id", "Credential id (urn:uuid:…)")], "post": operation("The provider's issuers offer an active credential to the learner's wallet (OpenID4VCI pre-authorized code): the offer URI and `openid-credential-offer://` link to hand over; the transaction code is mailed to the learner's address, never answered", "oid4vci", ("201", "The offer (without its transaction code)", offer_created.clone()), vec![("404", "No such credential of the provider"), ("409", "The credential is revoked or suspended, or the learner has no address for the code")], true, None)},
        "/api/v1/me/credential-offers": {"post": operation("The learner offers one of their active credentials to a wallet: the offer URI, the `openid-credential-offer://` link (for the QR code) and, when asked, the transaction code to type into the wallet", "oid4vci", ("201", "The offer", offer_created), vec![("403", "Not a learner's own account"), ("404", "No such credential in the wallet"), ("409", "The credential is revoked or suspended")], true, Some(("The credential and whether to protect the offer with a transaction code", offer_request)))},
        "/api/v1/me/recognition-requests/{id}": {"parameters": [id_parameter("id", "Request id")], "delete": operation("Withdraw an undecided request", "recognitions", ("204", "Withdrawn", empty), vec![("403", "Not a learner's own account"), ("404", "No undecided request of yours")], true, None)},
    });
    if let (Some(paths), Some(added)) = (paths.as_object_mut(), added.as_object()) {
        paths.extend(added.clone());
    }
    paths
}
