//! Rows of the first worksheet of an XLSX workbook, read cell by cell (calamine's streaming
//! reader: no sheet-sized grid is built, so a stray cell at XFD1048576 costs nothing).

use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx, XlsxCellReader};
use time::{Date, Month};

use super::source::{Cell, RawRow, RowSource};
use super::{FileError, MAX_XLSX_UNPACKED_BYTES};

/// Opens the workbook and hands its first visible worksheet's rows to `parse`.
pub(super) fn with_rows<T>(
    bytes: &[u8],
    parse: impl FnOnce(&mut dyn RowSource) -> Result<T, FileError>,
) -> Result<T, FileError> {
    check_unpacked_size(bytes)?;
    let mut workbook: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet = workbook
        .sheets_metadata()
        .iter()
        .find(|sheet| {
            matches!(sheet.typ, SheetType::WorkSheet)
                && matches!(sheet.visible, SheetVisible::Visible)
        })
        .map(|sheet| sheet.name.clone())
        .ok_or_else(|| FileError::UnreadableXlsx("the workbook has no visible worksheet".into()))?;
    let cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    let mut rows = XlsxRows {
        cells,
        pending: None,
        finished: false,
    };
    parse(&mut rows)
}

fn unreadable(error: impl std::fmt::Display) -> FileError {
    FileError::UnreadableXlsx(error.to_string())
}

/// Refuses a workbook whose parts declare more than the limit unpacked. The zip reader that
/// calamine uses fails any part that unpacks to more than it declares, so the declared sizes
/// bound the memory the workbook can take (a zip bomb is refused before anything is unpacked).
fn check_unpacked_size(bytes: &[u8]) -> Result<(), FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| FileError::UnreadableXlsx(format!("not a zip archive ({error})")))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(unreadable)?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_XLSX_UNPACKED_BYTES {
        return Err(FileError::XlsxTooLargeUnpacked {
            size: total,
            limit: MAX_XLSX_UNPACKED_BYTES,
        });
    }
    Ok(())
}

struct XlsxRows<'a> {
    cells: XlsxCellReader<'a, Cursor<&'a [u8]>>,
    /// The first cell of the next row, read while finishing the current one.
    pending: Option<(usize, usize, Cell)>,
    /// The sheet's end was reached: calamine's reader must not be asked again (it would
    /// report the closed `sheetData` as unexpected).
    finished: bool,
}

impl XlsxRows<'_> {
    /// The next non-empty cell: (row number as the user sees it, column position, value).
    fn next_cell(&mut self) -> Result<Option<(usize, usize, Cell)>, FileError> {
        if let Some(pending) = self.pending.take() {
            return Ok(Some(pending));
        }
        if self.finished {
            return Ok(None);
        }
        while let Some(cell) = self.cells.next_cell().map_err(unreadable)? {
            let (row, column) = cell.get_position();
            if let Some(value) = convert(cell.get_value()) {
                return Ok(Some((row as usize + 1, column as usize, value)));
            }
        }
        self.finished = true;
        Ok(None)
    }
}

impl RowSource for XlsxRows<'_> {
    fn next_row(&mut self) -> Result<Option<RawRow>, FileError> {
        let Some((row_number, column, value)) = self.next_cell()? else {
            return Ok(None);
        };
        let mut row = RawRow {
            row_number,
            cells: vec![(column, value)],
        };
        while let Some((next_row_number, column, value)) = self.next_cell()? {
            if next_row_number != row_number {
                self.pending = Some((next_row_number, column, value));
                break;
            }
            row.cells.push((column, value));
        }
        Ok(Some(row))
    }
}

/// A cell's value as text or a date; `None` for an empty cell.
fn convert(value: &DataRef<'_>) -> Option<Cell> {
    Some(match value {
        DataRef::Empty => return None,
        DataRef::String(text) => Cell::Text(text.clone()),
        DataRef::SharedString(text) => Cell::Text((*text).to_owned()),
        // Rust prints integral floats without a fraction: student number 12345 stays "12345".
        DataRef::Float(number) => Cell::Text(number.to_string()),
        DataRef::Int(number) => Cell::Text(number.to_string()),
        DataRef::Bool(value) => Cell::Text(value.to_string()),
        DataRef::DateTime(datetime) if datetime.is_duration() => {
            Cell::Invalid("a duration".to_owned())
        }
        DataRef::DateTime(datetime) => {
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            match excel_date(year, month, day) {
                Some(date) => Cell::Date(date),
                None => Cell::Invalid(format!("a date Excel cannot show ({year}-{month}-{day})")),
            }
        }
        DataRef::DateTimeIso(text) => match text.get(..10).and_then(super::fields::parse_date) {
            Some(date) => Cell::Date(date),
            None => Cell::Text(text.clone()),
        },
        DataRef::DurationIso(text) => Cell::Text(text.clone()),
        DataRef::Error(error) => Cell::Invalid(format!("the error {error}")),
    })
}

/// The calendar date of Excel's components (`None` for Excel's phantom 1900-02-29).
fn excel_date(year: u16, month: u8, day: u8) -> Option<Date> {
    let month = Month::try_from(month).ok()?;
    Date::from_calendar_date(i32::from(year), month, day).ok()
}
