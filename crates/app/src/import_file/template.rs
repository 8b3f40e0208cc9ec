//! Templates of enrolment and result files: the header and two example rows, as CSV and as an
//! XLSX workbook whose second sheet documents every column.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, Note,
    Workbook, Worksheet, XlsxError,
};

use super::columns::{ColumnDoc, Values, columns};
use super::fields::parse_date;
use super::{FileError, FileKind, MAX_ROWS};

/// Example rows by column name; columns not named are empty.
type Example = &'static [(&'static str, &'static str)];

const DID_EXAMPLE: &str = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

const ENROLMENT_EXAMPLES: [Example; 2] = [
    &[
        ("given_names", "An"),
        ("family_names", "Peeters"),
        ("email", "an.peeters@example.org"),
        ("student_number", "r0123456"),
        ("employment_status", "employed"),
        ("enrolled_on", "2025-09-15"),
    ],
    &[
        ("full_name", "Mohammed El Amrani"),
        ("email", "m.elamrani@example.org"),
        ("student_number", "0012345"),
        ("did", DID_EXAMPLE),
        ("employment_status", "job_seeker"),
        ("enrolled_on", "2025-09-16"),
    ],
];

const RESULT_EXAMPLES: [Example; 2] = [
    &[
        ("email", "an.peeters@example.org"),
        ("student_number", "r0123456"),
        ("given_names", "An"),
        ("family_names", "Peeters"),
        ("employment_status", "employed"),
        ("passed", "yes"),
        ("grade", "16"),
        ("grading_scheme", "0-20"),
        ("assessed_on", "2026-01-20"),
        ("supervision", "on_site_id_check"),
        ("route", "regular"),
        ("issue", "yes"),
    ],
    &[
        ("email", "m.elamrani@example.org"),
        ("student_number", "0012345"),
        ("full_name", "Mohammed El Amrani"),
        ("employment_status", "job_seeker"),
        ("passed", "yes"),
        ("assessed_on", "2026-01-22"),
        ("supervision", "supervised_online"),
        ("route", "validation"),
        ("prior_learning", "informal"),
        ("issue", "yes"),
    ],
];

fn examples(kind: FileKind) -> &'static [Example; 2] {
    match kind {
        FileKind::Enrolments => &ENROLMENT_EXAMPLES,
        FileKind::Results => &RESULT_EXAMPLES,
    }
}

fn example_value(example: Example, column: &str) -> &'static str {
    example
        .iter()
        .find(|(name, _)| *name == column)
        .map_or("", |(_, value)| value)
}

/// The CSV template: UTF-8 with a byte-order mark (so that Excel shows accents), `,`, CRLF.
pub fn template_csv(kind: FileKind) -> Vec<u8> {
    let columns = columns(kind);
    let mut text = String::from('\u{feff}');
    let mut push_line = |fields: Vec<&str>| {
        let quoted: Vec<String> = fields.into_iter().map(quote_csv).collect();
        text.push_str(&quoted.join(","));
        text.push_str("\r\n");
    };
    push_line(columns.iter().map(|column| column.name).collect());
    for example in examples(kind) {
        push_line(
            columns
                .iter()
                .map(|column| example_value(example, column.name))
                .collect(),
        );
    }
    text.into_bytes()
}

fn quote_csv(field: &str) -> String {
    if field.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// The XLSX template: a sheet with the header (bold, each cell with a note) and the examples,
/// drop-down lists for coded columns, and a sheet "Columns" that documents every column.
pub fn template_xlsx(kind: FileKind) -> Result<Vec<u8>, FileError> {
    build_workbook(kind).map_err(|error| FileError::Template(error.to_string()))
}

fn build_workbook(kind: FileKind) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date: the same template is the same bytes (and no clock is read here).
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("microcred {} template", kind.code()))
            .set_creation_datetime(&created),
    );
    let sheet_name = match kind {
        FileKind::Enrolments => "Enrolments",
        FileKind::Results => "Results",
    };
    write_data_sheet(workbook.add_worksheet().set_name(sheet_name)?, kind)?;
    write_columns_sheet(workbook.add_worksheet().set_name("Columns")?, kind)?;
    workbook.save_to_buffer()
}

fn write_data_sheet(sheet: &mut Worksheet, kind: FileKind) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let last_row = u32::try_from(MAX_ROWS).unwrap_or(u32::MAX);
    for (position, column) in columns(kind).iter().enumerate() {
        let col = u16::try_from(position).unwrap_or(u16::MAX);
        let is_date = matches!(column.values, Values::Date);
        sheet.set_column_format(col, if is_date { &date } else { &text })?;
        sheet.set_column_width(col, column_width(column))?;
        sheet.write_string_with_format(0, col, column.name, &header)?;
        let note = format!(
            "{}\n\nRequired: {}.\nValues: {}.",
            column.description,
            column.required.label(),
            column.values.describe()
        );
        sheet.insert_note(
            0,
            col,
            &Note::new(note)
                .add_author_prefix(false)
                .set_width(360)
                .set_height(160),
        )?;
        for (index, example) in examples(kind).iter().enumerate() {
            let row = u32::try_from(index + 1).unwrap_or(1);
            let value = example_value(example, column.name);
            match parse_date(value).filter(|_| is_date) {
                Some(day) => {
                    let cell = ExcelDateTime::from_ymd(
                        u16::try_from(day.year()).unwrap_or(2025),
                        u8::from(day.month()),
                        day.day(),
                    )?;
                    sheet.write_datetime_with_format(row, col, &cell, &date)?;
                }
                None if value.is_empty() => {}
                None => {
                    sheet.write_string_with_format(row, col, value, &text)?;
                }
            }
        }
        if let Some(validation) = drop_down(column)? {
            sheet.add_data_validation(1, col, last_row, col, &validation)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A drop-down list for columns with a fixed set of values. A warning rather than a refusal:
/// the reader also takes other spellings (ja/nee, "Self-employed").
fn drop_down(column: &ColumnDoc) -> Result<Option<DataValidation>, XlsxError> {
    let values = match column.values {
        Values::YesNo => vec!["yes".to_owned(), "no".to_owned()],
        Values::Codes(codes) => codes(),
        _ => return Ok(None),
    };
    let validation = DataValidation::new()
        .allow_list_strings(&values)?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message(format!("{}: {}", column.name, column.values.describe()))?;
    Ok(Some(validation))
}

fn column_width(column: &ColumnDoc) -> f64 {
    let widest = column.name.len().max(column.example.len()).min(40);
    (widest + 2) as f64
}

fn write_columns_sheet(sheet: &mut Worksheet, kind: FileKind) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let wrapped = Format::new().set_text_wrap();
    let titles = [
        "column",
        "required",
        "allowed values",
        "description",
        "example",
    ];
    let widths = [20.0, 26.0, 44.0, 70.0, 30.0];
    for (col, (title, width)) in (0u16..).zip(titles.iter().zip(widths)) {
        sheet.write_string_with_format(0, col, *title, &header)?;
        sheet.set_column_width(col, width)?;
    }
    for (row, column) in (1u32..).zip(columns(kind)) {
        let cells = [
            column.name.to_owned(),
            column.required.label().to_owned(),
            column.values.describe(),
            column.description.to_owned(),
            column.example.to_owned(),
        ];
        for (col, cell) in (0u16..).zip(cells) {
            sheet.write_string_with_format(row, col, cell, &wrapped)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
