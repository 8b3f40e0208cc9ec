//! What a credential says, for people: every Annex I element of an Open Badges 3.0
//! micro-credential (terms per `docs/annex-i-mapping.md`) with its label in Dutch or English,
//! vocabulary IRIs shown by their labels, dates and numbers as people read them.
//!
//! Read from the signed graph only ([`crate::graph`]): what is shown is what was signed, in
//! whatever JSON spelling the credential arrived. Values of a repeated property are shown in a
//! fixed order (RDF has none), so reordering a JSON array cannot change what people see.
//! Shown under the verification report, in the API's report and on the PDF certificate. A
//! badge from elsewhere shows what it has.

use crate::graph::{Graph, Literal, Node, Object};
use crate::terms::{cred, elm, microcred, ob, schema};
use model::UiLang;
use model::vocab::*;
use serde::Serialize;

/// One element as shown: its stable code, its label and its value as text (lines split by `\n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentRow {
    pub element: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// The local name of a datatype IRI (`float` of `http://www.w3.org/2001/XMLSchema#float`, of
/// its `https` spelling in the OB 3.0 context, or of `xsd:float` where a context left the
/// prefix undefined).
fn datatype_name(datatype: &str) -> &str {
    let xsd = [
        "http://www.w3.org/2001/XMLSchema#",
        "https://www.w3.org/2001/XMLSchema#",
        "xsd:",
    ];
    xsd.iter()
        .find_map(|namespace| datatype.strip_prefix(namespace))
        .unwrap_or("")
}

fn vocabulary_label<V: Vocabulary>(iri: &str, lang: UiLang) -> Option<&'static str> {
    V::ALL
        .iter()
        .find(|value| value.iri() == iri)
        .map(|value| value.label(lang))
}

/// A vocabulary IRI as its label (EQF levels, ISCED fields, every Annex I list), else as is.
pub fn iri_label(iri: &str, lang: UiLang) -> String {
    if let Some(level) = iri.strip_prefix("http://data.europa.eu/snb/eqf/") {
        return format!("EQF {level}");
    }
    if let Some(field) = model::isced::ISCED_FIELDS
        .iter()
        .find(|field| field.iri() == iri)
    {
        return field.label(lang).to_owned();
    }
    vocabulary_label::<AssessmentType>(iri, lang)
        .or_else(|| vocabulary_label::<ParticipationMode>(iri, lang))
        .or_else(|| vocabulary_label::<LearningSetting>(iri, lang))
        .or_else(|| vocabulary_label::<Supervision>(iri, lang))
        .or_else(|| vocabulary_label::<QualityAssuranceType>(iri, lang))
        .or_else(|| vocabulary_label::<QfEheaCycle>(iri, lang))
        .or_else(|| vocabulary_label::<Stackability>(iri, lang))
        .map_or_else(|| iri.to_owned(), str::to_owned)
}

/// A literal as people read it: numbers in the reader's notation, dates with month names.
fn literal_text(literal: &Literal, lang: UiLang) -> String {
    let datatype = datatype_name(&literal.datatype);
    if matches!(
        datatype,
        "float" | "double" | "decimal" | "integer" | "nonNegativeInteger"
    ) && let Ok(number) = literal.value.parse::<f64>()
        && number.is_finite()
    {
        return model::display::decimal(number, lang);
    }
    if matches!(datatype, "dateTime" | "date")
        && let Some(day) = model::display::date_text(&literal.value, lang)
    {
        return day;
    }
    literal.value.clone()
}

/// The literals in the reader's language, else English, else untagged, else the first language
/// there is — never a mixture of languages.
fn in_language<'g>(literals: &[&'g Literal], lang: UiLang) -> Vec<&'g Literal> {
    for code in [lang.code(), "en"] {
        let tagged: Vec<&Literal> = literals
            .iter()
            .copied()
            .filter(|l| l.language.as_deref() == Some(code))
            .collect();
        if !tagged.is_empty() {
            return tagged;
        }
    }
    let untagged: Vec<&Literal> = literals
        .iter()
        .copied()
        .filter(|l| l.language.is_none())
        .collect();
    if !untagged.is_empty() {
        return untagged;
    }
    let first = literals.iter().filter_map(|l| l.language.clone()).min();
    literals
        .iter()
        .copied()
        .filter(|l| l.language == first)
        .collect()
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

fn identity_type_label(kind: &str, nl: bool) -> String {
    match (kind, nl) {
        ("emailAddress", true) => "e-mailadres".to_owned(),
        ("emailAddress", false) => "e-mail address".to_owned(),
        ("sisSourcedId" | "studentId", true) => "studentennummer".to_owned(),
        ("sisSourcedId" | "studentId", false) => "student number".to_owned(),
        ("nationalIdentityNumber", true) => "rijksregisternummer".to_owned(),
        ("nationalIdentityNumber", false) => "national identity number".to_owned(),
        ("phoneNumber", true) => "telefoonnummer".to_owned(),
        ("phoneNumber", false) => "phone number".to_owned(),
        (other, _) => other.to_owned(),
    }
}

/// Every element the reader shows, in Annex I order: stable code, Dutch and English label.
const ELEMENTS: [(&str, &str, &str); 19] = [
    ("title", "Titel", "Title"),
    ("learner_identification", "Lerende", "Learner"),
    ("awarding_body", "Uitgever", "Issuer"),
    (
        "awarding_bodies",
        "Toekennende instanties",
        "Awarding bodies",
    ),
    (
        "issuer_country",
        "Land/regio van de uitgever",
        "Country/region of the issuer",
    ),
    ("date_of_issuing", "Datum van uitgifte", "Date of issuing"),
    ("learning_outcomes", "Leerresultaten", "Learning outcomes"),
    ("notional_workload", "Studiebelasting", "Notional workload"),
    ("level", "Niveau", "Level"),
    (
        "type_of_assessment",
        "Soort beoordeling",
        "Type of assessment",
    ),
    (
        "form_of_participation",
        "Vorm van deelname",
        "Form of participation",
    ),
    (
        "type_of_quality_assurance",
        "Kwaliteitszorg",
        "Quality assurance",
    ),
    ("prerequisites", "Toelatingsvoorwaarden", "Prerequisites"),
    (
        "supervision",
        "Toezicht en identiteitscontrole",
        "Supervision and identity verification",
    ),
    ("grade", "Behaald resultaat", "Grade achieved"),
    (
        "stackability",
        "Integratie en stapelbaarheid",
        "Integration and stackability",
    ),
    (
        "further_information",
        "Meer informatie",
        "Further information",
    ),
    ("field", "Studiegebied (ISCED-F)", "Field (ISCED-F)"),
    ("assessment", "Beoordeeld op", "Assessed on"),
];

/// The label of an element code (`title`, `learning_outcomes`, …) in `lang`; the code itself
/// if unknown.
pub fn element_label(element: &str, lang: UiLang) -> &str {
    ELEMENTS
        .iter()
        .find(|(code, _, _)| *code == element)
        .map_or(
            element,
            |(_, nl, en)| if lang == UiLang::Nl { nl } else { en },
        )
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
            let label = ELEMENTS
                .iter()
                .find(|(code, _, _)| *code == element)
                .map_or(
                    element,
                    |(_, dutch, english)| if nl { dutch } else { english },
                );
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
        } else {
            label("beoordeling", "assessment").to_owned()
        });
    }
    route.extend(read.labels(subject, elm::LEARNING_SETTING));
    push("assessment", (!route.is_empty()).then(|| route.join(", ")));
    rows
}
