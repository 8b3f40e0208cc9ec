//! Stacked bar charts as inline SVG, without JavaScript: a bar per year split into its
//! categories, each filled with its own pattern (solid, stripes, hatching, dots) and named in a
//! legend, so the chart reads without colour. A hidden (suppressed) part is never drawn as a
//! guess: where the year's total is shown, what the shown parts leave is one segment, "other
//! or hidden"; where the total is hidden too, the bar stops at its shown parts and is marked.

use std::fmt::Write as _;

use super::chart::{
    BOTTOM, HEIGHT, LEFT, RIGHT, Series, TOP, WIDTH, escape, grid, scale, tick_label,
};

/// Fill patterns, one per category; the last one is for "other or hidden".
const PATTERNS: [&str; 7] = [
    r##"<rect width="8" height="8" fill="#1f4e79"/>"##,
    r##"<rect width="8" height="8" fill="#fff"/><path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="#2e75b6" stroke-width="2.5"/>"##,
    r##"<rect width="8" height="8" fill="#9dc3e6"/>"##,
    r##"<rect width="8" height="8" fill="#fff"/><path d="M0 0l8 8M8 0l-8 8" stroke="#203864" stroke-width="1.5"/>"##,
    r##"<rect width="8" height="8" fill="#deebf7"/><circle cx="4" cy="4" r="1.8" fill="#1f4e79"/>"##,
    r##"<rect width="8" height="8" fill="#fff"/><path d="M0 2h8M0 6h8" stroke="#1f4e79" stroke-width="1.5"/>"##,
    r##"<rect width="8" height="8" fill="#f2f2f2"/><path d="M-2 6l4 4M0 0l8 8M6 -2l4 4" stroke="#7f7f7f" stroke-width="1"/>"##,
];

/// The SVG of a bar per year of `years`, stacked from `series` (a value per year each; `None`
/// hidden), with `totals` the years' totals (`None` hidden). `rest` names the segment of what
/// the shown parts leave of a shown total; `hidden` marks a bar whose total is hidden.
pub fn stacked(
    title: &str,
    description: &str,
    years: &[String],
    series: &[Series],
    totals: &[Option<f64>],
    rest: &str,
    hidden: &str,
) -> String {
    let shown_sum = |year: usize| -> f64 {
        series
            .iter()
            .filter_map(|line| line.values.get(year).copied().flatten())
            .sum()
    };
    let heights: Vec<f64> = (0..years.len())
        .map(|year| match totals.get(year).copied().flatten() {
            Some(total) => total.max(shown_sum(year)),
            None => shown_sum(year),
        })
        .collect();
    let (top, step) = scale(heights.iter().fold(0.0f64, |max, value| max.max(*value)));
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let slot = plot_width / years.len().max(1) as f64;
    let y = |value: f64| TOP + plot_height * (1.0 - value / top);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart bars" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title><desc id="chart-desc">{}</desc><defs>"#,
        escape(title),
        escape(description)
    );
    for (number, pattern) in PATTERNS.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<pattern id="fill{number}" width="8" height="8" patternUnits="userSpaceOnUse">{pattern}</pattern>"#
        );
    }
    svg.push_str("</defs>");
    grid(&mut svg, top, step, y);
    let rest_fill = PATTERNS.len() - 1;
    let mut rest_drawn = false;
    for (index, year) in years.iter().enumerate() {
        let x = LEFT + slot * index as f64 + slot * 0.2;
        let width = slot * 0.6;
        let mut base = 0.0;
        let mut segment = |svg: &mut String, fill: usize, name: &str, value: f64| {
            let _ = write!(
                svg,
                r##"<rect class="segment s{fill}" x="{x:.1}" y="{:.1}" width="{width:.1}" height="{:.1}" fill="url(#fill{fill})" stroke="#fff" stroke-width="1"><title>{}, {}: {}</title></rect>"##,
                y(base + value),
                plot_height * value / top,
                escape(name),
                escape(year),
                tick_label(value)
            );
            base += value;
        };
        for (number, line) in series.iter().enumerate() {
            if let Some(value) = line.values.get(index).copied().flatten()
                && value > 0.0
            {
                segment(&mut svg, number % rest_fill, &line.name, value);
            }
        }
        let total = totals.get(index).copied().flatten();
        if let Some(total) = total {
            let left = total - shown_sum(index);
            if left > 0.0 {
                segment(&mut svg, rest_fill, rest, left);
                rest_drawn = true;
            }
        }
        let label = total.map_or_else(|| hidden.to_owned(), tick_label);
        let _ = write!(
            svg,
            r#"<text class="tick total" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text class="tick" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x + width / 2.0,
            y(heights[index]) - 5.0,
            escape(&label),
            x + width / 2.0,
            HEIGHT - BOTTOM + 18.0,
            escape(year)
        );
    }
    let mut legend: Vec<(usize, &str)> = series
        .iter()
        .enumerate()
        .map(|(number, line)| (number % rest_fill, line.name.as_str()))
        .collect();
    if rest_drawn {
        legend.push((rest_fill, rest));
    }
    // The legend from the top, in the order of the stack read downwards.
    for (row, (fill, name)) in legend.iter().rev().enumerate() {
        let top = TOP + 20.0 * row as f64;
        let name: String = name.chars().take(30).collect();
        let _ = write!(
            svg,
            r##"<g class="legend-item"><rect x="{:.1}" y="{top:.1}" width="14" height="14" fill="url(#fill{fill})" stroke="#333" stroke-width="0.5"/><text class="series-label" x="{:.1}" y="{:.1}">{}</text></g>"##,
            WIDTH - RIGHT + 16.0,
            WIDTH - RIGHT + 36.0,
            top + 11.0,
            escape(&name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(totals: &[Option<f64>]) -> String {
        stacked(
            "Enrolments",
            "by status",
            &["2021".into(), "2022".into()],
            &[
                Series {
                    name: "working".into(),
                    values: vec![Some(10.0), Some(12.0)],
                },
                Series {
                    name: "R&D".into(),
                    values: vec![None, Some(8.0)],
                },
            ],
            totals,
            "other or hidden",
            "x",
        )
    }

    #[test]
    fn a_hidden_part_of_a_shown_total_is_one_other_segment_never_a_guess() {
        let svg = chart(&[Some(14.0), Some(20.0)]);
        // 2021: working 10, R&D hidden, total 14 → the 4 left is "other or hidden".
        assert!(
            svg.contains("<title>other or hidden, 2021: 4</title>"),
            "{svg}"
        );
        assert!(
            !svg.contains("R&amp;D, 2021"),
            "a hidden value is not drawn"
        );
        assert!(svg.contains("<title>R&amp;D, 2022: 8</title>"));
        assert_eq!(svg.matches("class=\"legend-item\"").count(), 3);
        assert_eq!(svg.matches("class=\"segment").count(), 4);
    }

    #[test]
    fn a_hidden_total_stops_the_bar_at_its_shown_parts_and_is_marked() {
        let svg = chart(&[None, Some(20.0)]);
        assert!(!svg.contains("other or hidden"), "{svg}");
        assert!(
            svg.contains(">x</text>"),
            "the hidden total is marked: {svg}"
        );
        assert_eq!(svg.matches("class=\"legend-item\"").count(), 2);
    }
}
