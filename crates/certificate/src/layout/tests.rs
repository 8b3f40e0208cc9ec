//! Layout checked on the display list, where positions are plain numbers: nothing overlaps,
//! nothing leaves the page, nothing is lost across page breaks, and the QR code is readable.

use super::{
    Area, CONTENT_BOTTOM, CONTENT_WIDTH, Item, MARGIN_X, PAGE_HEIGHT, Page, TextRun, lay_out,
};
use crate::qr::tests::decode_runs;
use crate::text::{Shaper, Weight};
use crate::{Certificate, Language};

const URL: &str = "https://microcred.example.eu/verify/01JD8Q4W3ZK5V7X9Y2B6N0M1C";

fn certificate(sections: Vec<(String, String)>) -> Certificate {
    Certificate {
        language: "en".to_owned(),
        heading: "Microcredential".to_owned(),
        title: "Sustainable Water Management for Local Governments".to_owned(),
        learner_name: "Anneke van der Berg-Oliveira".to_owned(),
        issuer_name: "Universiteit van Amsterdam".to_owned(),
        issued_on: "12 March 2026".to_owned(),
        sections,
        credential_id: "urn:uuid:0b5f3c52-7e0f-4e8e-9d7c-2a6f0c1d9e44".to_owned(),
        verify_url: URL.to_owned(),
        status_note: None,
    }
}

fn long_sections(count: usize) -> Vec<(String, String)> {
    (1..=count)
        .map(|number| {
            let value = format!("Learning outcome {number}: ")
                + &"the learner analyses water systems and proposes élève-centred measures. "
                    .repeat(6);
            (format!("Element {number}"), value.trim_end().to_owned())
        })
        .collect()
}

fn pages_of(certificate: &Certificate) -> Vec<Page> {
    let shaper = Shaper::new().unwrap();
    let language = Language::parse(&certificate.language).unwrap();
    lay_out(certificate, language, &shaper).unwrap()
}

fn runs(page: &Page) -> impl Iterator<Item = &TextRun> {
    page.items.iter().filter_map(|item| match item {
        Item::Text(run) => Some(run),
        _ => None,
    })
}

/// The box a run's glyphs occupy: DejaVu's ascender and descender around the baseline.
fn ink_box(shaper: &Shaper, run: &TextRun) -> Area {
    Area {
        x: run.x,
        y: run.baseline - 0.93 * run.size,
        width: shaper.width(run.weight, run.size, &run.text),
        height: 1.17 * run.size,
    }
}

fn overlap(a: Area, b: Area) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

fn qr_code(page: &Page) -> Option<(Area, &crate::qr::QrMatrix)> {
    page.items.iter().find_map(|item| match item {
        Item::QrCode { area, matrix } => Some((*area, matrix)),
        _ => None,
    })
}

fn assert_tidy(pages: &[Page]) {
    let shaper = Shaper::new().unwrap();
    for (number, page) in pages.iter().enumerate() {
        let boxes: Vec<(Area, &str)> = runs(page)
            .map(|run| (ink_box(&shaper, run), run.text.as_str()))
            .collect();
        for (index, &(area, text)) in boxes.iter().enumerate() {
            // Half a point of slack for kerning across spaces, which measuring word by word ignores.
            assert!(
                area.x >= MARGIN_X - 0.5,
                "page {number}: {text:?} starts left of the margin"
            );
            assert!(
                area.x + area.width <= MARGIN_X + CONTENT_WIDTH + 0.5,
                "page {number}: {text:?} too wide"
            );
            assert!(
                area.y >= 30.0 && area.y + area.height <= PAGE_HEIGHT - 30.0,
                "page {number}: {text:?} off the page"
            );
            for &(other, other_text) in &boxes[index + 1..] {
                assert!(
                    !overlap(area, other),
                    "page {number}: {text:?} overlaps {other_text:?}"
                );
            }
            if let Some((qr, _)) = qr_code(page) {
                assert!(
                    !overlap(area, qr),
                    "page {number}: {text:?} overlaps the QR code"
                );
            }
        }
    }
}

#[test]
fn typical_certificate_fits_on_one_tidy_page() {
    let pages = pages_of(&certificate(long_sections(2)));
    assert_eq!(pages.len(), 1);
    assert_tidy(&pages);
}

#[test]
fn forty_long_sections_continue_on_later_pages_without_losing_text() {
    let certificate = certificate(long_sections(40));
    let pages = pages_of(&certificate);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    assert_tidy(&pages);
    for page in &pages[1..] {
        assert!(
            qr_code(page).is_none(),
            "the QR code is on the first page only"
        );
        for run in runs(page).filter(|run| run.size == 9.0) {
            assert!(
                run.baseline < CONTENT_BOTTOM,
                "{:?} runs into the footer",
                run.text
            );
        }
    }
    let printed_values: Vec<&str> = pages
        .iter()
        .flat_map(runs)
        .filter(|run| run.size == 9.0 && run.weight == Weight::Regular)
        .map(|run| run.text.as_str())
        .collect();
    let expected: Vec<&str> = certificate
        .sections
        .iter()
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(printed_values.join(" "), expected.join(" "));
}

#[test]
fn every_page_has_a_footer_with_id_and_page_number() {
    let pages = pages_of(&certificate(long_sections(40)));
    let count = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let texts: Vec<&str> = runs(page).map(|run| run.text.as_str()).collect();
        assert!(
            texts.contains(&format!("Page {} of {count}", index + 1).as_str()),
            "{texts:?}"
        );
        assert!(texts.contains(&"Credential ID: urn:uuid:0b5f3c52-7e0f-4e8e-9d7c-2a6f0c1d9e44"));
    }
}

#[test]
fn qr_code_on_first_page_reads_as_the_url_printed_below_it() {
    let pages = pages_of(&certificate(long_sections(2)));
    let (area, matrix) = qr_code(&pages[0]).expect("a QR code on page 1");
    assert_eq!(decode_runs(matrix.size(), &matrix.dark_runs()), URL);
    assert!(area.y + area.height <= CONTENT_BOTTOM);
    let url_line = runs(&pages[0])
        .find(|run| run.text == URL)
        .expect("the URL is printed");
    assert!(
        url_line.baseline > area.y + area.height,
        "the URL is below the QR code"
    );
    let links: Vec<&str> = pages[0]
        .links
        .iter()
        .map(|link| link.url.as_str())
        .collect();
    assert_eq!(links, [URL, URL], "QR code and URL are both clickable");
}

#[test]
fn split_row_is_labelled_as_continued() {
    let value = "Kennis van de Kaderrichtlijn Water en de rol van waterschappen. ".repeat(200);
    let mut certificate = certificate(vec![("Leerresultaten".to_owned(), value)]);
    certificate.language = "nl".to_owned();
    let pages = pages_of(&certificate);
    assert!(pages.len() >= 3);
    assert_tidy(&pages);
    let continued = runs(&pages[1])
        .filter(|run| run.text == "Leerresultaten (vervolg)")
        .count();
    assert_eq!(continued, 1);
}

#[test]
fn status_note_is_a_red_band_on_the_first_page() {
    let mut certificate = certificate(long_sections(2));
    certificate.status_note = Some("REVOKED on 3 April 2026".to_owned());
    let pages = pages_of(&certificate);
    assert_tidy(&pages);
    let band = pages[0].items.iter().any(|item| {
        matches!(item, Item::Fill { color, area } if *color == super::first_page::STATUS_RED && area.height > 20.0)
    });
    assert!(band);
    assert!(runs(&pages[0]).any(|run| run.text == "REVOKED on 3 April 2026"));
}

#[test]
fn right_to_left_values_are_right_aligned() {
    let shaper = Shaper::new().unwrap();
    let pages = pages_of(&certificate(vec![(
        "Naam".to_owned(),
        "שלום עולם".to_owned(),
    )]));
    let run = runs(&pages[0])
        .find(|run| run.text == "שלום עולם")
        .expect("printed");
    let right = run.x + shaper.width(run.weight, run.size, &run.text);
    assert!(
        (right - (MARGIN_X + CONTENT_WIDTH - 7.0)).abs() < 0.01,
        "ends at {right}"
    );
}

#[test]
fn hostile_texts_stay_inside_the_page() {
    let huge = "Ω".repeat(10_000);
    let words = "lorem ipsum ".repeat(1_000);
    let mut certificate = certificate(vec![
        (huge.clone(), words.clone()),
        (String::new(), String::new()),
        (
            "\u{0}\u{7}\u{1b}[31m".to_owned(),
            "tab\there\r\nnew\u{85}line\u{202e}reversed".to_owned(),
        ),
        (
            "مرحبا بالعالم".to_owned(),
            "Hello مرحبا שלום mixed".to_owned(),
        ),
    ]);
    certificate.title = words.clone();
    certificate.learner_name = huge.clone();
    certificate.issuer_name = words.clone();
    certificate.heading = words.clone();
    certificate.credential_id = huge.clone();
    certificate.status_note = Some(words);
    let pages = pages_of(&certificate);
    assert_tidy(&pages);
}
