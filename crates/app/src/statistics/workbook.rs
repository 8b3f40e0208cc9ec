//! The statistics as one Excel workbook: a first sheet with what the workbook holds, the filters
//! applied, when it was extracted, the small-numbers rule and the definition of every column;
//! then a sheet per overview with real numeric cells, a frozen header, an autofilter, column
//! widths, the totals under the rows and, for the trends, a native Excel line chart of the year
//! totals.

use model::UiLang;
use rust_xlsxwriter::{Chart, Format, Workbook, Worksheet, XlsxError};
use time::OffsetDateTime;

use super::table::{Cell, StatTable};

fn nl(lang: UiLang) -> bool {
    lang == UiLang::Nl
}

/// The workbook of `tables`, made at `generated_at` with `filters`.
pub fn workbook(
    tables: &[StatTable],
    filters: &[(String, String)],
    generated_at: OffsetDateTime,
    rule: &str,
    lang: UiLang,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap();
    let about = book.add_worksheet();
    about.set_name(if nl(lang) { "Toelichting" } else { "About" })?;
    about.set_column_width(0, 28)?;
    about.set_column_width(1, 90)?;
    let mut row = 0;
    about.write_string_with_format(
        row,
        0,
        if nl(lang) {
            "Statistieken van het register van microcredentials"
        } else {
            "Statistics of the register of micro-credentials"
        },
        &title,
    )?;
    row += 2;
    about.write_string_with_format(
        row,
        0,
        if nl(lang) {
            "Opgevraagd op"
        } else {
            "Extracted at"
        },
        &bold,
    )?;
    about.write_string(
        row,
        1,
        generated_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
    )?;
    row += 1;
    for (key, value) in filters {
        about.write_string_with_format(row, 0, key, &bold)?;
        about.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    about.write_string_with_format(
        row,
        0,
        if nl(lang) {
            "Kleine aantallen"
        } else {
            "Small numbers"
        },
        &bold,
    )?;
    about.write_string_with_format(row, 1, rule, &wrap)?;
    row += 2;
    for table in tables {
        about.write_string_with_format(row, 0, table.title(lang), &title)?;
        about.write_string(
            row,
            1,
            format!("{} {}", if nl(lang) { "Blad" } else { "Sheet" }, table.id),
        )?;
        row += 1;
        for column in &table.columns {
            about.write_string_with_format(row, 0, column.label(lang), &bold)?;
            about.write_string_with_format(row, 1, column.definition(lang), &wrap)?;
            row += 1;
        }
        row += 1;
    }
    let mut names: Vec<String> = Vec::new();
    for table in tables {
        // A sheet per answer; the same overview twice gets a number.
        let mut name = table.id.to_owned();
        let mut number = 1;
        while names.contains(&name) {
            number += 1;
            name = format!("{}-{number}", table.id);
        }
        names.push(name.clone());
        let sheet = book.add_worksheet();
        sheet_of(sheet, &name, table, lang, &bold)?;
    }
    book.save_to_buffer()
}

fn sheet_of(
    sheet: &mut Worksheet,
    name: &str,
    table: &StatTable,
    lang: UiLang,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let threshold = table.suppression.as_ref().map_or(0, |s| s.threshold);
    for (column, definition) in table.columns.iter().enumerate() {
        let column_number = u16::try_from(column).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, column_number, definition.label(lang), bold)?;
        let width = table
            .rows
            .iter()
            .chain(&table.totals)
            .filter_map(|row| row.get(column))
            .map(|cell| cell.text(threshold, lang).chars().count())
            .chain(std::iter::once(definition.label(lang).chars().count()))
            .max()
            .unwrap_or(8)
            .clamp(6, 48);
        sheet.set_column_width(column_number, width as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let decimal = Format::new().set_num_format("0.00");
    let write = |sheet: &mut Worksheet,
                 row: u32,
                 cells: &[Cell],
                 format: Option<&Format>|
     -> Result<(), XlsxError> {
        for (column, cell) in cells.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(u16::MAX);
            match cell {
                Cell::Count(count) => {
                    sheet.write_number(row, column, *count as f64)?;
                }
                Cell::Year(year, _) => {
                    sheet.write_number(row, column, f64::from(*year))?;
                }
                Cell::Number(number) => {
                    sheet.write_number_with_format(row, column, *number, &decimal)?;
                }
                Cell::Text(text) => {
                    sheet.write_string(row, column, text)?;
                }
                Cell::Suppressed { .. } => {
                    sheet.write_string(row, column, cell.text(threshold, lang))?;
                }
                Cell::Empty => {}
            }
            if let (Some(format), Cell::Text(text)) = (format, cell) {
                sheet.write_string_with_format(row, column, text, format)?;
            }
        }
        Ok(())
    };
    let mut row: u32 = 1;
    for cells in &table.rows {
        write(sheet, row, cells, None)?;
        row += 1;
    }
    let last_column = u16::try_from(table.columns.len().saturating_sub(1)).unwrap_or(0);
    if !table.rows.is_empty() {
        sheet.autofilter(0, 0, row - 1, last_column)?;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, if nl(lang) { "Totalen" } else { "Totals" }, bold)?;
    row += 1;
    let first_total = row;
    for cells in &table.totals {
        write(sheet, row, cells, Some(bold))?;
        row += 1;
    }
    // A trend: the year totals of the first measure, drawn by Excel from the cells.
    let year_totals = table
        .totals
        .iter()
        .take_while(|cells| matches!(cells.first(), Some(Cell::Year(..))))
        .count() as u32;
    let measure = table.totals.first().and_then(|cells| {
        cells.iter().position(|cell| {
            matches!(
                cell,
                Cell::Count(_) | Cell::Number(_) | Cell::Suppressed { .. }
            )
        })
    });
    if let (true, Some(measure)) = (year_totals > 1, measure) {
        let measure = u16::try_from(measure).unwrap_or(0);
        let name = name.to_owned();
        let mut chart = Chart::new_line();
        chart
            .add_series()
            .set_categories((
                name.as_str(),
                first_total,
                0,
                first_total + year_totals - 1,
                0,
            ))
            .set_values((
                name.as_str(),
                first_total,
                measure,
                first_total + year_totals - 1,
                measure,
            ))
            .set_name(table.columns[usize::from(measure)].label(lang));
        chart.title().set_name(table.title(lang));
        sheet.insert_chart(1, last_column + 2, &chart)?;
    }
    Ok(())
}
