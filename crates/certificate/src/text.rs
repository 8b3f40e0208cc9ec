//! Text measurement and line breaking with the embedded DejaVu Sans faces.
//!
//! Widths come from shaping with `rustybuzz`, the shaper krilla's `draw_text` uses, so a line
//! measured here is the line drawn there (kerning across a space aside, which only narrows it).
//! Breaking is greedy at spaces; a word wider than the line is cut between grapheme clusters.

use rustybuzz::{Direction, Face, UnicodeBuffer};

use crate::CertificateError;

pub(crate) const REGULAR_FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub(crate) const BOLD_FONT: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

const ELLIPSIS: char = '…';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// Both faces, parsed once per rendering.
pub(crate) struct Shaper {
    regular: Face<'static>,
    bold: Face<'static>,
}

impl Shaper {
    pub(crate) fn new() -> Result<Self, CertificateError> {
        let regular = Face::from_slice(REGULAR_FONT, 0).ok_or(CertificateError::Font {
            name: "DejaVuSans.ttf",
        })?;
        let bold = Face::from_slice(BOLD_FONT, 0).ok_or(CertificateError::Font {
            name: "DejaVuSans-Bold.ttf",
        })?;
        Ok(Self { regular, bold })
    }

    fn face(&self, weight: Weight) -> &Face<'static> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Each grapheme cluster of `text` as (byte offset where it starts, advance in points), in
    /// logical order whatever the script's direction.
    fn clusters(&self, weight: Weight, size: f32, text: &str) -> Vec<(usize, f32)> {
        let face = self.face(weight);
        let scale = size / face.units_per_em().max(1) as f32;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(face, &[], buffer);
        let mut clusters: Vec<(usize, f32)> = shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, position)| (info.cluster as usize, position.x_advance as f32 * scale))
            .collect();
        clusters.sort_by_key(|&(start, _)| start);
        clusters.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                earlier.1 += later.1;
            }
            same
        });
        clusters
    }

    /// Width of `text` on one line, in points.
    pub(crate) fn width(&self, weight: Weight, size: f32, text: &str) -> f32 {
        self.clusters(weight, size, text)
            .iter()
            .map(|&(_, advance)| advance)
            .sum()
    }

    /// Breaks `text` into lines no wider than `max_width`. Each `\n` starts a new line; blank
    /// text gives no lines.
    pub(crate) fn wrap(
        &self,
        weight: Weight,
        size: f32,
        text: &str,
        max_width: f32,
    ) -> Vec<String> {
        let text = clean(text);
        let text = text.trim_matches('\n');
        if text.trim().is_empty() {
            return Vec::new();
        }
        let space = self.width(weight, size, " ");
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
                let clusters = self.clusters(weight, size, word);
                let word_width: f32 = clusters.iter().map(|&(_, advance)| advance).sum();
                if !line.is_empty() && line_width + space + word_width <= max_width {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut pieces = split_word(word, &clusters, max_width);
                if let Some((last, last_width)) = pieces.pop() {
                    lines.extend(pieces.into_iter().map(|(piece, _)| piece));
                    line = last;
                    line_width = last_width;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Like [`Shaper::wrap`], but at most `max_lines` lines: the last one kept ends in "…" when
    /// text was left out.
    pub(crate) fn wrap_at_most(
        &self,
        weight: Weight,
        size: f32,
        text: &str,
        max_width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(weight, size, text, max_width);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                *last = self.with_ellipsis(weight, size, last, max_width);
            }
        }
        lines
    }

    /// `line` shortened as needed so that it fits `max_width` with "…" appended.
    fn with_ellipsis(&self, weight: Weight, size: f32, line: &str, max_width: f32) -> String {
        let room = max_width - self.width(weight, size, &ELLIPSIS.to_string());
        let mut used = 0.0;
        let mut end = line.len();
        for (start, advance) in self.clusters(weight, size, line) {
            if used + advance > room {
                end = start;
                break;
            }
            used += advance;
        }
        let mut shortened = line.get(..end).unwrap_or(line).trim_end().to_owned();
        shortened.push(ELLIPSIS);
        shortened
    }

    /// Whether `text` runs right to left (Arabic, Hebrew), as krilla's shaper will guess it.
    pub(crate) fn is_right_to_left(text: &str) -> bool {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.direction() == Direction::RightToLeft
    }
}

/// Cuts a word into pieces no wider than `max_width` (a single cluster wider than that still
/// gets a piece of its own), each with its width.
fn split_word(word: &str, clusters: &[(usize, f32)], max_width: f32) -> Vec<(String, f32)> {
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let mut piece_width = 0.0;
    for &(start, advance) in clusters {
        if piece_width + advance > max_width
            && start > piece_start
            && let Some(piece) = word.get(piece_start..start)
        {
            pieces.push((piece.to_owned(), piece_width));
            piece_start = start;
            piece_width = 0.0;
        }
        piece_width += advance;
    }
    if let Some(rest) = word.get(piece_start..) {
        pieces.push((rest.to_owned(), piece_width));
    }
    pieces
}

/// Normalises line breaks to `\n`, other whitespace controls to a space, and drops the
/// remaining control characters, which fonts have no glyphs for.
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter_map(|character| match character {
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some('\n'),
            character if character.is_whitespace() => Some(' '),
            character if character.is_control() => None,
            character => Some(character),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Shaper, Weight};

    fn shaper() -> Shaper {
        Shaper::new().expect("embedded fonts load")
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let shaper = shaper();
        let text = "Kennis van duurzaam waterbeheer, inclusief de Kaderrichtlijn Water en \
                    de rol van gemeenten, waterschappen en provincies — élève, Größe, õpilane, ação.";
        let lines = shaper.wrap(Weight::Regular, 10.0, text, 120.0);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(shaper.width(Weight::Regular, 10.0, line) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn long_word_is_cut_between_characters() {
        let shaper = shaper();
        let word = "é".repeat(500);
        let lines = shaper.wrap(Weight::Bold, 9.0, &word, 100.0);
        assert!(lines.len() > 5);
        assert!(
            lines
                .iter()
                .all(|line| shaper.width(Weight::Bold, 9.0, line) <= 100.0)
        );
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn line_breaks_and_controls() {
        let shaper = shaper();
        let lines = shaper.wrap(Weight::Regular, 10.0, "one\r\ntwo\u{0}three\tfour\n", 500.0);
        assert_eq!(lines, ["one", "twothree four"]);
        assert!(
            shaper
                .wrap(Weight::Regular, 10.0, " \n\t ", 500.0)
                .is_empty()
        );
    }

    #[test]
    fn at_most_ends_in_ellipsis_within_width() {
        let shaper = shaper();
        let lines = shaper.wrap_at_most(Weight::Regular, 10.0, &"word ".repeat(200), 100.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(shaper.width(Weight::Regular, 10.0, &lines[1]) <= 100.0);
    }

    #[test]
    fn direction_follows_script() {
        assert!(Shaper::is_right_to_left("שלום עולם"));
        assert!(Shaper::is_right_to_left("مرحبا"));
        assert!(!Shaper::is_right_to_left("Microcredential"));
    }
}
