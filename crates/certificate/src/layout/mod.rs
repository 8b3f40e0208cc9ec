//! Page layout: turns a [`Certificate`] into A4 pages of positioned items, which `pdf` then only
//! has to draw. Coordinates are PDF points (1/72 inch) from the page's top-left corner, y down.
//!
//! The first page carries the header ([`first_page`]) and, anchored at its bottom, the
//! verification block with the QR code; the details table ([`table`]) starts under the header
//! and continues on as many pages as it needs. Frames, running headers and footers (which need
//! the final page count) are added last.

mod first_page;
mod table;

use crate::qr::QrMatrix;
use crate::text::{Shaper, Weight};
use crate::{Certificate, CertificateError, Language};

/// A4 portrait.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 56.0;
pub(crate) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Where the first page's header starts.
const FIRST_PAGE_TOP: f32 = 72.0;
/// Where the table continues on later pages, under the running header.
const CONTINUATION_TOP: f32 = 70.0;
/// Lowest point any body content may reach; the footer lives below.
pub(crate) const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 74.0;
const FRAME_INSET: f32 = 22.0;

pub(crate) const ACCENT: Rgb = Rgb(0x1d, 0x3b, 0x6e);
pub(crate) const INK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
pub(crate) const MUTED: Rgb = Rgb(0x5a, 0x62, 0x70);
pub(crate) const HAIRLINE: Rgb = Rgb(0xc9, 0xcf, 0xd9);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

/// A rectangle: `x`, `y` is its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// One line of text; `x` is where its (visually) leftmost glyph starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextRun {
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub weight: Weight,
    pub color: Rgb,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text(TextRun),
    Fill {
        area: Area,
        color: Rgb,
    },
    Frame {
        area: Area,
        line_width: f32,
        color: Rgb,
    },
    /// The QR code fills `area` (its quiet zone lies outside, left blank).
    QrCode {
        area: Area,
        matrix: QrMatrix,
    },
}

/// A clickable area of the page that opens `url`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub area: Area,
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub items: Vec<Item>,
    pub links: Vec<Link>,
}

/// How a block of lines is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub weight: Weight,
    pub color: Rgb,
    /// Line height as a multiple of `size`.
    pub leading: f32,
}

impl Style {
    pub(crate) const fn new(size: f32, weight: Weight, color: Rgb, leading: f32) -> Self {
        Self {
            size,
            weight,
            color,
            leading,
        }
    }

    pub(crate) fn line_height(self) -> f32 {
        self.size * self.leading
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Left for left-to-right text, right for right-to-left text.
    Start,
    Center,
}

/// Sets `lines` in the column from `left`, `width` wide, starting at `top`; returns the y below
/// the last line.
pub(crate) fn place_lines(
    items: &mut Vec<Item>,
    shaper: &Shaper,
    lines: &[String],
    style: Style,
    align: Align,
    (left, width): (f32, f32),
    top: f32,
) -> f32 {
    let line_height = style.line_height();
    // Centre the DejaVu glyphs (ascender 0.93 em, descender 0.24 em) within the line height.
    let baseline_offset = (line_height - 1.17 * style.size) / 2.0 + 0.93 * style.size;
    for (index, line) in lines.iter().enumerate() {
        let line_width = shaper.width(style.weight, style.size, line);
        let x = match align {
            Align::Center => left + (width - line_width) / 2.0,
            Align::Start if Shaper::is_right_to_left(line) => left + width - line_width,
            Align::Start => left,
        };
        items.push(Item::Text(TextRun {
            x,
            baseline: top + index as f32 * line_height + baseline_offset,
            size: style.size,
            weight: style.weight,
            color: style.color,
            text: line.clone(),
        }));
    }
    top + lines.len() as f32 * line_height
}

/// Pages being filled top to bottom, with the cursor on the last one.
pub(crate) struct Flow {
    pub pages: Vec<Page>,
    pub y: f32,
    pub bottom: f32,
    /// Nothing has been placed on the current page's body yet.
    pub at_top: bool,
}

impl Flow {
    pub(crate) fn items(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].items
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = CONTINUATION_TOP;
        self.bottom = CONTENT_BOTTOM;
        self.at_top = true;
    }
}

pub(crate) fn lay_out(
    certificate: &Certificate,
    language: Language,
    shaper: &Shaper,
) -> Result<Vec<Page>, CertificateError> {
    let matrix = QrMatrix::encode(&certificate.verify_url)?;
    let mut first = Page::default();
    let header_bottom = first_page::header(
        &mut first.items,
        shaper,
        certificate,
        language,
        FIRST_PAGE_TOP,
    );
    let verify_top = first_page::verification(&mut first, shaper, certificate, language, matrix);
    let mut flow = Flow {
        pages: vec![first],
        y: header_bottom,
        bottom: verify_top,
        // The header is above: a row too long for what is left may still move to page 2.
        at_top: false,
    };
    table::details(&mut flow, shaper, certificate, language);
    let mut pages = flow.pages;
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        frame(&mut page.items);
        if index > 0 {
            running_header(&mut page.items, shaper, certificate);
        }
        footer(
            &mut page.items,
            shaper,
            certificate,
            language,
            index + 1,
            count,
        );
    }
    Ok(pages)
}

/// A thin double rule around the page, the customary border of a certificate.
fn frame(items: &mut Vec<Item>) {
    let outer = Area {
        x: FRAME_INSET,
        y: FRAME_INSET,
        width: PAGE_WIDTH - 2.0 * FRAME_INSET,
        height: PAGE_HEIGHT - 2.0 * FRAME_INSET,
    };
    items.push(Item::Frame {
        area: outer,
        line_width: 1.4,
        color: ACCENT,
    });
    let inner = Area {
        x: outer.x + 4.0,
        y: outer.y + 4.0,
        width: outer.width - 8.0,
        height: outer.height - 8.0,
    };
    items.push(Item::Frame {
        area: inner,
        line_width: 0.4,
        color: ACCENT,
    });
}

/// Title and learner on continuation pages, so a loose page still says whose it is.
fn running_header(items: &mut Vec<Item>, shaper: &Shaper, certificate: &Certificate) {
    let style = Style::new(8.0, Weight::Regular, MUTED, 1.3);
    let text = [certificate.title.trim(), certificate.learner_name.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("  ·  ");
    let lines = shaper.wrap_at_most(style.weight, style.size, &text, CONTENT_WIDTH, 1);
    let bottom = place_lines(
        items,
        shaper,
        &lines,
        style,
        Align::Start,
        (MARGIN_X, CONTENT_WIDTH),
        44.0,
    );
    items.push(rule(bottom + 3.0, HAIRLINE, 0.5));
}

fn footer(
    items: &mut Vec<Item>,
    shaper: &Shaper,
    certificate: &Certificate,
    language: Language,
    page: usize,
    pages: usize,
) {
    let style = Style::new(7.5, Weight::Regular, MUTED, 1.3);
    let top = PAGE_HEIGHT - 62.0;
    items.push(rule(top - 6.0, HAIRLINE, 0.5));
    let page_label = language.page_of(page, pages);
    let page_width = shaper.width(style.weight, style.size, &page_label);
    let id_width = CONTENT_WIDTH - page_width - 24.0;
    let id_text = format!(
        "{}: {}",
        language.credential_id(),
        certificate.credential_id.trim()
    );
    let id_lines = shaper.wrap_at_most(style.weight, style.size, &id_text, id_width, 1);
    place_lines(
        items,
        shaper,
        &id_lines,
        style,
        Align::Start,
        (MARGIN_X, id_width),
        top,
    );
    let page_column = (MARGIN_X + CONTENT_WIDTH - page_width, page_width);
    place_lines(
        items,
        shaper,
        &[page_label],
        style,
        Align::Start,
        page_column,
        top,
    );
}

/// A horizontal line across the content width.
pub(crate) fn rule(y: f32, color: Rgb, thickness: f32) -> Item {
    Item::Fill {
        area: Area {
            x: MARGIN_X,
            y,
            width: CONTENT_WIDTH,
            height: thickness,
        },
        color,
    }
}

#[cfg(test)]
mod tests;
