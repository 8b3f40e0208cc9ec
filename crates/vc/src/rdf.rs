//! RDF terms and quads, canonical N-Quads serialization and a strict N-Quads reader.

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::Arc;

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
pub const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
pub const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
pub const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

/// An RDF term. Blank nodes are numbered; labels only matter at serialization time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term<'a> {
    /// Shared: the same IRI appears in many quads, so clones must be cheap.
    Iri(Arc<str>),
    Blank(u32),
    /// The value borrows from the JSON document when it can (most credential values).
    Literal {
        value: Cow<'a, str>,
        datatype: Arc<str>,
        language: Option<Arc<str>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quad<'a> {
    pub subject: Term<'a>,
    pub predicate: Term<'a>,
    pub object: Term<'a>,
    pub graph: Option<Term<'a>>,
}

impl<'a> Quad<'a> {
    pub fn terms(&self) -> impl Iterator<Item = &Term<'a>> {
        [&self.subject, &self.predicate, &self.object]
            .into_iter()
            .chain(self.graph.as_ref())
    }
}

/// A set of quads plus the number of blank nodes allocated (blank nodes are `0..blank_count`).
#[derive(Debug, Clone, Default)]
pub struct Dataset<'a> {
    pub quads: Vec<Quad<'a>>,
    pub blank_count: u32,
}

impl Dataset<'_> {
    /// Remove duplicate quads: RDF datasets are sets, and duplicates would change blank-node hashes.
    pub fn dedup(&mut self) {
        self.quads.sort_unstable();
        self.quads.dedup();
    }
}

/// Write a term in canonical N-Quads form; `label` names blank nodes.
pub fn write_term(out: &mut String, term: &Term<'_>, label: &dyn Fn(&mut String, u32)) {
    match term {
        Term::Iri(iri) => {
            out.push('<');
            out.push_str(iri);
            out.push('>');
        }
        Term::Blank(id) => {
            out.push_str("_:");
            label(out, *id);
        }
        Term::Literal {
            value,
            datatype,
            language,
        } => {
            out.push('"');
            escape_literal(out, value);
            out.push('"');
            write_literal_suffix(out, datatype, language.as_deref());
        }
    }
}

/// What follows a literal's closing quote: `@language`, or `^^<datatype>` unless xsd:string.
pub(crate) fn write_literal_suffix(out: &mut String, datatype: &str, language: Option<&str>) {
    if let Some(language) = language {
        out.push('@');
        out.push_str(language);
    } else if datatype != XSD_STRING {
        out.push_str("^^<");
        out.push_str(datatype);
        out.push('>');
    }
}

/// Canonical N-Triples/N-Quads string escaping (RDF 1.2 canonical form, as rdf-canonize does).
pub(crate) fn escape_literal(out: &mut String, value: &str) {
    // Nearly every literal needs no escaping: copy it in one go.
    if !needs_escape(value.as_bytes()) {
        out.push_str(value);
        return;
    }
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// Whether any byte is a control character, `"` or `\\` (what [`escape_literal`] rewrites).
/// Eight bytes at a time (this scan runs over every literal, twice for those of blank nodes:
/// byte by byte it was 12 % of canonicalizing a credential).
pub(crate) fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero ⇔ its high bit is set here (exact for "is there any").
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Bytes below 0x20: exact, since bytes ≥ 0x80 have their own high bit cleared by `!x`.
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        let special = has_zero(x ^ (ONES * u64::from(b'"')))
            | has_zero(x ^ (ONES * u64::from(b'\\')))
            | has_zero(x ^ (ONES * 0x7f));
        if below_space | special != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| escaped(b))
}

/// A byte [`escape_literal`] rewrites: a control character, `"` or `\\`.
const fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f
}

/// Blank node labels as written before canonicalization: `b0`, `b1`, …
pub fn default_label(out: &mut String, id: u32) {
    let _ = write!(out, "b{id}");
}

/// Write one quad as a canonical N-Quads line (with the trailing newline).
pub fn write_quad(out: &mut String, quad: &Quad<'_>, label: &dyn Fn(&mut String, u32)) {
    write_term(out, &quad.subject, label);
    out.push(' ');
    write_term(out, &quad.predicate, label);
    out.push(' ');
    write_term(out, &quad.object, label);
    if let Some(graph) = &quad.graph {
        out.push(' ');
        write_term(out, graph, label);
    }
    out.push_str(" .\n");
}

/// Parse N-Quads (enough of the grammar for the RDFC-1.0 suite and round trips of our output).
/// Returns the dataset and the original blank node labels by index.
pub fn parse_nquads(text: &str) -> Result<(Dataset<'static>, Vec<String>)> {
    let mut labels: Vec<String> = Vec::new();
    let mut dataset = Dataset::default();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut reader = Reader {
            rest: line,
            labels: &mut labels,
            line: number + 1,
        };
        let subject = reader.term()?;
        let predicate = reader.term()?;
        let object = reader.term()?;
        reader.skip_space();
        let graph = if reader.rest.starts_with('.') {
            None
        } else {
            Some(reader.term()?)
        };
        reader.skip_space();
        if reader.rest != "." {
            return Err(Error::InvalidNQuads(format!(
                "line {}: expected '.'",
                number + 1
            )));
        }
        dataset.quads.push(Quad {
            subject,
            predicate,
            object,
            graph,
        });
    }
    dataset.blank_count = u32::try_from(labels.len())
        .map_err(|_| Error::InvalidNQuads("too many blank nodes".into()))?;
    Ok((dataset, labels))
}

struct Reader<'a, 'b> {
    rest: &'a str,
    labels: &'b mut Vec<String>,
    line: usize,
}

impl Reader<'_, '_> {
    fn error(&self, what: &str) -> Error {
        Error::InvalidNQuads(format!("line {}: {what}", self.line))
    }

    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn term(&mut self) -> Result<Term<'static>> {
        self.skip_space();
        if let Some(after) = self.rest.strip_prefix('<') {
            let end = after
                .find('>')
                .ok_or_else(|| self.error("unterminated IRI"))?;
            let iri = unescape(&after[..end]).ok_or_else(|| self.error("bad escape in IRI"))?;
            self.rest = &after[end + 1..];
            Ok(Term::Iri(iri.into()))
        } else if let Some(after) = self.rest.strip_prefix("_:") {
            let end = after
                .find(|c: char| c.is_whitespace())
                .unwrap_or(after.len());
            let label = &after[..end];
            self.rest = &after[end..];
            let index = match self.labels.iter().position(|l| l == label) {
                Some(i) => i,
                None => {
                    self.labels.push(label.to_owned());
                    self.labels.len() - 1
                }
            };
            Ok(Term::Blank(
                u32::try_from(index).map_err(|_| self.error("too many blank nodes"))?,
            ))
        } else if let Some(after) = self.rest.strip_prefix('"') {
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.ok_or_else(|| self.error("unterminated literal"))?;
            let value =
                unescape(&after[..end]).ok_or_else(|| self.error("bad escape in literal"))?;
            self.rest = &after[end + 1..];
            if let Some(after) = self.rest.strip_prefix('@') {
                let end = after
                    .find(|c: char| c.is_whitespace())
                    .unwrap_or(after.len());
                let language = after[..end].to_owned();
                self.rest = &after[end..];
                Ok(Term::Literal {
                    value: value.into(),
                    datatype: RDF_LANG_STRING.into(),
                    language: Some(language.into()),
                })
            } else if let Some(after) = self.rest.strip_prefix("^^<") {
                let end = after
                    .find('>')
                    .ok_or_else(|| self.error("unterminated datatype"))?;
                let datatype =
                    unescape(&after[..end]).ok_or_else(|| self.error("bad escape in datatype"))?;
                self.rest = &after[end + 1..];
                Ok(Term::Literal {
                    value: value.into(),
                    datatype: datatype.into(),
                    language: None,
                })
            } else {
                Ok(Term::Literal {
                    value: value.into(),
                    datatype: XSD_STRING.into(),
                    language: None,
                })
            }
        } else {
            Err(self.error("expected a term"))
        }
    }
}

fn unescape(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return Some(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            'f' => out.push('\u{c}'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            '\\' => out.push('\\'),
            'u' => out.push(hex_char(&mut chars, 4)?),
            'U' => out.push(hex_char(&mut chars, 8)?),
            _ => return None,
        }
    }
    Some(out)
}

fn hex_char(chars: &mut std::str::Chars<'_>, digits: usize) -> Option<char> {
    let hex: String = chars.by_ref().take(digits).collect();
    if hex.len() != digits {
        return None;
    }
    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::needs_escape;

    fn naive(bytes: &[u8]) -> bool {
        bytes
            .iter()
            .any(|&b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f)
    }

    #[test]
    fn word_scan_finds_every_byte_to_escape_at_every_position() {
        // Every byte value at every position of a 19-byte text (two words and a remainder),
        // beside plain ASCII, beside UTF-8 continuation bytes, and beside bytes just above the
        // bounds (0x20, 0x80, 0x7e), where borrows between bytes could mislead the word tests.
        for filler in [b'a', 0x80, 0xff, 0x20, 0x7e, 0x21, 0x5d] {
            for position in 0..19 {
                for value in 0..=255u8 {
                    let mut text = [filler; 19];
                    text[position] = value;
                    assert_eq!(
                        needs_escape(&text),
                        naive(&text),
                        "byte {value:#04x} at {position} among {filler:#04x}"
                    );
                }
            }
        }
        // Two bytes per text: a borrow out of one byte must not make or hide another's finding.
        for first in 0..=255u8 {
            for second in [0x00, 0x1f, 0x20, 0x21, 0x22, 0x5c, 0x7f, 0x80, 0xff] {
                let text = [b'x', first, second, b'x', b'x', b'x', b'x', b'x'];
                assert_eq!(
                    needs_escape(&text),
                    naive(&text),
                    "{first:#04x} {second:#04x}"
                );
            }
        }
        assert!(!needs_escape("naïve “quoted” – ok".as_bytes()));
        assert!(needs_escape(
            "line\nbreak, in a text longer than a word".as_bytes()
        ));
    }
}
