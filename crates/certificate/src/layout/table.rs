//! The details table: one row per `(label, value)` section, label column left, value column
//! right, continuing on new pages. A row that does not fit is moved whole to the next page when
//! short, and split between lines when long (its label then reads "label (continued)").

use super::{
    ACCENT, Align, Area, CONTENT_WIDTH, Flow, HAIRLINE, INK, Item, MARGIN_X, Rgb, Style,
    place_lines, rule,
};
use crate::text::{Shaper, Weight};
use crate::{Certificate, Language};

const LABEL_COLUMN: f32 = 0.32 * CONTENT_WIDTH;
const PADDING_X: f32 = 7.0;
const PADDING_Y: f32 = 5.0;
const LINE_HEIGHT: f32 = 12.5;
const LABEL: Style = Style::new(8.5, Weight::Bold, Rgb(0x33, 0x41, 0x5c), LINE_HEIGHT / 8.5);
const CONTINUED_LABEL: Style = Style::new(
    8.0,
    Weight::Regular,
    Rgb(0x5a, 0x62, 0x70),
    LINE_HEIGHT / 8.0,
);
const VALUE: Style = Style::new(9.0, Weight::Regular, INK, LINE_HEIGHT / 9.0);
const STRIPE: Rgb = Rgb(0xf2, 0xf4, 0xf8);
/// Rows up to this many lines are never split: they move to the next page whole.
const KEEP_TOGETHER_LINES: usize = 6;
/// A split leaves at least this many lines on the page it starts on.
const MIN_FRAGMENT_LINES: usize = 2;

pub(super) fn details(
    flow: &mut Flow,
    shaper: &Shaper,
    certificate: &Certificate,
    language: Language,
) {
    let label_width = LABEL_COLUMN - 2.0 * PADDING_X;
    let value_width = CONTENT_WIDTH - LABEL_COLUMN - 2.0 * PADDING_X;
    let rows: Vec<(&str, Vec<String>, Vec<String>)> = certificate
        .sections
        .iter()
        .map(|(label, value)| {
            let label_lines = shaper.wrap(LABEL.weight, LABEL.size, label, label_width);
            let value_lines = shaper.wrap(VALUE.weight, VALUE.size, value, value_width);
            (label.as_str(), label_lines, value_lines)
        })
        .filter(|(_, label_lines, value_lines)| !label_lines.is_empty() || !value_lines.is_empty())
        .collect();
    if rows.is_empty() {
        return;
    }

    let title = Style::new(12.0, Weight::Bold, ACCENT, 1.3);
    let title_height = title.line_height() + 6.0;
    if flow.bottom - flow.y < title_height + row_height(MIN_FRAGMENT_LINES) {
        flow.new_page();
    }
    let lines = [language.details().to_owned()];
    let y = flow.y;
    flow.y = place_lines(
        flow.items(),
        shaper,
        &lines,
        title,
        Align::Start,
        (MARGIN_X, CONTENT_WIDTH),
        y,
    ) + 4.0;
    let y = flow.y;
    flow.items().push(rule(y, ACCENT, 1.0));
    flow.y += 1.0;

    for (index, (label, label_lines, value_lines)) in rows.iter().enumerate() {
        let total = label_lines.len().max(value_lines.len());
        let mut done = 0;
        while done < total {
            let available = ((flow.bottom - flow.y - 2.0 * PADDING_Y) / LINE_HEIGHT)
                .floor()
                .max(0.0) as usize;
            let remaining = total - done;
            let take = if remaining <= available {
                remaining
            } else if flow.at_top {
                available.max(1)
            } else if remaining <= KEEP_TOGETHER_LINES || available < MIN_FRAGMENT_LINES {
                flow.new_page();
                continue;
            } else {
                available
            };

            let height = row_height(take);
            let top = flow.y;
            let items = flow.items();
            if index % 2 == 0 {
                items.push(Item::Fill {
                    area: Area {
                        x: MARGIN_X,
                        y: top,
                        width: CONTENT_WIDTH,
                        height,
                    },
                    color: STRIPE,
                });
            }
            items.push(rule(top + height - 0.5, HAIRLINE, 0.5));

            let label_column = (MARGIN_X + PADDING_X, label_width);
            if done < label_lines.len() {
                let shown = &label_lines[done..label_lines.len().min(done + take)];
                place_lines(
                    items,
                    shaper,
                    shown,
                    LABEL,
                    Align::Start,
                    label_column,
                    top + PADDING_Y,
                );
            } else {
                let text = format!("{} ({})", label.trim(), language.continued());
                let shown = shaper.wrap_at_most(
                    CONTINUED_LABEL.weight,
                    CONTINUED_LABEL.size,
                    &text,
                    label_width,
                    take.min(2),
                );
                place_lines(
                    items,
                    shaper,
                    &shown,
                    CONTINUED_LABEL,
                    Align::Start,
                    label_column,
                    top + PADDING_Y,
                );
            }
            if done < value_lines.len() {
                let shown = &value_lines[done..value_lines.len().min(done + take)];
                let value_column = (MARGIN_X + LABEL_COLUMN + PADDING_X, value_width);
                place_lines(
                    items,
                    shaper,
                    shown,
                    VALUE,
                    Align::Start,
                    value_column,
                    top + PADDING_Y,
                );
            }

            flow.y += height;
            flow.at_top = false;
            done += take;
        }
    }
}

fn row_height(lines: usize) -> f32 {
    lines as f32 * LINE_HEIGHT + 2.0 * PADDING_Y
}
