//! A credential's signed data: its JSON expanded in safe mode into the RDF the signature covers,
//! as a [`Graph`] rooted at the credential's own node, with what the checks need read from it —
//! the issuer, the status entries and the validity period.

use crate::error::{Error, Result};
use crate::graph::{Graph, Node, Object};
use crate::jsonld::Processor;
use crate::status_list::StatusEntry;
use crate::terms::{cred, status, xsd};
use serde_json::Value;

/// The signed graph of a credential whose shape has been checked: it is a
/// `VerifiableCredential` with exactly one issuer IRI and at least one subject.
#[derive(Debug, Clone)]
pub struct SignedCredential {
    graph: Graph,
    issuer: String,
    /// SHA-256 of the canonical N-Quads (computed when verification needs it).
    digest: [u8; 32],
}

/// The validity period as signed (RFC 3339 lexical forms).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidityPeriod {
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

/// Expand `document` (leaving out the top-level `skip_root_key`) in safe mode: anything that
/// would not be signed is an error. With `digest`, also canonicalize it (RDFC-1.0).
pub(crate) fn expand(
    processor: &Processor,
    document: &Value,
    skip_root_key: Option<&str>,
    digest: bool,
) -> Result<SignedCredential> {
    let options = crate::verify::safe_options(skip_root_key);
    let ((dataset, root), digest) = if digest {
        crate::jsonld::to_rdf_rooted_digest(processor, document, &options)?
    } else {
        (
            crate::jsonld::to_rdf_rooted(processor, document, &options)?,
            [0; 32],
        )
    };
    let graph = root
        .as_ref()
        .and_then(|root| Graph::new(&dataset, root))
        .ok_or_else(|| {
            Error::InvalidCredential("a credential must be one JSON-LD node object".into())
        })?;
    let issuer = credential_issuer(&graph)?;
    Ok(SignedCredential {
        graph,
        issuer,
        digest,
    })
}

/// The signed issuer IRI of a credential graph, checking the credential's shape on the way.
fn credential_issuer(graph: &Graph) -> Result<String> {
    let root = graph.root();
    if !graph.has_type(root, cred::VERIFIABLE_CREDENTIAL) {
        return Err(Error::InvalidCredential(
            "type must include VerifiableCredential".into(),
        ));
    }
    if graph.nodes(root, cred::CREDENTIAL_SUBJECT).next().is_none() {
        return Err(Error::InvalidCredential(
            "credentialSubject is missing".into(),
        ));
    }
    match graph.single(root, cred::ISSUER) {
        Ok(Some(Object::Node(Node::Iri(issuer)))) => Ok(issuer.to_string()),
        Ok(Some(_)) => Err(Error::InvalidCredential(
            "the issuer has no id (an IRI)".into(),
        )),
        Ok(None) => Err(Error::InvalidCredential(
            "issuer (or issuer.id) is missing".into(),
        )),
        Err(count) => Err(Error::InvalidCredential(format!(
            "the credential names {count} issuers; it must name one"
        ))),
    }
}

/// The signed issuer of a credential graph, if it has exactly one issuer IRI.
pub fn issuer_of(graph: &Graph) -> Option<&str> {
    match graph.single(graph.root(), cred::ISSUER) {
        Ok(Some(object)) => object.iri(),
        _ => None,
    }
}

/// The one text value of `predicate`, for a status entry.
fn entry_text(graph: &Graph, entry: &Node, predicate: &str, name: &str) -> Result<String> {
    match graph.single(entry, predicate) {
        Ok(Some(Object::Literal(literal))) => Ok(literal.value.clone()),
        Ok(Some(Object::Node(node))) => match node.iri() {
            Some(iri) => Ok(iri.to_owned()),
            None => Err(Error::StatusUnreadable(format!(
                "the status entry's {name} is not a value"
            ))),
        },
        Ok(None) => Err(Error::StatusUnreadable(format!(
            "a status entry has no {name}"
        ))),
        Err(count) => Err(Error::StatusUnreadable(format!(
            "a status entry has {count} values of {name}"
        ))),
    }
}

impl SignedCredential {
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    pub fn into_graph(self) -> Graph {
        self.graph
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// Every status entry, whatever its JSON spelling. A status the register cannot read —
    /// an entry of an unknown type, a missing or repeated field, a literal where an entry
    /// should be — is an error, never "no status".
    pub fn status_entries(&self) -> Result<Vec<StatusEntry>> {
        let graph = &self.graph;
        let mut entries = Vec::new();
        for object in graph.objects(graph.root(), cred::CREDENTIAL_STATUS) {
            let Some(entry) = object.node() else {
                return Err(Error::StatusUnreadable(
                    "credentialStatus holds a value instead of a status entry".into(),
                ));
            };
            if !graph.has_type(entry, status::ENTRY) {
                let types: Vec<&str> = graph.types(entry).collect();
                return Err(Error::StatusUnreadable(format!(
                    "a status entry of type {} cannot be checked (only BitstringStatusListEntry)",
                    if types.is_empty() {
                        "(none)".to_owned()
                    } else {
                        types.join(", ")
                    }
                )));
            }
            let purpose = entry_text(graph, entry, status::PURPOSE, "statusPurpose")?;
            if !matches!(purpose.as_str(), "revocation" | "suspension") {
                return Err(Error::StatusUnreadable(format!(
                    "status purpose \"{purpose}\" is not understood (revocation or suspension)"
                )));
            }
            let index_text = entry_text(graph, entry, status::INDEX, "statusListIndex")?;
            let index = index_text.parse::<usize>().map_err(|_| {
                Error::StatusUnreadable(format!(
                    "statusListIndex \"{index_text}\" is not a non-negative integer"
                ))
            })?;
            let list_credential = match graph.single(entry, status::LIST_CREDENTIAL) {
                Ok(Some(object)) => object.iri().map(str::to_owned).ok_or_else(|| {
                    Error::StatusUnreadable("statusListCredential is not a URL".into())
                })?,
                Ok(None) => {
                    return Err(Error::StatusUnreadable(
                        "a status entry has no statusListCredential".into(),
                    ));
                }
                Err(count) => {
                    return Err(Error::StatusUnreadable(format!(
                        "a status entry has {count} statusListCredential values"
                    )));
                }
            };
            entries.push(StatusEntry {
                purpose,
                index,
                list_credential,
            });
        }
        Ok(entries)
    }

    /// `validFrom` and `validUntil` as signed; several values of either is an error.
    pub fn validity(&self) -> Result<ValidityPeriod> {
        let graph = &self.graph;
        let read = |predicate: &str, name: &str| -> Result<Option<String>> {
            match graph.single(graph.root(), predicate) {
                Ok(Some(Object::Literal(literal))) if &*literal.datatype == xsd::DATE_TIME => {
                    Ok(Some(literal.value.clone()))
                }
                Ok(Some(_)) => Err(Error::InvalidCredential(format!(
                    "{name} is not an xsd:dateTime"
                ))),
                Ok(None) => Ok(None),
                Err(count) => Err(Error::InvalidCredential(format!(
                    "the credential has {count} values of {name}"
                ))),
            }
        };
        Ok(ValidityPeriod {
            valid_from: read(cred::VALID_FROM, "validFrom")?,
            valid_until: read(cred::VALID_UNTIL, "validUntil")?,
        })
    }
}
