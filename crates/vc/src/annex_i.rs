//! Which mandatory Annex I elements (Council Recommendation 2022/C 243/02) a credential carries,
//! read from its signed graph. The element ↔ term mapping is documented in
//! `docs/annex-i-mapping.md`.

use crate::graph::{Graph, Node, Object};
use crate::terms::{cred, elm, microcred, ob, schema};
use serde::{Deserialize, Serialize};

/// Result of the Annex I completeness check, reported apart from authenticity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexI {
    pub complete: bool,
    /// Stable element codes, e.g. `learning_outcomes`.
    pub missing: Vec<String>,
}

/// Whether a value is there: a non-blank literal or any node.
fn present(graph: &Graph, subject: Option<&Node>, predicate: &str) -> bool {
    subject.is_some_and(|subject| {
        graph
            .objects(subject, predicate)
            .any(|object| match object {
                Object::Literal(literal) => !literal.value.trim().is_empty(),
                Object::Node(_) => true,
            })
    })
}

/// Check the signed graph of an Open Badges 3.0 micro-credential.
pub fn check(graph: &Graph) -> AnnexI {
    let credential = Some(graph.root());
    let first = |subject: Option<&Node>, predicate: &str| -> Option<Node> {
        graph.nodes(subject?, predicate).next().cloned()
    };
    let subject = first(credential, cred::CREDENTIAL_SUBJECT);
    let achievement = first(subject.as_ref(), ob::ACHIEVEMENT);
    let issuer = first(credential, cred::ISSUER);
    let address = first(issuer.as_ref(), ob::ADDRESS);
    let (subject, achievement, issuer, address) = (
        subject.as_ref(),
        achievement.as_ref(),
        issuer.as_ref(),
        address.as_ref(),
    );
    let identifiers: Vec<&Node> = match subject {
        Some(subject) => graph.nodes(subject, ob::IDENTIFIER).collect(),
        None => Vec::new(),
    };
    let kind = |node: &Node| {
        graph
            .literals(node, ob::IDENTITY_TYPE)
            .next()
            .map(|literal| literal.value.clone())
    };
    let learner_named = identifiers.iter().any(|node| {
        kind(node).as_deref() == Some("name") && present(graph, Some(node), ob::IDENTITY_HASH)
    }) || present(graph, subject, schema::NAME);
    let learner_identified = subject.and_then(Node::iri).is_some()
        || identifiers.iter().any(|node| {
            kind(node).is_some_and(|kind| kind != "name")
                && present(graph, Some(node), ob::IDENTITY_HASH)
        });
    let has = |node: Option<&Node>, predicate: &str| present(graph, node, predicate);
    let checks: [(&str, bool); 11] = [
        (
            "learner_identification",
            learner_named && learner_identified,
        ),
        ("title", has(achievement, schema::NAME)),
        (
            "issuer_country",
            has(address, ob::COUNTRY_CODE) || has(address, schema::ADDRESS_COUNTRY),
        ),
        (
            "awarding_body",
            issuer.and_then(Node::iri).is_some() && has(issuer, schema::NAME),
        ),
        (
            "date_of_issuing",
            has(credential, cred::VALID_FROM) || has(credential, cred::ISSUANCE_DATE),
        ),
        ("learning_outcomes", has(achievement, elm::LEARNING_OUTCOME)),
        (
            "notional_workload",
            has(achievement, ob::CREDITS_AVAILABLE) || has(achievement, microcred::WORKLOAD_HOURS),
        ),
        (
            "level",
            has(achievement, elm::EQF_LEVEL)
                || has(achievement, microcred::QF_EHEA_CYCLE)
                || has(achievement, elm::NQF_LEVEL),
        ),
        (
            "type_of_assessment",
            has(achievement, microcred::ASSESSMENT_TYPE),
        ),
        (
            "form_of_participation",
            has(achievement, elm::MODE) && has(achievement, elm::LEARNING_SETTING),
        ),
        (
            "type_of_quality_assurance",
            has(achievement, elm::ACCREDITATION),
        ),
    ];
    let missing: Vec<String> = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| (*name).to_owned())
        .collect();
    AnnexI {
        complete: missing.is_empty(),
        missing,
    }
}
