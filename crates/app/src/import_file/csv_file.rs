//! Rows of a CSV file: UTF-8 with or without BOM, `,` `;` or tab as delimiter (sniffed from the
//! header line: Excel in a Dutch or Belgian locale writes `;`), CRLF or LF line ends.

use super::FileError;
use super::source::{Cell, RawRow, RowSource};

pub(super) struct CsvRows<'a> {
    reader: ::csv::Reader<&'a [u8]>,
    record: ::csv::StringRecord,
    text: &'a str,
    /// Byte offset up to which line breaks are counted, and how many there were: a record's
    /// line is 1 + the line breaks before it.
    counted_to: usize,
    line_breaks: usize,
    /// Line breaks inside quoted fields so far: a spreadsheet shows such a field in one row,
    /// so they do not advance the row number. Blank lines, which the CSV reader skips, do.
    breaks_inside_fields: usize,
}

impl<'a> CsvRows<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<CsvRows<'a>, FileError> {
        // Excel's "Unicode text" is UTF-16: refuse it by its byte-order mark, with the fix.
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(FileError::NotUtf8 { line: 1 });
        }
        let text = std::str::from_utf8(bytes).map_err(|error| {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            FileError::NotUtf8 {
                line: valid.iter().filter(|&&byte| byte == b'\n').count() + 1,
            }
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sniff_delimiter(text))
            .from_reader(text.as_bytes());
        Ok(CsvRows {
            reader,
            record: ::csv::StringRecord::new(),
            text,
            counted_to: 0,
            line_breaks: 0,
            breaks_inside_fields: 0,
        })
    }
}

impl RowSource for CsvRows<'_> {
    fn next_row(&mut self) -> Result<Option<RawRow>, FileError> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|error| FileError::UnreadableCsv(error.to_string()))?;
        if !more {
            return Ok(None);
        }
        let start = self
            .record
            .position()
            .map_or(self.text.len(), |position| {
                usize::try_from(position.byte()).unwrap_or(usize::MAX)
            })
            .clamp(self.counted_to, self.text.len());
        // The reader reports where the previous record ended; the record itself starts after
        // the line ends (and blank lines) that follow.
        let start = self.text.as_bytes()[start..]
            .iter()
            .position(|&byte| byte != b'\r' && byte != b'\n')
            .map_or(self.text.len(), |skip| start + skip);
        self.line_breaks += self
            .text
            .as_bytes()
            .get(self.counted_to..start)
            .map_or(0, |gap| gap.iter().filter(|&&byte| byte == b'\n').count());
        self.counted_to = start;
        let row_number = 1 + self.line_breaks - self.breaks_inside_fields.min(self.line_breaks);
        self.breaks_inside_fields += self
            .record
            .iter()
            .map(|field| field.bytes().filter(|&byte| byte == b'\n').count())
            .sum::<usize>();
        let cells = self
            .record
            .iter()
            .enumerate()
            .filter(|(_, field)| !field.trim().is_empty())
            .map(|(position, field)| (position, Cell::Text(field.to_owned())))
            .collect();
        Ok(Some(RawRow { row_number, cells }))
    }
}

/// The delimiter the header line uses most, outside quotes: `,` `;` or tab (`,` when none).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in &mut counts {
                    if byte == *delimiter {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, &(delimiter, count)| {
            if count > best.1 {
                (delimiter, count)
            } else {
                best
            }
        })
        .0
}
