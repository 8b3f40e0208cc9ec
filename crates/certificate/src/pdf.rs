//! Writes laid-out pages as a PDF with krilla: fonts embedded as subsets, text as real text
//! (searchable, copyable), rectangles and the QR code as vector paths, links as annotations.

use krilla::Document;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use crate::layout::{Area, Item, PAGE_HEIGHT, PAGE_WIDTH, Page, Rgb};
use crate::text::{BOLD_FONT, REGULAR_FONT, Weight};
use crate::{Certificate, CertificateError, Language};

struct Fonts {
    regular: Font,
    bold: Font,
}

pub(crate) fn write(
    certificate: &Certificate,
    language: Language,
    pages: &[Page],
) -> Result<Vec<u8>, CertificateError> {
    let fonts = Fonts {
        regular: Font::new(REGULAR_FONT.into(), 0).ok_or(CertificateError::Font {
            name: "DejaVuSans.ttf",
        })?,
        bold: Font::new(BOLD_FONT.into(), 0).ok_or(CertificateError::Font {
            name: "DejaVuSans-Bold.ttf",
        })?,
    };
    let size = Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| CertificateError::Pdf {
        message: "invalid page size".to_owned(),
    })?;

    let mut document = Document::new();
    for page in pages {
        let mut pdf_page = document.start_page_with(PageSettings::new(size));
        let mut surface = pdf_page.surface();
        for item in &page.items {
            draw(&mut surface, &fonts, item);
        }
        surface.finish();
        for link in &page.links {
            if let Some(rect) = rect(link.area) {
                let target = Target::Action(Action::Link(LinkAction::new(link.url.clone())));
                let annotation = LinkAnnotation::new(rect, target);
                pdf_page.add_annotation(Annotation::new_link(annotation, Some(link.url.clone())));
            }
        }
        pdf_page.finish();
    }

    let title = [certificate.heading.trim(), certificate.title.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    let mut metadata = Metadata::new()
        .title(title)
        .language(language.tag().to_owned())
        .creator("microcred".to_owned());
    if !certificate.issuer_name.trim().is_empty() {
        metadata = metadata.authors(vec![certificate.issuer_name.trim().to_owned()]);
    }
    document.set_metadata(metadata);
    document.finish().map_err(|error| CertificateError::Pdf {
        message: error.to_string(),
    })
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, item: &Item) {
    match item {
        Item::Text(run) => {
            if run.text.is_empty() {
                return;
            }
            let font = match run.weight {
                Weight::Regular => fonts.regular.clone(),
                Weight::Bold => fonts.bold.clone(),
            };
            surface.set_stroke(None);
            surface.set_fill(Some(fill(run.color)));
            surface.draw_text(
                Point::from_xy(run.x, run.baseline),
                font,
                run.size,
                &run.text,
                false,
                TextDirection::Auto,
            );
        }
        Item::Fill { area, color } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = rect(*area) {
                path.push_rect(rect);
            }
            fill_path(surface, path, *color);
        }
        Item::Frame {
            area,
            line_width,
            color,
        } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = rect(*area) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color_of(*color).into(),
                    width: *line_width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Item::QrCode { area, matrix } => {
            let module = area.width / matrix.size().max(1) as f32;
            let mut path = PathBuilder::new();
            for (row, column, length) in matrix.dark_runs() {
                let run = Area {
                    x: area.x + column as f32 * module,
                    y: area.y + row as f32 * module,
                    width: length as f32 * module,
                    height: module,
                };
                if let Some(rect) = rect(run) {
                    path.push_rect(rect);
                }
            }
            fill_path(surface, path, Rgb(0, 0, 0));
        }
    }
}

fn fill_path(surface: &mut Surface<'_>, path: PathBuilder, color: Rgb) {
    if let Some(path) = path.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(fill(color)));
        surface.draw_path(&path);
    }
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: color_of(color).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn color_of(Rgb(red, green, blue): Rgb) -> rgb::Color {
    rgb::Color::new(red, green, blue)
}

/// `None` for an empty or non-finite area, which has nothing to draw.
fn rect(area: Area) -> Option<Rect> {
    Rect::from_xywh(area.x, area.y, area.width, area.height)
}
