//! The columns of enrolment and result files: their documentation (for templates, the README
//! and the web pages) and the reading of a file's header row into column positions.

use model::vocab::{EmploymentStatus, Supervision, Vocabulary};

use super::source::Cell;
use super::{FileError, FileKind};

/// One column of an import file, documented.
#[derive(Debug, Clone, Copy)]
pub struct ColumnDoc {
    /// The header, as written in the file's first row (case and surrounding spaces do not matter).
    pub name: &'static str,
    pub required: Required,
    /// English description.
    pub description: &'static str,
    pub values: Values,
    /// An example value, as in the templates.
    pub example: &'static str,
}

/// Whether a column must be in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// Required together with, or as an alternative to, other columns: the condition in English.
    When(&'static str),
}

impl Required {
    /// "yes", "no" or the condition.
    pub fn label(self) -> &'static str {
        match self {
            Required::Yes => "yes",
            Required::No => "no",
            Required::When(condition) => condition,
        }
    }
}

/// What a column accepts.
#[derive(Debug, Clone, Copy)]
pub enum Values {
    /// Free text up to this many characters.
    Text {
        max_chars: usize,
    },
    Email,
    Did,
    /// `YYYY-MM-DD`, or a date cell in XLSX.
    Date,
    /// yes/no and the usual spellings of them.
    YesNo,
    /// One of a list of codes.
    Codes(fn() -> Vec<String>),
    /// An amount in euro with at most two decimals.
    Euro,
}

impl Values {
    /// The allowed values in English, for documentation and error messages.
    pub fn describe(&self) -> String {
        match self {
            Values::Text { max_chars } => format!("text, at most {max_chars} characters"),
            Values::Email => "an e-mail address".to_owned(),
            Values::Did => "a DID (did:method:identifier)".to_owned(),
            Values::Date => "a date YYYY-MM-DD (or a date cell in XLSX)".to_owned(),
            Values::YesNo => "yes or no (also true/false, 1/0, ja/nee)".to_owned(),
            Values::Codes(codes) => codes().join(", "),
            Values::Euro => "an amount in euro, at most two decimals (250 or 249.50)".to_owned(),
        }
    }
}

/// Every column either kind of file knows. The position in `ALL` indexes per-row lookups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    GivenNames,
    FamilyNames,
    FullName,
    Email,
    StudentNumber,
    Did,
    EmploymentStatus,
    EnrolledOn,
    Passed,
    Grade,
    GradingScheme,
    AssessedOn,
    Supervision,
    Route,
    PriorLearning,
    Issue,
    FundingScheme,
    FundingAmount,
}

impl Column {
    pub(super) const COUNT: usize = 18;
    const ALL: [Column; Column::COUNT] = [
        Column::GivenNames,
        Column::FamilyNames,
        Column::FullName,
        Column::Email,
        Column::StudentNumber,
        Column::Did,
        Column::EmploymentStatus,
        Column::EnrolledOn,
        Column::Passed,
        Column::Grade,
        Column::GradingScheme,
        Column::AssessedOn,
        Column::Supervision,
        Column::Route,
        Column::PriorLearning,
        Column::Issue,
        Column::FundingScheme,
        Column::FundingAmount,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Column::GivenNames => "given_names",
            Column::FamilyNames => "family_names",
            Column::FullName => "full_name",
            Column::Email => "email",
            Column::StudentNumber => "student_number",
            Column::Did => "did",
            Column::EmploymentStatus => "employment_status",
            Column::EnrolledOn => "enrolled_on",
            Column::Passed => "passed",
            Column::Grade => "grade",
            Column::GradingScheme => "grading_scheme",
            Column::AssessedOn => "assessed_on",
            Column::Supervision => "supervision",
            Column::Route => "route",
            Column::PriorLearning => "prior_learning",
            Column::Issue => "issue",
            Column::FundingScheme => "funding_scheme",
            Column::FundingAmount => "funding_amount",
        }
    }

    fn from_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|column| column.name() == name)
    }

    pub(super) fn position(self) -> usize {
        self as usize
    }
}

const IDENTIFIERS: &str = "at least one of email, student_number, did";

const fn text(max_chars: usize) -> Values {
    Values::Text { max_chars }
}

fn employment_status_codes() -> Vec<String> {
    EmploymentStatus::allowed_codes()
}

fn supervision_codes() -> Vec<String> {
    Supervision::allowed_codes()
}

fn route_codes() -> Vec<String> {
    vec!["regular".to_owned(), "validation".to_owned()]
}

fn prior_learning_codes() -> Vec<String> {
    vec!["non_formal".to_owned(), "informal".to_owned()]
}

const GIVEN_NAMES: ColumnDoc = ColumnDoc {
    name: "given_names",
    required: Required::When("given_names + family_names, or full_name"),
    description: "The learner's given name(s), as printed on the credential.",
    values: text(300),
    example: "An",
};
const FAMILY_NAMES: ColumnDoc = ColumnDoc {
    name: "family_names",
    required: Required::When("given_names + family_names, or full_name"),
    description: "The learner's family name(s).",
    values: text(300),
    example: "Peeters",
};
const FULL_NAME: ColumnDoc = ColumnDoc {
    name: "full_name",
    required: Required::When("given_names + family_names, or full_name"),
    description: "The learner's whole name, for names that do not split into given and family names. A row gives either full_name or given_names + family_names.",
    values: text(300),
    example: "Mohammed El Amrani",
};
const EMAIL: ColumnDoc = ColumnDoc {
    name: "email",
    required: Required::When(IDENTIFIERS),
    description: "The learner's e-mail address. Each row needs at least one identifier: email, student_number or did. Learners are matched on student_number first, then email, then did.",
    values: Values::Email,
    example: "an.peeters@example.org",
};
const STUDENT_NUMBER: ColumnDoc = ColumnDoc {
    name: "student_number",
    required: Required::When(IDENTIFIERS),
    description: "The learner's number in the provider's student administration (text; leading zeros are kept).",
    values: text(64),
    example: "r0123456",
};
const DID: ColumnDoc = ColumnDoc {
    name: "did",
    required: Required::When(IDENTIFIERS),
    description: "A DID the learner controls, e.g. of their wallet.",
    values: Values::Did,
    example: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
};
const ENROLMENT_EMPLOYMENT_STATUS: ColumnDoc = ColumnDoc {
    name: "employment_status",
    required: Required::No,
    description: "The learner's employment status when enrolling, for the register's statistics. Empty means unknown.",
    values: Values::Codes(employment_status_codes),
    example: "employed",
};
const ENROLLED_ON: ColumnDoc = ColumnDoc {
    name: "enrolled_on",
    required: Required::Yes,
    description: "The date of enrolment.",
    values: Values::Date,
    example: "2025-09-15",
};
const RESULT_EMPLOYMENT_STATUS: ColumnDoc = ColumnDoc {
    description: "The learner's employment status when enrolling; used only to enrol a learner who is not enrolled yet (empty means unknown).",
    ..ENROLMENT_EMPLOYMENT_STATUS
};
const PASSED: ColumnDoc = ColumnDoc {
    name: "passed",
    required: Required::Yes,
    description: "Whether the learner passed the assessment (or the validation of prior learning).",
    values: Values::YesNo,
    example: "yes",
};
const GRADE: ColumnDoc = ColumnDoc {
    name: "grade",
    required: Required::When("together with grading_scheme"),
    description: "The grade achieved, in the grading scheme of the next column. A row gives both or neither.",
    values: text(300),
    example: "16",
};
const GRADING_SCHEME: ColumnDoc = ColumnDoc {
    name: "grading_scheme",
    required: Required::When("together with grade"),
    description: "The scheme the grade is expressed in: a name or the URL of its description.",
    values: text(300),
    example: "0-20",
};
const ASSESSED_ON: ColumnDoc = ColumnDoc {
    name: "assessed_on",
    required: Required::Yes,
    description: "The date of the assessment. With the learner, it identifies the row: a re-upload of the same learner and date is the same result.",
    values: Values::Date,
    example: "2026-01-20",
};
const SUPERVISION: ColumnDoc = ColumnDoc {
    name: "supervision",
    required: Required::No,
    description: "The supervision and identity verification actually used during the assessment.",
    values: Values::Codes(supervision_codes),
    example: "on_site_id_check",
};
const ROUTE: ColumnDoc = ColumnDoc {
    name: "route",
    required: Required::No,
    description: "regular: the offering's own assessment; validation: validation of prior learning (EVC). Empty means regular.",
    values: Values::Codes(route_codes),
    example: "regular",
};
const PRIOR_LEARNING: ColumnDoc = ColumnDoc {
    name: "prior_learning",
    required: Required::When("on rows with route validation"),
    description: "For route validation: the setting of the prior learning validated. Informal learning leads to a credential only through validation.",
    values: Values::Codes(prior_learning_codes),
    example: "informal",
};
const ISSUE: ColumnDoc = ColumnDoc {
    name: "issue",
    required: Required::No,
    description: "Whether to issue a credential for a passed row. Empty means yes when passed; a failed row never gets one.",
    values: Values::YesNo,
    example: "yes",
};

const FUNDING_SCHEME: ColumnDoc = ColumnDoc {
    name: "funding_scheme",
    required: Required::When("with funding_amount"),
    description: "The code of the register's funding scheme that financed the enrolment (see /api/v1/funding-schemes), for the funding statistics. Empty: not recorded.",
    values: text(64),
    example: "vlaams_opleidingsverlof",
};
const FUNDING_AMOUNT: ColumnDoc = ColumnDoc {
    name: "funding_amount",
    required: Required::No,
    description: "The amount the funding scheme paid for this enrolment, in euro. Only with funding_scheme.",
    values: Values::Euro,
    example: "250",
};

static ENROLMENT_COLUMNS: [ColumnDoc; 10] = [
    GIVEN_NAMES,
    FAMILY_NAMES,
    FULL_NAME,
    EMAIL,
    STUDENT_NUMBER,
    DID,
    ENROLMENT_EMPLOYMENT_STATUS,
    ENROLLED_ON,
    FUNDING_SCHEME,
    FUNDING_AMOUNT,
];

static RESULT_COLUMNS: [ColumnDoc; 17] = [
    EMAIL,
    STUDENT_NUMBER,
    DID,
    GIVEN_NAMES,
    FAMILY_NAMES,
    FULL_NAME,
    RESULT_EMPLOYMENT_STATUS,
    PASSED,
    GRADE,
    GRADING_SCHEME,
    ASSESSED_ON,
    SUPERVISION,
    ROUTE,
    PRIOR_LEARNING,
    ISSUE,
    FUNDING_SCHEME,
    FUNDING_AMOUNT,
];

/// The columns a kind of file may have, in template order.
pub fn columns(kind: FileKind) -> &'static [ColumnDoc] {
    match kind {
        FileKind::Enrolments => &ENROLMENT_COLUMNS,
        FileKind::Results => &RESULT_COLUMNS,
    }
}

/// Where each column is in a file.
#[derive(Debug)]
pub(super) struct Header {
    /// Per file position: the column there, `None` for a blank header cell.
    by_position: Vec<Option<Column>>,
}

impl Header {
    pub(super) fn column_at(&self, position: usize) -> Option<Column> {
        self.by_position.get(position).copied().flatten()
    }

    pub(super) fn has(&self, column: Column) -> bool {
        self.by_position.contains(&Some(column))
    }
}

/// The header name of a cell: trimmed, lower case, spaces and hyphens as underscores.
fn normalise(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

/// Reads the header row (sparse cells: position, cell).
pub(super) fn read_header(kind: FileKind, cells: &[(usize, Cell)]) -> Result<Header, FileError> {
    let allowed = columns(kind);
    let width = cells
        .iter()
        .map(|(position, _)| position + 1)
        .max()
        .unwrap_or(0);
    let mut by_position = vec![None; width];
    let mut unknown = Vec::new();
    let mut duplicated = Vec::new();
    for (position, cell) in cells {
        let raw = cell.as_text();
        let name = normalise(&raw);
        if name.is_empty() {
            continue;
        }
        let column = Column::from_name(&name)
            .filter(|column| allowed.iter().any(|doc| doc.name == column.name()));
        match column {
            Some(column) if by_position.contains(&Some(column)) => {
                duplicated.push(column.name().to_owned())
            }
            Some(column) => {
                if let Some(slot) = by_position.get_mut(*position) {
                    *slot = Some(column);
                }
            }
            None => unknown.push(raw.trim().to_owned()),
        }
    }
    let header = Header { by_position };
    let missing = missing_columns(kind, &header);
    if !unknown.is_empty() {
        return Err(FileError::UnknownColumns {
            unknown,
            allowed: allowed.iter().map(|doc| doc.name.to_owned()).collect(),
            missing,
        });
    }
    if !duplicated.is_empty() {
        return Err(FileError::DuplicateColumns { duplicated });
    }
    if !missing.is_empty() {
        return Err(FileError::MissingColumns { missing });
    }
    Ok(header)
}

fn missing_columns(kind: FileKind, header: &Header) -> Vec<String> {
    let mut missing = Vec::new();
    if ![Column::Email, Column::StudentNumber, Column::Did]
        .into_iter()
        .any(|column| header.has(column))
    {
        missing.push("one of email, student_number, did".to_owned());
    }
    let given = header.has(Column::GivenNames);
    let family = header.has(Column::FamilyNames);
    match kind {
        FileKind::Enrolments if !header.has(Column::FullName) && !given && !family => {
            missing.push("given_names + family_names, or full_name".to_owned());
        }
        _ => {}
    }
    if given && !family {
        missing.push("family_names (with given_names)".to_owned());
    } else if family && !given {
        missing.push("given_names (with family_names)".to_owned());
    }
    let required: &[Column] = match kind {
        FileKind::Enrolments => &[Column::EnrolledOn],
        FileKind::Results => &[Column::Passed, Column::AssessedOn],
    };
    for column in required {
        if !header.has(*column) {
            missing.push(column.name().to_owned());
        }
    }
    if header.has(Column::Grade) && !header.has(Column::GradingScheme) {
        missing.push("grading_scheme (with grade)".to_owned());
    } else if header.has(Column::GradingScheme) && !header.has(Column::Grade) {
        missing.push("grade (with grading_scheme)".to_owned());
    }
    missing
}
