//! The statistics' counts as SQL: the flags of an enrolment's progress and the term of a date,
//! shared by the increments of `counts.rs` and the recount that fills the count tables from
//! the learning tables (migration 11 and `microcred statistics recount`).

/// The flags of an enrolment's progress, as `(column, condition on e)`; the recount sums them
/// per group, the increments read them per enrolment.
pub(super) fn completion_flags() -> [(&'static str, String); 6] {
    let assessment = "SELECT 1 FROM assessments a WHERE a.enrolment_id = e.id";
    let credential = "SELECT 1 FROM credentials c JOIN assessments a ON a.id = c.assessment_id \
                      WHERE c.enrolment_id = e.id AND c.replaced_by IS NULL";
    [
        ("assessed", format!("EXISTS ({assessment})")),
        ("passed", format!("EXISTS ({assessment} AND a.passed = 1)")),
        ("credentialed", format!("EXISTS ({credential})")),
        (
            "validation_requested",
            format!("EXISTS ({assessment} AND a.route = 'validation')"),
        ),
        (
            "validation_passed",
            format!("EXISTS ({assessment} AND a.route = 'validation' AND a.passed = 1)"),
        ),
        (
            "validation_credentialed",
            format!("EXISTS ({credential} AND a.route = 'validation')"),
        ),
    ]
}

/// Empties the counts and fills them again from the learning tables: the migration that made
/// them runs it, and the tests hold the increments to it.
pub(crate) fn recount_sql() -> String {
    let flags: Vec<String> = completion_flags()
        .iter()
        .map(|(column, condition)| {
            format!("CAST(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS BIGINT) AS {column}")
        })
        .collect();
    let columns: Vec<&str> = completion_flags()
        .iter()
        .map(|(column, _)| *column)
        .collect();
    format!(
        "DELETE FROM stat_enrolment_status;\n\
         DELETE FROM stat_enrolment_funding;\n\
         DELETE FROM stat_credentials;\n\
         DELETE FROM stat_completion;\n\
         INSERT INTO stat_enrolment_status (provider_id, offering_id, term, employment_status, enrolments) \
         SELECT provider_id, offering_id, {term_enrolled}, employment_status, COUNT(*) \
         FROM enrolments GROUP BY provider_id, offering_id, {term_enrolled}, employment_status;\n\
         INSERT INTO stat_enrolment_funding (provider_id, offering_id, term, funding_scheme, enrolments, with_amount, amount_cents) \
         SELECT provider_id, offering_id, {term_enrolled}, COALESCE(funding_scheme, ''), \
         COUNT(*), COUNT(funding_cents), CAST(COALESCE(SUM(funding_cents), 0) AS BIGINT) \
         FROM enrolments GROUP BY provider_id, offering_id, {term_enrolled}, COALESCE(funding_scheme, '');\n\
         INSERT INTO stat_credentials (provider_id, offering_id, term, route, state, credentials) \
         SELECT c.provider_id, c.offering_id, {term_issued}, a.route, c.state, COUNT(*) \
         FROM credentials c JOIN assessments a ON a.id = c.assessment_id WHERE c.replaced_by IS NULL \
         GROUP BY c.provider_id, c.offering_id, {term_issued}, a.route, c.state;\n\
         INSERT INTO stat_completion (provider_id, offering_id, term, enrolled, {}) \
         SELECT e.provider_id, e.offering_id, {term_e}, COUNT(*), {} \
         FROM enrolments e GROUP BY e.provider_id, e.offering_id, {term_e};\n",
        columns.join(", "),
        flags.join(", "),
        term_enrolled = term_sql("enrolled_on"),
        term_issued = term_sql("c.issued_at"),
        term_e = term_sql("e.enrolled_on"),
    )
}

/// The term of a stored date or timestamp: its first month, `YYYY-01` for January to August and
/// `YYYY-09` for September to December — the coarsest grain calendar years (two terms) and
/// academic years from 1 September (the autumn term and the next year's first) both add up from.
pub(super) fn term_sql(column: &str) -> String {
    format!(
        "substr({column}, 1, 4) || CASE WHEN substr({column}, 6, 2) >= '09' THEN '-09' ELSE '-01' END"
    )
}

/// The term of `day` (see `term_sql`).
pub(super) fn term(day: time::Date) -> String {
    let month = if u8::from(day.month()) >= 9 {
        "09"
    } else {
        "01"
    };
    format!("{:04}-{month}", day.year())
}
