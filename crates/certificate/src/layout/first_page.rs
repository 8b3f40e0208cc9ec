//! The first page's own content: the centred header (heading, title, learner, issuer and date,
//! status note) and, at the bottom, the verification block (QR code, URL, hint).

use super::{
    ACCENT, Align, Area, CONTENT_BOTTOM, CONTENT_WIDTH, HAIRLINE, INK, Item, Link, MARGIN_X, MUTED,
    PAGE_WIDTH, Page, Rgb, Style, place_lines, rule,
};
use crate::qr::QrMatrix;
use crate::text::{Shaper, Weight};
use crate::{Certificate, Language};

pub(super) const STATUS_RED: Rgb = Rgb(0xb3, 0x26, 0x1e);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// Side of the QR code without its quiet zone: 32 mm, which phones read from arm's length.
const QR_SIDE: f32 = 92.0;

/// Lays out the header from `top`; returns the y below it.
pub(super) fn header(
    items: &mut Vec<Item>,
    shaper: &Shaper,
    certificate: &Certificate,
    language: Language,
    top: f32,
) -> f32 {
    let full = (MARGIN_X, CONTENT_WIDTH);
    let mut y = top;

    let heading_style = Style::new(11.0, Weight::Bold, ACCENT, 1.3);
    let heading = certificate.heading.trim().to_uppercase();
    let heading_lines = shaper.wrap_at_most(
        heading_style.weight,
        heading_style.size,
        &heading,
        CONTENT_WIDTH,
        2,
    );
    y = place_lines(
        items,
        shaper,
        &heading_lines,
        heading_style,
        Align::Center,
        full,
        y,
    );
    y += 6.0;
    let ornament_width = 56.0;
    items.push(Item::Fill {
        area: Area {
            x: (PAGE_WIDTH - ornament_width) / 2.0,
            y,
            width: ornament_width,
            height: 1.5,
        },
        color: ACCENT,
    });
    y += 18.0;

    // Long titles step down in size before anything is cut.
    let (title_style, title_lines) = fitted(
        shaper,
        &certificate.title,
        &[(24.0, 2), (20.0, 3), (16.0, 4)],
        Weight::Bold,
        INK,
    );
    y = place_lines(
        items,
        shaper,
        &title_lines,
        title_style,
        Align::Center,
        full,
        y,
    );
    y += 16.0;

    let small = Style::new(10.0, Weight::Regular, MUTED, 1.3);
    y = place_lines(
        items,
        shaper,
        &[language.awarded_to().to_owned()],
        small,
        Align::Center,
        full,
        y,
    );
    y += 4.0;
    let (name_style, name_lines) = fitted(
        shaper,
        &certificate.learner_name,
        &[(20.0, 1), (17.0, 2), (14.0, 2)],
        Weight::Bold,
        ACCENT,
    );
    y = place_lines(
        items,
        shaper,
        &name_lines,
        name_style,
        Align::Center,
        full,
        y,
    );
    y += 14.0;

    let issued_style = Style::new(10.5, Weight::Regular, INK, 1.35);
    let issued = language.issued_line(&certificate.issuer_name, &certificate.issued_on);
    let issued_lines = shaper.wrap_at_most(
        issued_style.weight,
        issued_style.size,
        &issued,
        CONTENT_WIDTH,
        3,
    );
    y = place_lines(
        items,
        shaper,
        &issued_lines,
        issued_style,
        Align::Center,
        full,
        y,
    );

    if let Some(note) = &certificate.status_note {
        y = status_note(items, shaper, note, y + 16.0);
    }
    y + 22.0
}

/// A red band with the note in white, impossible to overlook on screen or on paper.
fn status_note(items: &mut Vec<Item>, shaper: &Shaper, note: &str, top: f32) -> f32 {
    let style = Style::new(12.0, Weight::Bold, WHITE, 1.3);
    let padding = 9.0;
    let lines = shaper.wrap_at_most(
        style.weight,
        style.size,
        note,
        CONTENT_WIDTH - 2.0 * padding,
        4,
    );
    if lines.is_empty() {
        return top - 16.0;
    }
    let height = lines.len() as f32 * style.line_height() + 2.0 * padding;
    items.push(Item::Fill {
        area: Area {
            x: MARGIN_X,
            y: top,
            width: CONTENT_WIDTH,
            height,
        },
        color: STATUS_RED,
    });
    let column = (MARGIN_X + padding, CONTENT_WIDTH - 2.0 * padding);
    place_lines(
        items,
        shaper,
        &lines,
        style,
        Align::Center,
        column,
        top + padding,
    );
    top + height
}

/// The first of `sizes` (font size, most lines) at which `text` fits; failing all, the last
/// size with the text cut short.
fn fitted(
    shaper: &Shaper,
    text: &str,
    sizes: &[(f32, usize)],
    weight: Weight,
    color: Rgb,
) -> (Style, Vec<String>) {
    let leading = 1.2;
    for &(size, max_lines) in sizes {
        let lines = shaper.wrap(weight, size, text, CONTENT_WIDTH);
        if lines.len() <= max_lines {
            return (Style::new(size, weight, color, leading), lines);
        }
    }
    let (size, max_lines) = sizes.last().copied().unwrap_or((12.0, 4));
    let lines = shaper.wrap_at_most(weight, size, text, CONTENT_WIDTH, max_lines);
    (Style::new(size, weight, color, leading), lines)
}

/// Lays out the verification block so that it ends at the bottom of the page body; returns the
/// y of its top edge, the limit for the content above it.
pub(super) fn verification(
    page: &mut Page,
    shaper: &Shaper,
    certificate: &Certificate,
    language: Language,
    matrix: QrMatrix,
) -> f32 {
    let full = (MARGIN_X, CONTENT_WIDTH);
    let heading_style = Style::new(9.5, Weight::Bold, ACCENT, 1.3);
    let url_style = Style::new(8.5, Weight::Regular, ACCENT, 1.3);
    let hint_style = Style::new(7.5, Weight::Regular, MUTED, 1.3);
    let url_lines = shaper.wrap_at_most(
        url_style.weight,
        url_style.size,
        &certificate.verify_url,
        CONTENT_WIDTH,
        3,
    );
    let hint_lines = shaper.wrap_at_most(
        hint_style.weight,
        hint_style.size,
        language.verify_hint(),
        CONTENT_WIDTH,
        2,
    );

    let height = 14.0
        + heading_style.line_height()
        + 8.0
        + QR_SIDE
        + 8.0
        + url_lines.len() as f32 * url_style.line_height()
        + 2.0
        + hint_lines.len() as f32 * hint_style.line_height();
    let top = CONTENT_BOTTOM - height;
    let items = &mut page.items;
    items.push(rule(top, HAIRLINE, 0.5));
    let mut y = top + 14.0;
    y = place_lines(
        items,
        shaper,
        &[language.verify_heading().to_owned()],
        heading_style,
        Align::Center,
        full,
        y,
    );
    y += 8.0;
    let qr_area = Area {
        x: (PAGE_WIDTH - QR_SIDE) / 2.0,
        y,
        width: QR_SIDE,
        height: QR_SIDE,
    };
    items.push(Item::QrCode {
        area: qr_area,
        matrix,
    });
    y += QR_SIDE + 8.0;
    let url_top = y;
    y = place_lines(items, shaper, &url_lines, url_style, Align::Center, full, y);
    let url_area = Area {
        x: MARGIN_X,
        y: url_top,
        width: CONTENT_WIDTH,
        height: y - url_top,
    };
    y += 2.0;
    place_lines(
        items,
        shaper,
        &hint_lines,
        hint_style,
        Align::Center,
        full,
        y,
    );

    for area in [qr_area, url_area] {
        page.links.push(Link {
            area,
            url: certificate.verify_url.clone(),
        });
    }
    top
}
