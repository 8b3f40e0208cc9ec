//! The public API end to end: the bytes `render_pdf` returns are a well-formed PDF with the
//! expected pages and link, rendering is deterministic, and hostile input is handled.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use certificate::{Certificate, CertificateError, render_pdf};

const URL: &str = "https://microcred.example.eu/verify/01JD8Q4W3ZK5V7X9Y2B6N0M1C";

/// A realistic certificate: the Annex I elements of the Council Recommendation on
/// micro-credentials, as a Dutch provider would issue them in English.
fn typical() -> Certificate {
    let rows = [
        (
            "Title",
            "Sustainable Water Management for Local Governments",
        ),
        ("Country of the issuer", "Netherlands"),
        (
            "Awarding body",
            "Universiteit van Amsterdam, Faculty of Science",
        ),
        ("Date of issuing", "12 March 2026"),
        (
            "Learning outcomes",
            "The learner can analyse a regional water system and its governance; apply the EU \
             Water Framework Directive to municipal planning decisions; design climate-adaptive \
             measures together with water boards and residents; and evaluate their costs, risks \
             and effects on biodiversity.",
        ),
        ("Notional workload", "5 ECTS (140 hours)"),
        ("Level", "EQF level 7 (NLQF 7)"),
        (
            "Type of assessment",
            "Written assignment and oral presentation, graded",
        ),
        (
            "Form of participation",
            "Blended: online, with two on-site days in Amsterdam",
        ),
        (
            "Quality assurance",
            "Internal quality assurance of the institution, accredited by NVAO",
        ),
        (
            "Prerequisites",
            "Bachelor's degree in civil engineering, spatial planning or equivalent",
        ),
        (
            "Supervision and identity verification",
            "Supervised, with identity verified on site",
        ),
        ("Grade", "8.1 (scale 1–10)"),
        (
            "Integration and stackability",
            "Counts towards the MSc Water Governance (elective space)",
        ),
    ];
    Certificate {
        language: "en".to_owned(),
        heading: "Microcredential".to_owned(),
        title: "Sustainable Water Management for Local Governments".to_owned(),
        learner_name: "Anneke van der Berg-Oliveira".to_owned(),
        issuer_name: "Universiteit van Amsterdam".to_owned(),
        issued_on: "12 March 2026".to_owned(),
        sections: rows
            .iter()
            .map(|(label, value)| ((*label).to_owned(), (*value).to_owned()))
            .collect(),
        credential_id: "urn:uuid:0b5f3c52-7e0f-4e8e-9d7c-2a6f0c1d9e44".to_owned(),
        verify_url: URL.to_owned(),
        status_note: None,
    }
}

fn with_sections(count: usize, value_length: usize) -> Certificate {
    let sentence = "Leerresultaat: de student ontwerpt klimaatadaptieve maatregelen met élèves. ";
    let value: String = sentence.chars().cycle().take(value_length).collect();
    Certificate {
        sections: (1..=count)
            .map(|number| (format!("Element {number}"), value.clone()))
            .collect(),
        ..typical()
    }
}

/// Checks the PDF's skeleton: header, trailer, and a cross-reference table whose every entry
/// points at the object it names, which is what a reader uses to find anything at all. Works on
/// bytes: a PDF is binary, and offsets count bytes.
fn assert_well_formed(pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-"), "no PDF header");
    let end = pdf.trim_ascii_end();
    assert!(end.ends_with(b"%%EOF"), "no %%EOF trailer");
    let startxref = rfind(pdf, b"startxref").expect("a startxref");
    let after = std::str::from_utf8(&pdf[startxref + 9..]).expect("ASCII trailer");
    let offset: usize = after.split_whitespace().next().unwrap().parse().unwrap();
    let table = std::str::from_utf8(&pdf[offset..startxref]).expect("ASCII xref table");
    assert!(
        table.starts_with("xref"),
        "startxref does not point at the xref table"
    );
    let mut lines = table.lines().skip(1);
    let header: Vec<usize> = lines
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let (first, count) = (header[0], header[1]);
    assert!(count > 5);
    for (index, line) in lines.take(count).enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields[2] == "n" {
            let object_offset: usize = fields[0].parse().unwrap();
            let expected = format!("{} 0 obj", first + index);
            assert!(
                pdf[object_offset..].starts_with(expected.as_bytes()),
                "xref entry {expected} is wrong"
            );
        }
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// Page objects: `/Type/Page` (with or without a space) but not the `/Type/Pages` tree root.
fn page_count(pdf: &[u8]) -> usize {
    [&b"/Type/Page"[..], &b"/Type /Page"[..]]
        .iter()
        .map(|needle| {
            pdf.windows(needle.len() + 1)
                .filter(|window| window.starts_with(needle) && window[needle.len()] != b's')
                .count()
        })
        .sum()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn typical_certificate_is_a_well_formed_two_page_pdf() {
    let pdf = render_pdf(&typical()).unwrap();
    assert_well_formed(&pdf);
    assert_eq!(page_count(&pdf), 2);
    assert!(
        contains(&pdf, b"/MediaBox[0 0 595.28 841.89]"),
        "A4 portrait"
    );
    assert!(contains(&pdf, b"DejaVuSans"), "font embedded");
}

#[test]
fn verify_url_is_a_link_in_the_pdf() {
    let pdf = render_pdf(&typical()).unwrap();
    assert!(contains(&pdf, format!("/URI({URL})").as_bytes()));
    let other = render_pdf(&Certificate {
        verify_url: "https://other.example/v/2".to_owned(),
        ..typical()
    })
    .unwrap();
    assert!(!contains(&other, URL.as_bytes()));
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(
        render_pdf(&typical()).unwrap(),
        render_pdf(&typical()).unwrap()
    );
}

#[test]
fn many_long_sections_paginate() {
    let short = render_pdf(&with_sections(3, 120)).unwrap();
    let long = render_pdf(&with_sections(40, 1_200)).unwrap();
    assert_well_formed(&long);
    assert_eq!(page_count(&short), 1);
    assert!(page_count(&long) > 5, "{} pages", page_count(&long));
}

#[test]
fn hostile_input_renders_or_fails_clearly() {
    let huge_word = "Ž".repeat(10_000);
    let huge_text = "ação Größe õpilane ".repeat(530);
    let cases = [
        Certificate {
            heading: String::new(),
            title: String::new(),
            learner_name: String::new(),
            issuer_name: String::new(),
            issued_on: String::new(),
            sections: vec![(String::new(), String::new())],
            credential_id: String::new(),
            status_note: Some(String::new()),
            ..typical()
        },
        Certificate {
            heading: huge_text.clone(),
            title: huge_word.clone(),
            learner_name: huge_text.clone(),
            issuer_name: huge_word.clone(),
            issued_on: huge_text.clone(),
            sections: vec![
                (huge_word.clone(), huge_text.clone()),
                (huge_text.clone(), huge_word.clone()),
            ],
            credential_id: huge_word.clone(),
            status_note: Some(huge_text.clone()),
            ..typical()
        },
        Certificate {
            title: "\u{0}\u{1}\u{8}\u{1b}[2J\u{7f}\r\n\t".to_owned(),
            learner_name: "\u{202e}evil\u{202c} \u{200b}\u{feff}".to_owned(),
            sections: vec![(
                "\u{0}".to_owned(),
                "line\u{0}one\r\nline two\u{85}\u{2028}end".to_owned(),
            )],
            verify_url: "https://example.org/v/\u{0}\n(paren)".to_owned(),
            ..typical()
        },
        Certificate {
            language: "nl-NL".to_owned(),
            title: "مقدمة في إدارة المياه".to_owned(),
            learner_name: "דוד כהן".to_owned(),
            sections: vec![
                ("الاسم".to_owned(), "نص عربي طويل ".repeat(300)),
                (
                    "Gemengd".to_owned(),
                    "Naam: דוד כהן, مرحبا, 中文, 😀".to_owned(),
                ),
            ],
            ..typical()
        },
    ];
    for certificate in &cases {
        let pdf = render_pdf(certificate).unwrap();
        assert_well_formed(&pdf);
        assert!(page_count(&pdf) >= 1);
    }
}

#[test]
fn unusable_input_is_a_clear_error() {
    let german = Certificate {
        language: "de".to_owned(),
        ..typical()
    };
    assert_eq!(
        render_pdf(&german),
        Err(CertificateError::UnsupportedLanguage {
            language: "de".to_owned()
        })
    );
    let no_url = Certificate {
        verify_url: String::new(),
        ..typical()
    };
    assert_eq!(render_pdf(&no_url), Err(CertificateError::EmptyVerifyUrl));
    let long_url = Certificate {
        verify_url: format!("https://e.org/{}", "x".repeat(10_000)),
        ..typical()
    };
    let error = render_pdf(&long_url).unwrap_err();
    assert!(matches!(
        error,
        CertificateError::VerifyUrlTooLong { length: 10_014, .. }
    ));
    assert!(error.to_string().contains("10014 bytes"), "{error}");
}

/// Writes sample PDFs for people to look at (`$MICROCRED_ARTIFACTS_DIR`, else a directory in
/// the build's target, never the repository), checks what was written, and prints how long a
/// typical certificate takes.
#[test]
fn writes_sample_artifacts_and_reports_render_time() {
    let directory = std::env::var_os("MICROCRED_ARTIFACTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test-artifacts"))
        .join("certificate");
    std::fs::create_dir_all(&directory).unwrap();

    #[allow(
        clippy::disallowed_methods,
        reason = "a measurement, not a domain decision"
    )]
    let started = std::time::Instant::now();
    let runs = 10;
    for _ in 0..runs {
        render_pdf(&typical()).unwrap();
    }
    println!(
        "typical certificate: {:.1} ms per render",
        started.elapsed().as_secs_f64() * 1000.0 / runs as f64
    );

    let revoked = Certificate {
        language: "nl".to_owned(),
        status_note: Some("INGETROKKEN op 3 april 2026".to_owned()),
        ..with_sections(12, 700)
    };
    for (name, certificate, pages) in [
        ("typical.pdf", typical(), 2..=2),
        ("revoked-long.pdf", revoked, 3..=20),
    ] {
        std::fs::write(directory.join(name), render_pdf(&certificate).unwrap()).unwrap();
        let written = std::fs::read(directory.join(name)).unwrap();
        assert_well_formed(&written);
        assert!(
            pages.contains(&page_count(&written)),
            "{name}: {} pages",
            page_count(&written)
        );
    }
}
