//! The OpenAPI paths of the learner's wallet (`/api/v1/me/…`), API sessions, a provider's
//! student-number confirmations and share links opened as JSON.

use schemars::SchemaGenerator;
use serde_json::{Value, json};

use crate::api::wallet::{
    DidResponse, NewShareResponse, OpeningsResponse, SessionResponse, SharedResponse,
    StudentNumberRequests,
};
use crate::openapi::{WRITE_ERRORS, id_parameter, operation};

pub(crate) fn with_wallet_paths(mut paths: Value, generator: &mut SchemaGenerator) -> Value {
    let wallet = generator.subschema_for::<app::wallet::Wallet>().to_value();
    let session = generator.subschema_for::<SessionResponse>().to_value();
    let did = generator.subschema_for::<DidResponse>().to_value();
    let new_share = generator.subschema_for::<NewShareResponse>().to_value();
    let share_request = generator
        .subschema_for::<app::wallet::NewShare>()
        .to_value();
    let openings = generator.subschema_for::<OpeningsResponse>().to_value();
    let number = generator
        .subschema_for::<app::wallet::StudentNumber>()
        .to_value();
    let requests = generator
        .subschema_for::<StudentNumberRequests>()
        .to_value();
    let imported = generator
        .subschema_for::<app::wallet::ImportedView>()
        .to_value();
    let shared = generator.subschema_for::<SharedResponse>().to_value();
    let tokens = generator
        .subschema_for::<crate::api::wallet::TokensResponse>()
        .to_value();
    let new_token = generator
        .subschema_for::<crate::api::wallet::NewTokenResponse>()
        .to_value();
    let identity_providers = generator
        .subschema_for::<crate::api::identities::IdentityProvidersResponse>()
        .to_value();
    let identity_provider = generator
        .subschema_for::<app::oidc::IdentityProviderView>()
        .to_value();
    let linked = generator
        .subschema_for::<crate::api::identities::LinkedIdentitiesResponse>()
        .to_value();
    let my_feedback = generator
        .subschema_for::<crate::api::feedback::MyFeedbackResponse>()
        .to_value();
    let one_feedback = generator
        .subschema_for::<app::feedback::MyFeedback>()
        .to_value();
    let feedback_form = generator
        .subschema_for::<app::feedback::FeedbackForm>()
        .to_value();
    let feedback_summary = generator
        .subschema_for::<app::feedback::FeedbackSummary>()
        .to_value();
    let pathways = generator
        .subschema_for::<crate::api::pathways::PathwaysResponse>()
        .to_value();
    let pathway = generator
        .subschema_for::<app::pathways::PathwayView>()
        .to_value();
    let pathway_rules = generator
        .subschema_for::<model::pathway::PathwayRules>()
        .to_value();
    let my_pathways = generator
        .subschema_for::<crate::api::pathways::ProgressResponse>()
        .to_value();
    let my_pathway = generator
        .subschema_for::<app::pathways::PathwayProgress>()
        .to_value();
    let any = json!({"type": "object"});
    let body = |text: &str| json!({"type": "object", "description": text});
    let empty = json!({});
    let learner_errors = |extra: Vec<(&'static str, &'static str)>| {
        [vec![("403", "Not a learner's own account")], extra].concat()
    };
    let added = json!({
        "/api/v1/sessions": {"post": operation("Sign in with an address and password: a session to send as the bearer token (12 hours). The same answer for an unknown address and a wrong password; 429 with Retry-After after repeated failures", "wallet", ("201", "The session", session), vec![("401", "Unknown address or wrong password"), ("422", "A field is missing"), ("429", "Too many failed sign-ins: wait")], false, Some(("`{\"email\", \"password\"}`", body("credentials"))))},
        "/api/v1/me/wallet": {"get": operation("The learner's wallet: addresses, student numbers, DID, enrolments with results and credentials (with live status), imported credentials, share links", "wallet", ("200", "The wallet", wallet), learner_errors(vec![]), true, None)},
        "/api/v1/me/addresses": {"post": operation("Add an address: a confirmation link is mailed; once used, what issuers recorded under it is in the wallet", "wallet", ("202", "Mailed", empty.clone()), learner_errors(vec![("409", "Not an address, or one of yours already"), ("422", "`email` missing")]), true, Some(("`{\"email\"}`", body("address"))))},
        "/api/v1/me/addresses/{email}": {"parameters": [id_parameter("email", "A proven address other than the sign-in address")], "delete": operation("Forget a proven address", "wallet", ("204", "Removed", empty.clone()), learner_errors(vec![("404", "Not one of your removable addresses")]), true, None)},
        "/api/v1/me/student-numbers": {"post": operation("Claim a student number at a provider; it brings records once the provider confirms it", "wallet", ("201", "The claim", number), learner_errors(vec![("404", "No such provider"), ("409", "Claimed already, or not a student number"), ("422", "A field is missing")]), true, Some(("`{\"provider_id\", \"student_number\"}`", body("claim"))))},
        "/api/v1/me/student-numbers/{id}": {"parameters": [id_parameter("id", "Claim id")], "delete": operation("Withdraw a student-number claim", "wallet", ("204", "Withdrawn", empty.clone()), learner_errors(vec![("404", "Not one of your claims")]), true, None)},
        "/api/v1/me/did": {
            "post": operation("Make the learner's did:key (its key sealed under the register's master key); returns the existing one when made before. New credentials are bound to it", "wallet", ("200", "The DID", did.clone()), learner_errors(vec![("503", "No master key configured")]), true, None),
            "put": operation("Use a DID of the learner's own wallet instead: new credentials are bound to it; the register holds no key for it, so presentations are signed in that wallet", "wallet", ("200", "The DID", did), learner_errors(vec![("409", "Not a DID (a did:key must hold an Ed25519 key)"), ("422", "`did` missing")]), true, Some(("`{\"did\"}`", body("DID")))),
        },
        "/api/v1/me/share-links": {"post": operation("Make a share link for credentials in the wallet (issued here `urn:uuid:…`, or imported `imp-…`): a name, the last day it works (at most a year ahead), an optional view limit. The address is returned once", "wallet", ("201", "The link and its address", new_share), learner_errors([WRITE_ERRORS.to_vec(), vec![("409", "Invalid name, expiry, limit or list of credentials")]].concat()), true, Some(("The link", share_request)))},
        "/api/v1/me/share-links/{id}/openings": {"parameters": [id_parameter("id", "Share link id")], "get": operation("When a link was opened (nothing else about the visitor), newest first", "wallet", ("200", "Openings", openings), learner_errors(vec![("404", "Not one of your links")]), true, None)},
        "/api/v1/me/share-links/{id}/revoke": {"parameters": [id_parameter("id", "Share link id")], "post": operation("Revoke a share link: it stops opening at once", "wallet", ("204", "Revoked", empty.clone()), learner_errors(vec![("404", "Not one of your live links")]), true, None)},
        "/api/v1/me/presentations": {"post": operation("A Verifiable Presentation of credentials in the wallet for a verifier's challenge and domain, signed by the learner's did:key (eddsa-rdfc-2022, proof purpose authentication)", "wallet", ("200", "The presentation (JSON-LD)", any.clone()), learner_errors(vec![("404", "A credential not in your wallet"), ("409", "No DID made yet, or an empty challenge or domain"), ("422", "A field is missing")]), true, Some(("`{\"credentials\": [ids], \"challenge\", \"domain\"}`", body("presentation request"))))},
        "/api/v1/me/imported": {"post": operation("Import a credential issued elsewhere (the body: OB 3.0 / VC 2.0 JSON-LD, or a PDF carrying it, up to 4 MiB). Verified first: one whose signature does not verify is refused with the reason; one not fully verified is kept with the reasons", "wallet", ("201", "The imported credential", imported), learner_errors(vec![("409", "Refused: the message and `code` say why"), ("413", "Larger than 4 MiB")]), true, Some(("The credential", any.clone())))},
        "/api/v1/me/imported/{id}": {"parameters": [id_parameter("id", "Imported credential id")], "delete": operation("Remove an imported credential", "wallet", ("204", "Removed", empty.clone()), learner_errors(vec![("404", "Not one of yours")]), true, None)},
        "/api/v1/me/export": {"get": operation("Everything the register holds about the learner: a zip of `wallet.json` and every credential file", "wallet", ("200", "application/zip", json!({"type": "string", "format": "binary"})), learner_errors(vec![]), true, None)},
        "/api/v1/me/erase": {"post": operation("Erase the account (the password again): addresses, student numbers, DID, share links, imported credentials, sessions and messages go; issued credentials, status lists and the statistics' counts stay", "wallet", ("204", "Erased", empty.clone()), learner_errors(vec![("409", "Wrong password")]), true, Some(("`{\"password\"}`", body("password"))))},
        "/api/v1/providers/{id}/student-numbers": {"parameters": [id_parameter("id", "Provider id (slug)")], "get": operation("Student-number claims waiting for the provider (its issuers and admins)", "wallet", ("200", "Claims", requests), vec![("404", "Not found")], true, None)},
        "/api/v1/providers/{id}/student-numbers/{claim}/{decision}": {"parameters": [id_parameter("id", "Provider id (slug)"), id_parameter("claim", "Claim id"), id_parameter("decision", "`confirm` or `refuse`")], "post": operation("Confirm a claim (the learner's wallet then shows the records kept under the number) or refuse it", "wallet", ("204", "Decided", empty.clone()), vec![("404", "No pending claim, or not confirm/refuse"), ("409", "Confirmed for another account already")], true, None)},
        "/api/v1/me/tokens": {
            "get": operation("The signed-in staff member's API tokens, with expiry and last use", "people", ("200", "Tokens", tokens.clone()), vec![], true, None),
            "post": operation("Make an API token for the signed-in staff member (in their role at their provider; `days` 1–366, 90 by default). The secret is returned once", "people", ("201", "The token and its secret", new_token), vec![("403", "Not staff signed in with an account (learners have no tokens)"), ("409", "Invalid label or days"), ("422", "`label` missing, or `days` not a whole number")], true, Some(("`{\"label\", \"days\"}`", body("token")))),
        },
        "/api/v1/me/tokens/{id}": {"parameters": [id_parameter("id", "Token id")], "delete": operation("Revoke one of your API tokens", "people", ("204", "Revoked", empty.clone()), vec![("404", "Not a live token of yours")], true, None)},
        "/api/v1/providers/{id}/tokens": {"parameters": [id_parameter("id", "Provider id (slug)")], "get": operation("Every API token of a provider, with its owner (`account_id`), expiry and last use (its admins, platform admins)", "people", ("200", "Tokens", tokens), vec![("404", "Not found")], true, None)},
        "/api/v1/identity-providers": {
            "get": operation("The OpenID Connect identity providers people sign in with (platform admins); never the client secret", "people", ("200", "Providers", identity_providers), vec![("403", "Not a platform admin")], true, None),
            "post": operation("Add an identity provider (platform admins): its discovery document is read first; the client secret is sealed under the master key. `scopes` besides openid default to `email profile`; `creates_accounts` (false by default) lets a first sign-in make a learner account for an address the provider verified. Register `redirect_uri` with the provider", "people", ("201", "The provider", identity_provider.clone()), vec![("403", "Not a platform admin"), ("409", "Issuer configured already, or a field is invalid"), ("422", "A field is missing"), ("502", "The issuer does not answer with a usable discovery document"), ("503", "No master key configured")], true, Some(("`{\"name\", \"issuer\", \"client_id\", \"client_secret\", \"scopes\", \"creates_accounts\"}`", body("identity provider")))),
        },
        "/api/v1/identity-providers/{id}/disable": {"parameters": [id_parameter("id", "Identity provider id")], "post": operation("Disable an identity provider: no sign-in with it; logins under way end", "people", ("200", "The provider", identity_provider.clone()), vec![("403", "Not a platform admin"), ("404", "Not found")], true, None)},
        "/api/v1/identity-providers/{id}/enable": {"parameters": [id_parameter("id", "Identity provider id")], "post": operation("Enable an identity provider again", "people", ("200", "The provider", identity_provider), vec![("403", "Not a platform admin"), ("404", "Not found")], true, None)},
        "/api/v1/me/identities": {"get": operation("The identity providers linked to the caller's account (linking happens in the browser, from the account page)", "people", ("200", "Linked identities", linked), vec![("403", "Not signed in with an account")], true, None)},
        "/api/v1/me/identities/{id}": {"parameters": [id_parameter("id", "Identity provider id")], "delete": operation("Unlink an identity provider from the caller's account", "people", ("204", "Unlinked", empty.clone()), vec![("403", "Not signed in with an account"), ("404", "Not linked")], true, None)},
        "/api/v1/me/feedback": {"get": operation("The learner's own answers about offerings, with until when each can be changed", "wallet", ("200", "Answers", my_feedback), learner_errors(vec![]), true, None)},
        "/api/v1/me/feedback/{enrolment}": {"parameters": [id_parameter("enrolment", "An enrolment in the learner's wallet")], "put": operation("Rate an offering the learner was assessed in (passed or not): overall, content, teaching and assessment 1–5, workload against the stated ECTS and hours -2…2, an optional comment (≤ 2000 characters). Once per enrolment; changeable for 30 days. Who answered is never shown", "wallet", ("200", "The answer", one_feedback), learner_errors(vec![("404", "Not an enrolment in your wallet"), ("409", "Not assessed yet, a value out of range, or too late to change"), ("422", "Not an answer (a field missing, unknown or of the wrong type)")]), true, Some(("The answer", feedback_form)))},
        "/api/v1/offerings/{id}/feedback": {"parameters": [id_parameter("id", "Offering id")], "get": operation("An offering's feedback in aggregate (its provider's staff, analysts, platform admins): below the statistics' threshold of answers only their number; from it, each aspect's mean and scores, the workload judgements and the comments with their year", "statistics", ("200", "The aggregate", feedback_summary), vec![("403", "Not the offering's provider, an analyst or a platform admin"), ("404", "No such offering")], true, None)},
        "/api/v1/pathways": {"get": operation("The live stacking pathways (`?provider=` for one owner's): each with its rules — requirements of named offerings (all or at least N) or of any credentials meeting conditions (number, ECTS, EQF, ISCED-F fields, recency, issuers) — and the offering whose credential it awards", "pathways", ("200", "Pathways", pathways), vec![("404", "No such provider")], false, None)},
        "/api/v1/pathways/{id}": {"parameters": [id_parameter("id", "Pathway id")],
            "get": operation("One pathway (a withdrawn one says so)", "pathways", ("200", "The pathway", pathway.clone()), vec![("404", "No such pathway")], false, None),
            "put": operation("New rules for a pathway (its owner's admins)", "pathways", ("200", "The pathway", pathway.clone()), vec![("403", "Not the owner's admin"), ("404", "No such pathway"), ("422", "The rules are not valid; every problem is named with its requirement")], true, Some(("The rules", pathway_rules.clone())))},
        "/api/v1/pathways/{id}/withdraw": {"parameters": [id_parameter("id", "Pathway id")], "post": operation("Withdraw a pathway (its owner's admins): no longer listed or counted", "pathways", ("200", "The pathway", pathway.clone()), vec![("403", "Not the owner's admin"), ("404", "No such pathway")], true, None)},
        "/api/v1/providers/{id}/pathways": {"parameters": [id_parameter("id", "Provider id (slug)")], "post": operation("Define a pathway (the provider's admins): it awards a credential of one of the provider's own offerings", "pathways", ("201", "The pathway", pathway), vec![("403", "Not the provider's admin"), ("422", "The rules are not valid; every problem is named with its requirement")], true, Some(("The rules", pathway_rules)))},
        "/api/v1/me/pathways": {"get": operation("The learner's progress on every live pathway their credentials (issued here, or imported and verified) count toward: which credential meets which requirement, and what is missing", "pathways", ("200", "Progress", my_pathways), learner_errors(vec![]), true, None)},
        "/api/v1/me/pathways/{id}": {"parameters": [id_parameter("id", "Pathway id")], "get": operation("The learner's progress on one pathway", "pathways", ("200", "Progress", my_pathway), learner_errors(vec![("404", "No such pathway")]), true, None)},
        "/api/v1/shared/{token}": {"parameters": [id_parameter("token", "The share link's secret")], "get": operation("A share link's credentials as JSON, each verified now (counts as an opening). Unknown, expired, used-up and revoked links are one 404", "wallet", ("200", "The credentials with their reports", shared), vec![("404", "No live link")], false, None)},
    });
    if let (Some(paths), Some(added)) = (paths.as_object_mut(), added.as_object()) {
        paths.extend(added.clone());
    }
    paths
}
