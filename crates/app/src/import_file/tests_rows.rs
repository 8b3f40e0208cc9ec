//! Tests of bad rows: each is reported with its row number, column and code, and the good rows
//! around it still come through.

use super::*;

const RESULT_HEADER: &str = "student_number,email,given_names,family_names,employment_status,passed,grade,grading_scheme,assessed_on,supervision,route,prior_learning,issue\n";

/// A good result row for learner `number`.
fn good(number: u32) -> String {
    format!(",learner{number}@example.org,,,,yes,,,2026-01-20,,,,\n")
}

/// Parses a results file of good rows around `bad` (at row 3) and returns the bad row's errors.
fn bad_result(bad: &str) -> Vec<(usize, Option<String>, String, String)> {
    let text = format!("{RESULT_HEADER}{}{bad}\n{}", good(1), good(2));
    let parsed = parse_results(text.as_bytes(), FileFormat::Csv).unwrap();
    let good_rows: Vec<usize> = parsed.rows.iter().map(|row| row.row_number).collect();
    assert_eq!(good_rows, vec![2, 4], "the good rows come through");
    assert_eq!(parsed.total_rows, 3);
    parsed
        .errors
        .into_iter()
        .map(|error| (error.row_number, error.column, error.code, error.message))
        .collect()
}

/// The one error of a bad row: (column, code, message).
fn one_error(bad: &str) -> (Option<String>, String, String) {
    let errors = bad_result(bad);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (row, column, code, message) = errors.into_iter().next().unwrap();
    assert_eq!(row, 3);
    (column, code, message)
}

fn assert_error(bad: &str, column: Option<&str>, code: &str) -> String {
    let (actual_column, actual_code, message) = one_error(bad);
    assert_eq!(
        (actual_column.as_deref(), actual_code.as_str()),
        (column, code),
        "{message}"
    );
    message
}

#[test]
fn a_bad_date_names_the_value_and_the_form() {
    let message = assert_error(
        "r3,,,,,yes,,,31-02-2025,,,,",
        Some("assessed_on"),
        "invalid_date",
    );
    assert_eq!(
        message,
        "\"31-02-2025\" is not a date (YYYY-MM-DD, e.g. 2025-09-15)"
    );
    assert_error(
        "r3,,,,,yes,,,2025-02-29,,,,",
        Some("assessed_on"),
        "invalid_date",
    );
}

#[test]
fn an_unknown_employment_status_lists_the_allowed_codes() {
    let message = assert_error(
        "r3,,,,werknemer,yes,,,2026-01-20,,,,",
        Some("employment_status"),
        "unknown_code",
    );
    assert!(
        message.contains("employed, self_employed, job_seeker, student, inactive, unknown"),
        "{message}"
    );
}

#[test]
fn passed_is_mandatory_and_yes_or_no() {
    assert_error("r3,,,,,,,,2026-01-20,,,,", Some("passed"), "missing_value");
    assert_error(
        "r3,,,,,maybe,,,2026-01-20,,,,",
        Some("passed"),
        "invalid_boolean",
    );
    assert_error("r3,,,,,yes,,,,,,,", Some("assessed_on"), "missing_value");
}

#[test]
fn a_grade_needs_its_scheme_and_the_other_way_round() {
    assert_error(
        "r3,,,,,yes,16,,2026-01-20,,,,",
        Some("grading_scheme"),
        "grade_without_scheme",
    );
    assert_error(
        "r3,,,,,yes,,0-20,2026-01-20,,,,",
        Some("grade"),
        "scheme_without_grade",
    );
}

#[test]
fn informal_learning_needs_the_validation_route() {
    let message = assert_error(
        "r3,,,,,yes,,,2026-01-20,,regular,informal,",
        Some("prior_learning"),
        "informal_needs_validation",
    );
    assert!(message.contains("only through validation"), "{message}");
    // Empty route means regular: the same refusal.
    assert_error(
        "r3,,,,,yes,,,2026-01-20,,,informal,",
        Some("prior_learning"),
        "informal_needs_validation",
    );
    assert_error(
        "r3,,,,,yes,,,2026-01-20,,regular,non_formal,",
        Some("prior_learning"),
        "prior_learning_without_validation",
    );
}

#[test]
fn validation_needs_the_setting_of_the_prior_learning() {
    assert_error(
        "r3,,,,,yes,,,2026-01-20,,validation,,",
        Some("prior_learning"),
        "prior_learning_required",
    );
    assert_error(
        "r3,,,,,yes,,,2026-01-20,,validation,formal,",
        Some("prior_learning"),
        "invalid_value",
    );
    assert_error(
        "r3,,,,,yes,,,2026-01-20,,evc,,",
        Some("route"),
        "unknown_code",
    );
}

#[test]
fn a_row_without_identifier_is_refused() {
    let message = assert_error(
        ",,An,Peeters,,yes,,,2026-01-20,,,,",
        None,
        "missing_identifier",
    );
    assert!(message.contains("email, student_number or did"));
}

#[test]
fn learner_rules_of_the_domain_name_their_column() {
    assert_error(
        ",not-an-email,,,,yes,,,2026-01-20,,,,",
        Some("email"),
        "invalid_value",
    );
    assert_error(
        "r3,,An,,,yes,,,2026-01-20,,,,",
        Some("family_names"),
        "missing_value",
    );
    assert_error(
        "r3,,,,,yes,,,2026-01-20,teleported,,,",
        Some("supervision"),
        "unknown_code",
    );
    assert_error(
        "r3,,,,,no,,,2026-01-20,,,,yes",
        Some("issue"),
        "issue_without_pass",
    );
}

#[test]
fn a_row_with_several_problems_reports_each() {
    let errors = bad_result(",,,,jobless,perhaps,16,,2026-13-01,,,,");
    let columns: Vec<(Option<&str>, &str)> = errors
        .iter()
        .map(|(_, column, code, _)| (column.as_deref(), code.as_str()))
        .collect();
    assert_eq!(
        columns,
        vec![
            (None, "missing_identifier"),
            (Some("employment_status"), "unknown_code"),
            (Some("passed"), "invalid_boolean"),
            (Some("grading_scheme"), "grade_without_scheme"),
            (Some("assessed_on"), "invalid_date"),
        ]
    );
}

#[test]
fn the_same_learner_and_date_twice_is_a_duplicate_naming_the_first_row() {
    // Same learner by e-mail, in another case: learner keys fold e-mail to lower case.
    let errors = bad_result(",Learner1@Example.org,,,,no,,,2026-01-20,,,,");
    assert_eq!(errors.len(), 1);
    let (row, column, code, message) = &errors[0];
    assert_eq!(
        (*row, column.as_deref(), code.as_str()),
        (3, None, "duplicate_row")
    );
    assert!(message.contains("row 2"), "{message}");
    // Another date is another assessment (a resit), not a duplicate.
    let text = format!(
        "{RESULT_HEADER}{}{}",
        good(1),
        ",learner1@example.org,,,,yes,,,2026-06-20,,,,\n"
    );
    let parsed = parse_results(text.as_bytes(), FileFormat::Csv).unwrap();
    assert_eq!((parsed.rows.len(), parsed.errors.len()), (2, 0));
}

#[test]
fn bad_enrolment_rows_are_reported_and_good_ones_kept() {
    let text = "given_names,family_names,full_name,email,student_number,employment_status,enrolled_on\n\
        An,Peeters,,an@example.org,,employed,2025-09-15\n\
        Jo,Claes,,jo@example.org,,,15-09-2025\n\
        ,,,nameless@example.org,,,2025-09-15\n\
        Lien,Maes,Lien Maes,lien@example.org,,,2025-09-15\n\
        Els,Wouters,,els@example.org,,unemployed,2025-09-15\n\
        Bart,Peeters,,AN@example.org,,,2025-09-16\n\
        Tom,Smet,,,r77,,\n\
        Eva,Jacobs,,eva@example.org,0042,student,2025-09-15\n";
    let parsed = parse_enrolments(text.as_bytes(), FileFormat::Csv).unwrap();
    let good: Vec<usize> = parsed.rows.iter().map(|row| row.row_number).collect();
    assert_eq!(good, vec![2, 9]);
    let errors: Vec<(usize, Option<&str>, &str)> = parsed
        .errors
        .iter()
        .map(|error| {
            (
                error.row_number,
                error.column.as_deref(),
                error.code.as_str(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            (3, Some("enrolled_on"), "invalid_date"),
            (4, Some("given_names"), "missing_value"),
            (5, Some("full_name"), "invalid_value"),
            (6, Some("employment_status"), "unknown_code"),
            (7, None, "duplicate_row"),
            (8, Some("enrolled_on"), "missing_value"),
        ]
    );
    assert_eq!(
        parsed.errors[3].to_string(),
        "row 6, column employment_status: \"unemployed\" is not an employment status; allowed: employed, self_employed, job_seeker, student, inactive, unknown"
    );
}

#[test]
fn funding_columns_read_a_scheme_and_an_amount_in_euro() {
    let text = "email,full_name,enrolled_on,funding_scheme,funding_amount\n\
                a@example.org,An,2025-09-15,vlaams_opleidingsverlof,249.50\n\
                b@example.org,Bo,2025-09-15,esf_plus,\n\
                c@example.org,Cas,2025-09-15,,\n\
                d@example.org,Dee,2025-09-15,,100\n\
                e@example.org,Eef,2025-09-15,esf_plus,-3\n\
                f@example.org,Fien,2025-09-15,esf_plus,12.345\n\
                g@example.org,Gus,2025-09-15,esf_plus,\"1.000,5\"\n";
    let parsed = parse_enrolments(text.as_bytes(), FileFormat::Csv).unwrap();
    let funding: Vec<(usize, Option<model::EnrolmentFunding>)> = parsed
        .rows
        .iter()
        .map(|row| (row.row_number, row.value.funding.clone()))
        .collect();
    let funded = |scheme: &str, cents: Option<i64>| {
        Some(model::EnrolmentFunding {
            scheme: scheme.to_owned(),
            amount_cents: cents,
        })
    };
    assert_eq!(
        funding,
        vec![
            (2, funded("vlaams_opleidingsverlof", Some(24_950))),
            (3, funded("esf_plus", None)),
            (4, None),
        ]
    );
    let errors: Vec<(usize, Option<String>, String)> = parsed
        .errors
        .into_iter()
        .map(|error| (error.row_number, error.column, error.code))
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                5,
                Some("funding_scheme".to_owned()),
                "missing_value".to_owned()
            ),
            (
                6,
                Some("funding_amount".to_owned()),
                "invalid_value".to_owned()
            ),
            (
                7,
                Some("funding_amount".to_owned()),
                "invalid_value".to_owned()
            ),
            (
                8,
                Some("funding_amount".to_owned()),
                "invalid_value".to_owned()
            ),
        ]
    );
}
