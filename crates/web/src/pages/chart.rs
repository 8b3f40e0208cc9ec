//! Line charts as inline SVG, without JavaScript: one line per series over the years, each with
//! its own dash pattern and marker and its name written at its last point, so the chart reads
//! without colour. A hidden (suppressed) value leaves a gap, never a guess. A table broken down
//! by category is drawn as stacked bars instead (`bars.rs`).

use std::fmt::Write as _;

use app::statistics::{Cell, StatTable, StatisticsQuery};
use model::UiLang;

/// One line: its name and a value per year (`None`: hidden or nothing to show).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

pub(super) const WIDTH: f64 = 760.0;
pub(super) const HEIGHT: f64 = 320.0;
pub(super) const LEFT: f64 = 56.0;
pub(super) const RIGHT: f64 = 230.0;
pub(super) const TOP: f64 = 16.0;
pub(super) const BOTTOM: f64 = 40.0;
const DASHES: [&str; 6] = ["", "8 4", "2 4", "12 4 2 4", "4 4", "16 6"];

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round upper bound for the axis and its step.
pub(super) fn scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude / 2.0)
        .find(|step| max / step <= 5.0)
        .unwrap_or(magnitude);
    ((max / step).ceil() * step, step)
}

/// The SVG of `series` over `years`, titled `title` (and described for screen readers).
pub fn lines(title: &str, description: &str, years: &[String], series: &[Series]) -> String {
    let max = series
        .iter()
        .flat_map(|line| line.values.iter().flatten())
        .fold(0.0f64, |max, value| max.max(*value));
    let (top, step) = scale(max);
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let x = |index: usize| {
        if years.len() <= 1 {
            LEFT + plot_width / 2.0
        } else {
            LEFT + plot_width * index as f64 / (years.len() - 1) as f64
        }
    };
    let y = |value: f64| TOP + plot_height * (1.0 - value / top);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title><desc id="chart-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    grid(&mut svg, top, step, y);
    for (index, year) in years.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text class="tick" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x(index),
            HEIGHT - BOTTOM + 18.0,
            escape(year)
        );
    }
    let mut label_positions: Vec<f64> = Vec::new();
    for (number, line) in series.iter().enumerate() {
        let dash = DASHES[number % DASHES.len()];
        let mut path = String::new();
        let mut pen_down = false;
        for (index, value) in line.values.iter().enumerate() {
            match value {
                Some(value) => {
                    let _ = write!(
                        path,
                        "{}{:.1} {:.1} ",
                        if pen_down { "L" } else { "M" },
                        x(index),
                        y(*value)
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let _ = write!(
            svg,
            r#"<path class="series s{}" d="{}" fill="none"{}/>"#,
            number % DASHES.len(),
            path.trim_end(),
            if dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dash}""#)
            }
        );
        for (index, value) in line.values.iter().enumerate() {
            if let Some(value) = value {
                let _ = write!(
                    svg,
                    r#"<circle class="point s{}" cx="{:.1}" cy="{:.1}" r="3"><title>{}: {}</title></circle>"#,
                    number % DASHES.len(),
                    x(index),
                    y(*value),
                    escape(&line.name),
                    tick_label(*value)
                );
            }
        }
        // The name at the last shown point, moved down where it would overlap another.
        if let Some((index, value)) = line
            .values
            .iter()
            .enumerate()
            .rev()
            .find_map(|(index, value)| value.map(|value| (index, value)))
        {
            let mut label_y = y(value) + 4.0;
            while label_positions
                .iter()
                .any(|taken| (taken - label_y).abs() < 13.0)
            {
                label_y += 13.0;
            }
            label_positions.push(label_y);
            let name: String = line.name.chars().take(32).collect();
            let _ = write!(
                svg,
                r#"<text class="series-label" x="{:.1}" y="{label_y:.1}">{}</text>"#,
                x(index) + 8.0,
                escape(&name)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The trend of the table's first measure: one line of the year totals, or — broken down by
/// category — a stacked bar per year of its six largest categories (the rest one segment).
pub fn trend(
    table: &StatTable,
    query: &StatisticsQuery,
    lang: UiLang,
    chart_of: &str,
) -> Option<String> {
    if table.id == "offerings" {
        return None;
    }
    let split = table
        .columns
        .get(1)
        .is_some_and(|column| column.key != "label")
        && table
            .columns
            .get(2)
            .is_some_and(|column| column.key == "label");
    let measure = if split { 3 } else { 1 };
    let column = table.columns.get(measure)?;
    let years: Vec<i32> = query.years().collect();
    let value = |cell: Option<&Cell>| match cell {
        Some(Cell::Count(count)) => Some(*count as f64),
        Some(Cell::Number(number)) => Some(*number),
        Some(Cell::Suppressed { .. }) => None,
        _ => Some(0.0),
    };
    let is_year = |cell: &Cell, year: i32| matches!(cell, Cell::Year(y, _) if *y == year);
    let labels: Vec<String> = years.iter().map(|year| query.year.label(*year)).collect();
    let title = format!("{} {}", chart_of, column.label(lang).to_lowercase());
    let year_totals: Vec<Option<f64>> = years
        .iter()
        .map(|year| {
            value(
                table
                    .totals
                    .iter()
                    .find(|row| is_year(&row[0], *year))
                    .and_then(|row| row.get(measure)),
            )
        })
        .collect();
    if !split {
        let series = [Series {
            name: column.label(lang).to_owned(),
            values: year_totals,
        }];
        return Some(lines(&title, column.definition(lang), &labels, &series));
    }
    let mut categories: Vec<(&str, String, f64)> = table
        .totals
        .iter()
        .filter(|row| matches!(&row[0], Cell::Text(_)))
        .filter_map(|row| match (&row[1], &row[2]) {
            (Cell::Text(key), Cell::Text(label)) if key != "all" => Some((
                key.as_str(),
                label.clone(),
                value(row.get(measure)).unwrap_or(f64::MAX / 4.0),
            )),
            _ => None,
        })
        .collect();
    categories.sort_by(|a, b| b.2.total_cmp(&a.2));
    let series: Vec<Series> = categories
        .into_iter()
        .take(6)
        .map(|(key, label, _)| Series {
            name: label,
            values: years
                .iter()
                .map(|year| {
                    value(
                        table
                            .rows
                            .iter()
                            .find(|row| {
                                is_year(&row[0], *year)
                                    && matches!(&row[1], Cell::Text(k) if k == key)
                            })
                            .and_then(|row| row.get(measure)),
                    )
                })
                .collect(),
        })
        .collect();
    let rest = if lang == UiLang::Nl {
        "overige of verborgen"
    } else {
        "other or hidden"
    };
    Some(super::bars::stacked(
        &title,
        column.definition(lang),
        &labels,
        &series,
        &year_totals,
        rest,
        "x",
    ))
}

/// The horizontal grid lines of the value axis, each with its value, from 0 to `top`.
pub(super) fn grid(svg: &mut String, top: f64, step: f64, y: impl Fn(f64) -> f64) {
    let mut tick = 0.0;
    while tick <= top + step / 2.0 {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(tick) + 4.0,
            tick_label(tick),
            y = y(tick)
        );
        tick += step;
    }
}

pub(super) fn tick_label(value: f64) -> String {
    if value.fract().abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_value_breaks_the_line_and_names_are_escaped() {
        let svg = lines(
            "Enrolments <all>",
            "per year",
            &["2021".into(), "2022".into(), "2023".into()],
            &[Series {
                name: "R&D".into(),
                values: vec![Some(10.0), None, Some(30.0)],
            }],
        );
        assert!(svg.contains("M56.0"), "{svg}");
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(
            path.matches('M').count(),
            2,
            "a gap starts a new segment: {path}"
        );
        assert!(!path.contains('L'), "no line drawn across the gap: {path}");
        assert!(svg.contains("Enrolments &lt;all&gt;") && svg.contains("R&amp;D"));
    }

    #[test]
    fn the_axis_is_rounded_up() {
        assert_eq!(scale(87.0), (100.0, 25.0));
        assert_eq!(scale(4.0), (4.0, 1.0));
        assert_eq!(scale(1234.0), (1500.0, 500.0));
        assert_eq!(scale(0.0), (1.0, 1.0));
    }
}
