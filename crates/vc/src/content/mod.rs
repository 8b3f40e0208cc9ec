//! What a credential says, for people: every Annex I element of an Open Badges 3.0
//! micro-credential (terms per `docs/annex-i-mapping.md`) with its label in Dutch or English,
//! vocabulary IRIs shown by their labels, dates and numbers as people read them.
//!
//! Read from the signed graph only ([`crate::graph`]): what is shown is what was signed, in
//! whatever JSON spelling the credential arrived. Values of a repeated property are shown in a
//! fixed order (RDF has none), so reordering a JSON array cannot change what people see.
//! Shown under the verification report, in the API's report and on the PDF certificate. A
//! badge from elsewhere shows what it has.

mod labels;

use crate::graph::{Graph, Literal, Node, Object};
use crate::terms::{cred, elm, microcred, ob, schema};
pub use labels::{element_label, iri_label};
use labels::{identity_type_label, in_language, literal_text};
use model::UiLang;
use serde::Serialize;

/// One element as shown: its stable code, its label and its value as text (lines split by `\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentRow {
    pub element: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// Reads one credential's graph for people.
struct Reader<'g> {
    graph: &'g Graph,
    lang: UiLang,
}

impl<'g> Reader<'g> {
    /// The values of `subject`'s `predicate` as lines: literals in one language, nodes by name
    /// or label; sorted, without repeats.
    fn lines(&self, subject: Option<&'g Node>, predicate: &'g str) -> Vec<String> {
        let Some(subject) = subject else {
            return Vec::new();
        };
        let objects: Vec<&Object> = self.graph.objects(subject, predicate).collect();
        let literals: Vec<&Literal> = objects.iter().filter_map(|o| o.literal()).collect();
        let mut lines: Vec<String> = in_language(&literals, self.lang)
            .into_iter()
            .map(|literal| literal_text(literal, self.lang))
            .chain(
                objects
                    .iter()
                    .filter_map(|o| o.node())
                    .filter_map(|node| self.node_text(node)),
            )
            .filter(|line| !line.trim().is_empty())
            .collect();
        lines.sort();
        lines.dedup();
        lines
    }

    fn text(&self, subject: Option<&'g Node>, predicate: &'g str) -> Option<String> {
        let lines = self.lines(subject, predicate);
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// A node by its name, else (an IRI) by its vocabulary label or as is.
    fn node_text(&self, node: &'g Node) -> Option<String> {
        self.text(Some(node), schema::NAME)
            .or_else(|| node.iri().map(|iri| iri_label(iri, self.lang)))
    }

    /// IRI values by their labels, comma-separated.
    fn labels(&self, subject: Option<&'g Node>, predicate: &'g str) -> Option<String> {
        let subject = subject?;
        let mut labels: Vec<String> = self
            .graph
            .iris(subject, predicate)
            .map(|iri| iri_label(iri, self.lang))
            .collect();
        labels.sort();
        labels.dedup();
        (!labels.is_empty()).then(|| labels.join(", "))
    }

    /// The first node object (in the graph's fixed order).
    fn node(&self, subject: Option<&'g Node>, predicate: &'g str) -> Option<&'g Node> {
        self.graph.nodes(subject?, predicate).next()
    }

    fn nodes(&self, subject: Option<&'g Node>, predicate: &'g str) -> Vec<&'g Node> {
        match subject {
            Some(subject) => self.graph.nodes(subject, predicate).collect(),
            None => Vec::new(),
        }
    }

    fn literal_value(&self, subject: &'g Node, predicate: &'g str) -> Option<&'g str> {
        self.graph
            .literals(subject, predicate)
            .next()
            .map(|literal| literal.value.as_str())
    }
}

/// Every element the credential's signed graph carries, in Annex I order, labelled in `lang`
/// (nl or en; other interface languages read English labels).
pub fn rows<'g>(graph: &'g Graph, lang: UiLang) -> Vec<ContentRow> {
    let nl = lang == UiLang::Nl;
    let label = |dutch: &'static str, english: &'static str| if nl { dutch } else { english };
    let read = Reader { graph, lang };
    let credential = Some(graph.root());
    let subject = read.node(credential, cred::CREDENTIAL_SUBJECT);
    let achievement = read.node(subject, ob::ACHIEVEMENT);
    let issuer = read.node(credential, cred::ISSUER);
    let mut rows: Vec<ContentRow> = Vec::new();
    let mut push = |element: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
            let label = element_label(element, lang);
            rows.push(ContentRow {
                element,
                label,
                value,
            });
        }
    };

    push(
        "title",
        read.text(achievement, schema::NAME)
            .or_else(|| read.text(credential, schema::NAME)),
    );

    let identifiers = read.nodes(subject, ob::IDENTIFIER);
    let kind_of = |node: &'g Node| read.literal_value(node, ob::IDENTITY_TYPE);
    let mut learner: Vec<String> = identifiers
        .iter()
        .filter(|node| kind_of(node) == Some("name"))
        .filter_map(|node| read.text(Some(node), ob::IDENTITY_HASH))
        .collect();
    if learner.is_empty() {
        learner.extend(read.text(subject, schema::NAME));
    }
    learner.extend(subject.and_then(Node::iri).map(str::to_owned));
    let mut protected: Vec<String> = identifiers
        .iter()
        .filter(|node| kind_of(node).is_some_and(|kind| kind != "name"))
        .filter(|node| {
            graph
                .literals(node, ob::HASHED)
                .any(|hashed| hashed.value == "true")
        })
        .filter_map(|node| kind_of(node))
        .map(|kind| {
            format!(
                "{} {}",
                identity_type_label(kind, nl),
                label(
                    "(beschermd; de lerende kan het bevestigen)",
                    "(protected; the learner can confirm it)"
                )
            )
        })
        .collect();
    protected.sort();
    protected.dedup();
    learner.extend(protected);
    push(
        "learner_identification",
        (!learner.is_empty()).then(|| learner.join("\n")),
    );

    let issuer_id = issuer.and_then(Node::iri);
    let issuer_name = read.text(issuer, schema::NAME);
    push(
        "awarding_body",
        match (&issuer_name, issuer_id) {
            (Some(name), Some(id)) if !name.contains(id) => Some(format!("{name}\n{id}")),
            (Some(name), _) => Some(name.clone()),
            (None, id) => id.map(str::to_owned),
        },
    );
    // The issuer is referenced by its id among the awarding bodies: show its name.
    let mut bodies: Vec<String> = read
        .nodes(achievement, elm::AWARDING_BODY)
        .into_iter()
        .filter_map(|body| match (body.iri(), &issuer_name) {
            (Some(id), Some(name)) if Some(id) == issuer_id => Some(name.clone()),
            _ => read.node_text(body),
        })
        .collect();
    bodies.sort();
    bodies.dedup();
    push(
        "awarding_bodies",
        (!bodies.is_empty()).then(|| bodies.join("\n")),
    );

    let address = read.node(issuer, ob::ADDRESS);
    let country = read
        .text(address, ob::COUNTRY_CODE)
        .map(|code| model::country::country_name(&code, lang).to_owned())
        .or_else(|| read.text(address, schema::ADDRESS_COUNTRY));
    let region = read
        .text(address, schema::ADDRESS_REGION)
        .map(|code| model::country::region_name(&code, lang).to_owned());
    push(
        "issuer_country",
        country.map(|country| match region {
            Some(region) => format!("{country} ({region})"),
            None => country,
        }),
    );
    push(
        "date_of_issuing",
        read.text(credential, ob::AWARDED_DATE)
            .or_else(|| read.text(credential, cred::VALID_FROM))
            .or_else(|| read.text(credential, cred::ISSUANCE_DATE)),
    );
    push(
        "learning_outcomes",
        read.text(achievement, elm::LEARNING_OUTCOME),
    );
    let ects = read
        .text(achievement, ob::CREDITS_AVAILABLE)
        .map(|ects| format!("{ects} ECTS"));
    let hours = read
        .text(achievement, microcred::WORKLOAD_HOURS)
        .map(|hours| format!("{hours} {}", label("uur", "hours")));
    let workload: Vec<String> = ects.into_iter().chain(hours).collect();
    push(
        "notional_workload",
        (!workload.is_empty()).then(|| workload.join(", ")),
    );
    let level: Vec<String> = [
        read.labels(achievement, elm::EQF_LEVEL),
        read.labels(achievement, microcred::QF_EHEA_CYCLE),
        read.text(achievement, elm::NQF_LEVEL),
    ]
    .into_iter()
    .flatten()
    .collect();
    push("level", (!level.is_empty()).then(|| level.join(", ")));
    let assessment: Vec<String> = [
        read.labels(achievement, microcred::ASSESSMENT_TYPE),
        read.text(achievement, microcred::ASSESSMENT_DESCRIPTION),
    ]
    .into_iter()
    .flatten()
    .collect();
    push(
        "type_of_assessment",
        (!assessment.is_empty()).then(|| assessment.join("\n")),
    );
    let participation: Vec<String> = [
        read.labels(achievement, elm::MODE),
        read.labels(achievement, elm::LEARNING_SETTING),
    ]
    .into_iter()
    .flatten()
    .collect();
    push(
        "form_of_participation",
        (!participation.is_empty()).then(|| participation.join(", ")),
    );
    let mut quality: Vec<String> = read
        .nodes(achievement, elm::ACCREDITATION)
        .into_iter()
        .map(|item| {
            [
                read.labels(Some(item), elm::DC_TYPE),
                read.text(Some(item), elm::ACCREDITING_AGENT),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — ")
        })
        .filter(|line| !line.is_empty())
        .collect();
    quality.sort();
    quality.dedup();
    push(
        "type_of_quality_assurance",
        (!quality.is_empty()).then(|| quality.join("\n")),
    );
    push(
        "prerequisites",
        read.text(achievement, elm::ENTRY_REQUIREMENT),
    );
    push(
        "supervision",
        read.labels(subject, elm::ID_VERIFICATION)
            .or_else(|| read.labels(achievement, elm::ID_VERIFICATION)),
    );
    let grade = read
        .nodes(subject, ob::RESULT)
        .into_iter()
        .find_map(|result| read.text(Some(result), schema::VALUE));
    let scheme = read
        .nodes(achievement, ob::RESULT_DESCRIPTION)
        .into_iter()
        .find_map(|description| read.text(Some(description), schema::NAME));
    push(
        "grade",
        grade.map(|grade| match scheme {
            Some(scheme) => format!("{grade} ({scheme})"),
            None => grade,
        }),
    );
    let stackability: Vec<String> = [
        read.labels(achievement, microcred::STACKABILITY),
        read.text(achievement, microcred::STACKABLE_TOWARDS),
    ]
    .into_iter()
    .flatten()
    .collect();
    push(
        "stackability",
        (!stackability.is_empty()).then(|| stackability.join("\n")),
    );
    let further: Vec<String> = [
        read.text(achievement, elm::ADDITIONAL_NOTE),
        read.text(achievement, microcred::FURTHER_INFORMATION_URL),
    ]
    .into_iter()
    .flatten()
    .collect();
    push(
        "further_information",
        (!further.is_empty()).then(|| further.join("\n")),
    );
    push(
        "field",
        read.labels(achievement, elm::ISCED_F_CODE)
            .or_else(|| read.text(achievement, ob::FIELD_OF_STUDY)),
    );
    let mut route: Vec<String> = Vec::new();
    route.extend(read.text(subject, microcred::ASSESSMENT_DATE));
    if let Some(iri) = subject.and_then(|s| graph.iris(s, microcred::ASSESSMENT_ROUTE).next()) {
        route.push(if iri.ends_with("/validation") {
            label(
                "validering van eerder verworven competenties",
                "validation of prior learning",
            )
            .to_owned()
        } else if iri.ends_with("/pathway") {
            label(
                "gestapeld: leertraject voltooid",
                "stacked: pathway completed",
            )
            .to_owned()
        } else {
            label("beoordeling", "assessment").to_owned()
        });
    }
    route.extend(read.labels(subject, elm::LEARNING_SETTING));
    push("assessment", (!route.is_empty()).then(|| route.join(", ")));
    rows
}
