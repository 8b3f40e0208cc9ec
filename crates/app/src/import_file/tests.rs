//! Tests of reading whole files (CSV and XLSX), the header, the limits and the templates.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use model::{AssessmentRoute, EmploymentStatus, LearnerName};

use super::*;

const RESULTS_CSV: &str = "\
student_number,email,given_names,family_names,passed,grade,grading_scheme,assessed_on,supervision,route,prior_learning,issue
r001,an.peeters@example.org,An,Peeters,yes,16,0-20,2026-01-20,on_site_id_check,regular,,
r002,,,,no,,,2026-01-20,,,,
,jo@example.org,Jo,Claes,ja,,,2026-01-21,,validation,informal,nee
";

fn results(text: &str) -> ParsedFile<ResultRow> {
    parse_results(text.as_bytes(), FileFormat::Csv).unwrap()
}

fn enrolments(text: &str) -> ParsedFile<EnrolmentRow> {
    parse_enrolments(text.as_bytes(), FileFormat::Csv).unwrap()
}

fn date(text: &str) -> time::Date {
    fields::parse_date(text).unwrap()
}

#[test]
fn a_comma_separated_results_file_reads_every_row() {
    let parsed = results(RESULTS_CSV);
    assert_eq!(parsed.errors, vec![]);
    assert_eq!(parsed.total_rows, 3);
    let numbers: Vec<usize> = parsed.rows.iter().map(|row| row.row_number).collect();
    assert_eq!(numbers, vec![2, 3, 4]);
    let first = &parsed.rows[0].value;
    assert!(first.has_name && first.outcome.passed && first.issue);
    assert_eq!(first.learner.student_number.as_deref(), Some("r001"));
    assert_eq!(first.outcome.grade.as_ref().unwrap().value, "16");
    assert_eq!(first.outcome.assessed_on, date("2026-01-20"));
    assert_eq!(
        first.outcome.supervision,
        Some(model::vocab::Supervision::OnSiteIdCheck)
    );
    let second = &parsed.rows[1].value;
    assert!(!second.has_name, "a row without names must not claim one");
    assert!(!second.outcome.passed && !second.issue);
    assert_eq!(second.outcome.route, AssessmentRoute::Regular);
    let third = &parsed.rows[2].value;
    assert_eq!(
        third.outcome.route,
        AssessmentRoute::Validation {
            prior_learning: model::vocab::LearningSetting::Informal
        }
    );
    assert!(
        third.outcome.passed && !third.issue,
        "issue=nee is honoured"
    );
}

#[test]
fn semicolons_a_byte_order_mark_and_crlf_read_like_commas() {
    let semicolons = format!(
        "\u{feff}{}",
        RESULTS_CSV.replace(',', ";").replace('\n', "\r\n")
    );
    let with_commas = results(RESULTS_CSV);
    let with_semicolons = results(&semicolons);
    assert_eq!(with_semicolons.errors, vec![]);
    assert_eq!(with_semicolons, with_commas);
}

#[test]
fn good_enrolments_read_with_header_in_any_order_and_case() {
    let parsed = enrolments(
        " Enrolled_On ;FULL_NAME;Student Number;employment-status\n\
         2025-09-15;Mohammed El Amrani;0012345;Self-employed\n\
         2025-09-16;Lotte Janssens;0012346;\n",
    );
    assert_eq!(parsed.errors, vec![]);
    let first = &parsed.rows[0].value;
    assert_eq!(
        first.learner.name,
        LearnerName::Full {
            full_name: "Mohammed El Amrani".into()
        }
    );
    assert_eq!(first.learner.student_number.as_deref(), Some("0012345"));
    assert_eq!(first.employment_status, EmploymentStatus::SelfEmployed);
    assert_eq!(first.enrolled_on, date("2025-09-15"));
    assert_eq!(
        parsed.rows[1].value.employment_status,
        EmploymentStatus::Unknown,
        "empty means unknown"
    );
}

#[test]
fn quoted_fields_and_blank_lines_keep_spreadsheet_row_numbers() {
    let parsed = enrolments(
        "full_name,email,enrolled_on\n\
         \"Peeters, An\",an@example.org,2025-09-15\n\
         \n\
         \"Multi\nLine\",multi@example.org,2025-09-15\n\
         ,,\n\
         Bad Date,bad@example.org,2025-13-01\n",
    );
    assert_eq!(parsed.total_rows, 3, "blank rows are not counted");
    let numbers: Vec<usize> = parsed.rows.iter().map(|row| row.row_number).collect();
    assert_eq!(numbers, vec![2]);
    // The quoted line break spans two lines of the file but is one spreadsheet row (4), as a
    // spreadsheet shows it; a name with a line break is refused there. The blank line 3 is a
    // row, so the bad date is on row 6 (line 7 of the file).
    let error_rows: Vec<usize> = parsed.errors.iter().map(|error| error.row_number).collect();
    assert_eq!(error_rows, vec![4, 6]);
    assert_eq!(parsed.errors[0].column.as_deref(), Some("full_name"));
    assert_eq!(
        parsed.rows[0].value.learner.name.display(),
        "Peeters, An",
        "a quoted delimiter is part of the field"
    );
}

#[test]
fn an_xlsx_with_numbers_dates_and_booleans_reads_like_text() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (col, name) in (0u16..).zip(["student_number", "full_name", "passed", "assessed_on"]) {
        sheet.write_string(0, col, name).unwrap();
    }
    sheet.write_number(1, 0, 12345).unwrap();
    sheet.write_string(1, 1, "An Peeters").unwrap();
    sheet.write_boolean(1, 2, true).unwrap();
    let day = ExcelDateTime::from_ymd(2026, 1, 20).unwrap();
    sheet
        .write_datetime_with_format(1, 3, &day, &date_format)
        .unwrap();
    sheet.write_string(2, 0, "r0099").unwrap();
    sheet.write_number(2, 2, 0).unwrap();
    sheet.write_string(2, 3, "2026-01-21").unwrap();
    // Row 4 left empty; row 5 has a date that is text in the wrong form.
    sheet.write_string(4, 0, "r0100").unwrap();
    sheet.write_string(4, 2, "yes").unwrap();
    sheet.write_string(4, 3, "21/01/2026").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    assert_eq!(
        FileFormat::detect("results.xlsx", &bytes),
        Some(FileFormat::Xlsx)
    );
    let parsed = parse_results(&bytes, FileFormat::Xlsx).unwrap();
    assert_eq!(parsed.total_rows, 3);
    assert_eq!(parsed.rows.len(), 2);
    let first = &parsed.rows[0];
    assert_eq!(first.row_number, 2);
    assert_eq!(first.value.learner.student_number.as_deref(), Some("12345"));
    assert!(first.value.outcome.passed);
    assert_eq!(first.value.outcome.assessed_on, date("2026-01-20"));
    let second = &parsed.rows[1];
    assert_eq!(
        second.value.learner.student_number.as_deref(),
        Some("r0099")
    );
    assert!(!second.value.outcome.passed);
    assert_eq!(second.value.outcome.assessed_on, date("2026-01-21"));
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].row_number, 5);
    assert_eq!(parsed.errors[0].column.as_deref(), Some("assessed_on"));
}

#[test]
fn templates_parse_back_without_errors() {
    for &kind in FileKind::ALL {
        for format in [FileFormat::Csv, FileFormat::Xlsx] {
            let bytes = match format {
                FileFormat::Csv => template_csv(kind),
                FileFormat::Xlsx => template_xlsx(kind).unwrap(),
            };
            let (rows, errors) = match kind {
                FileKind::Enrolments => {
                    let parsed = parse_enrolments(&bytes, format).unwrap();
                    (parsed.rows.len(), parsed.errors)
                }
                FileKind::Results => {
                    let parsed = parse_results(&bytes, format).unwrap();
                    (parsed.rows.len(), parsed.errors)
                }
            };
            assert_eq!(errors, vec![], "{kind:?} {format:?}");
            assert_eq!(rows, 2, "{kind:?} {format:?}");
        }
    }
}

#[test]
fn the_xlsx_template_documents_every_column_and_is_reproducible() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = template_xlsx(FileKind::Results).unwrap();
    assert_eq!(bytes, template_xlsx(FileKind::Results).unwrap());
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), vec!["Results", "Columns"]);
    let documented = workbook.worksheet_range("Columns").unwrap();
    let names: Vec<String> = documented
        .rows()
        .skip(1)
        .map(|row| match &row[0] {
            Data::String(name) => name.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    let expected: Vec<&str> = columns(FileKind::Results).iter().map(|c| c.name).collect();
    assert_eq!(names, expected);
}

#[test]
fn unknown_columns_are_named_with_the_allowed_list() {
    let error = parse_enrolments(
        b"full_name,email,enrolled_on,studentnummer,notes\n",
        FileFormat::Csv,
    )
    .unwrap_err();
    assert_eq!(error.code(), "unknown_columns");
    let FileError::UnknownColumns {
        unknown, allowed, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        unknown,
        &vec!["studentnummer".to_owned(), "notes".to_owned()]
    );
    assert!(allowed.contains(&"student_number".to_owned()));
    let message = error.to_string();
    assert!(message.contains("studentnummer") && message.contains("employment_status"));
}

#[test]
fn a_missing_required_column_is_one_file_error() {
    let error = parse_results(b"email,passed\nan@example.org,yes\n", FileFormat::Csv).unwrap_err();
    assert_eq!(
        error,
        FileError::MissingColumns {
            missing: vec!["assessed_on".into()]
        }
    );
    let error = parse_enrolments(b"full_name,enrolled_on\n", FileFormat::Csv).unwrap_err();
    assert_eq!(error.code(), "missing_columns");
    assert!(
        error
            .to_string()
            .contains("one of email, student_number, did")
    );
    let error = parse_results(b"email,passed,assessed_on,grade\n", FileFormat::Csv).unwrap_err();
    assert!(error.to_string().contains("grading_scheme"));
    let error =
        parse_enrolments(b"email,email,full_name,enrolled_on\n", FileFormat::Csv).unwrap_err();
    assert_eq!(error.code(), "duplicate_columns");
}

#[test]
fn an_empty_file_is_refused_and_a_header_alone_has_no_rows() {
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\n\n", b";;;\r\n"] {
        assert_eq!(
            parse_enrolments(empty, FileFormat::Csv),
            Err(FileError::Empty),
            "{empty:?}"
        );
    }
    let parsed = enrolments("full_name,email,enrolled_on\r\n");
    assert_eq!((parsed.total_rows, parsed.rows.len()), (0, 0));
}

#[test]
fn a_huge_field_is_a_row_error_and_the_other_rows_come_through() {
    let huge = "x".repeat(MAX_FIELD_CHARS + 1);
    let text = format!(
        "full_name,email,enrolled_on\n{huge},a@example.org,2025-09-15\nB,b@example.org,2025-09-15\n"
    );
    let parsed = enrolments(&text);
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rows[0].row_number, 3);
    assert_eq!(parsed.errors.len(), 1);
    let error = &parsed.errors[0];
    assert_eq!(
        (
            error.row_number,
            error.column.as_deref(),
            error.code.as_str()
        ),
        (2, Some("full_name"), "field_too_long")
    );
}

#[test]
fn row_keys_do_not_depend_on_row_order() {
    let mut lines: Vec<&str> = RESULTS_CSV.lines().collect();
    let forward = results(RESULTS_CSV);
    lines[1..].reverse();
    let backward = results(&lines.join("\n"));
    let keys = |parsed: &ParsedFile<ResultRow>| {
        let mut keys: Vec<(String, Option<String>)> = parsed
            .rows
            .iter()
            .map(|row| (row.row_key.clone(), row.value.learner.email.clone()))
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&forward), keys(&backward));
    // Row 2 holds another learner once the rows are reversed, so its key differs.
    assert_ne!(forward.rows[0].row_key, backward.rows[0].row_key);
    assert_eq!(forward.rows[0].row_key.len(), 64);
    // The kind is part of the key: enrolling and assessing a learner are different work.
    let enrolment = enrolments("student_number,full_name,enrolled_on\nr001,An,2025-09-15\n");
    assert!(
        forward
            .rows
            .iter()
            .all(|row| row.row_key != enrolment.rows[0].row_key)
    );
}

#[test]
fn a_value_under_no_header_is_a_row_error() {
    let parsed = enrolments(
        "full_name,email,enrolled_on\nAn,a@example.org,2025-09-15,note\nB,b@example.org,2025-09-15,\n",
    );
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.errors[0].code, "unnamed_column");
    assert!(
        parsed.errors[0].message.contains("D2"),
        "{}",
        parsed.errors[0].message
    );
}

#[test]
fn files_beyond_the_limits_are_refused() {
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    assert_eq!(
        parse_enrolments(&big, FileFormat::Csv).unwrap_err().code(),
        "file_too_large"
    );
    let mut text = String::from("email,passed,assessed_on\n");
    for _ in 0..=MAX_ROWS {
        text.push_str("x,,\n");
    }
    assert_eq!(
        parse_results(text.as_bytes(), FileFormat::Csv),
        Err(FileError::TooManyRows { limit: MAX_ROWS })
    );
}

#[test]
fn text_that_is_not_utf8_is_refused_with_its_line() {
    let latin1 = b"full_name,email,enrolled_on\nJos\xE9,j@example.org,2025-09-15\n";
    assert_eq!(
        parse_enrolments(latin1, FileFormat::Csv),
        Err(FileError::NotUtf8 { line: 2 })
    );
}

/// Byte offset of the central-directory record of `name` in a zip.
fn central_record(bytes: &[u8], name: &str) -> usize {
    (0..bytes.len() - 46)
        .find(|&at| {
            bytes[at..].starts_with(b"PK\x01\x02") && bytes[at + 46..].starts_with(name.as_bytes())
        })
        .unwrap()
}

#[test]
fn an_xlsx_that_declares_a_huge_unpacked_size_is_refused_before_unpacking() {
    let mut bytes = template_xlsx(FileKind::Enrolments).unwrap();
    let at = central_record(&bytes, "xl/sharedStrings.xml");
    bytes[at + 24..at + 28].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    assert_eq!(
        parse_enrolments(&bytes, FileFormat::Xlsx)
            .unwrap_err()
            .code(),
        "xlsx_too_large_unpacked"
    );
}

#[test]
fn an_xlsx_part_that_unpacks_beyond_its_declared_size_is_refused() {
    let mut bytes = template_xlsx(FileKind::Enrolments).unwrap();
    let at = central_record(&bytes, "xl/worksheets/sheet1.xml");
    bytes[at + 24..at + 28].copy_from_slice(&100u32.to_le_bytes());
    assert_eq!(
        parse_enrolments(&bytes, FileFormat::Xlsx)
            .unwrap_err()
            .code(),
        "unreadable_xlsx"
    );
}

#[test]
fn formats_are_recognised_by_content_then_name() {
    let xlsx = template_xlsx(FileKind::Results).unwrap();
    assert_eq!(
        FileFormat::detect("results.csv", &xlsx),
        Some(FileFormat::Xlsx)
    );
    assert_eq!(FileFormat::detect("upload", &xlsx), Some(FileFormat::Xlsx));
    assert_eq!(
        FileFormat::detect("results.CSV", b"email\n"),
        Some(FileFormat::Csv)
    );
    assert_eq!(
        FileFormat::detect("results", b"email\n"),
        Some(FileFormat::Csv)
    );
    assert_eq!(FileFormat::detect("results.xlsx", b"email\n"), None);
    assert_eq!(FileFormat::detect("old.xls", b"\xD0\xCF\x11\xE0rest"), None);
    assert_eq!(FileFormat::detect("sheet.ods", &xlsx), None);
    assert_eq!(
        parse_results(b"email\n", FileFormat::Xlsx)
            .unwrap_err()
            .code(),
        "unreadable_xlsx"
    );
}

/// A results file of `rows` good rows, as a test generator for volume and speed.
pub(super) fn generated_results(rows: usize) -> String {
    let mut text = String::from(
        "student_number;email;given_names;family_names;employment_status;passed;grade;grading_scheme;assessed_on;supervision;route;prior_learning;issue\r\n",
    );
    for index in 0..rows {
        let (route, prior) = if index % 10 == 0 {
            ("validation", "non_formal")
        } else {
            ("regular", "")
        };
        text.push_str(&format!(
            "r{index:07};learner{index}@example.org;Given{index};Family {index};employed;{};{};0-20;2026-01-{:02};on_site_id_check;{route};{prior};\r\n",
            if index % 7 == 0 { "no" } else { "yes" },
            10 + index % 11,
            1 + index % 28,
        ));
    }
    text
}

#[test]
fn a_generated_file_reads_completely() {
    let parsed = results(&generated_results(2_000));
    assert_eq!(parsed.errors, vec![]);
    assert_eq!(parsed.rows.len(), 2_000);
    assert!(!parsed.rows[0].value.issue, "row 0 failed");
    assert!(parsed.rows[1].value.issue);
}

/// `cargo test -p app --release --lib import_file -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, not a check: run in release"]
#[allow(clippy::disallowed_methods)]
fn throughput_of_100_000_result_rows() {
    let text = generated_results(100_000);
    let mut best = std::time::Duration::MAX;
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let parsed = results(&text);
        best = best.min(started.elapsed());
        assert_eq!(parsed.rows.len(), 100_000);
    }
    println!(
        "100,000 result rows ({} MB of CSV) in {best:?}: {:.0} rows/s",
        text.len() / 1_000_000,
        100_000.0 / best.as_secs_f64()
    );
}

#[test]
fn codes_lists_every_file_errors_code_once() {
    let text = || "x".to_owned();
    let every = [
        FileError::TooLarge { size: 2, limit: 1 },
        FileError::TooManyRows { limit: 1 },
        FileError::Empty,
        FileError::NotUtf8 { line: 1 },
        FileError::UnreadableCsv(text()),
        FileError::UnreadableXlsx(text()),
        FileError::XlsxTooLargeUnpacked { size: 2, limit: 1 },
        FileError::UnknownColumns {
            unknown: Vec::new(),
            allowed: Vec::new(),
            missing: Vec::new(),
        },
        FileError::MissingColumns {
            missing: Vec::new(),
        },
        FileError::DuplicateColumns {
            duplicated: Vec::new(),
        },
        FileError::Template(text()),
    ];
    let codes: Vec<&str> = every.iter().map(FileError::code).collect();
    assert_eq!(codes, FileError::CODES);
    // A new variant fails to compile here until it is listed above.
    for (position, error) in every.iter().enumerate() {
        let listed = match error {
            FileError::TooLarge { .. } => 0,
            FileError::TooManyRows { .. } => 1,
            FileError::Empty => 2,
            FileError::NotUtf8 { .. } => 3,
            FileError::UnreadableCsv(_) => 4,
            FileError::UnreadableXlsx(_) => 5,
            FileError::XlsxTooLargeUnpacked { .. } => 6,
            FileError::UnknownColumns { .. } => 7,
            FileError::MissingColumns { .. } => 8,
            FileError::DuplicateColumns { .. } => 9,
            FileError::Template(_) => 10,
        };
        assert_eq!(listed, position);
    }
}
