//! Printable PDF certificate of a micro-credential: a pure function from the texts the caller has
//! already chosen, labelled and formatted to the bytes of an A4 PDF, with a vector QR code that
//! points at the credential's verification page.
//!
//! The crate reads no files, no clock and no environment: fonts are compiled in
//! (`fonts/`, DejaVu Sans), and the only output is the returned byte vector.
//!
//! Rendering happens in two steps so that layout can be tested without parsing PDF:
//! [`layout`] turns a [`Certificate`] into pages of positioned items (text runs, filled
//! rectangles, the QR matrix, link areas), then [`pdf`] writes those items with `krilla`.

mod labels;
mod layout;
mod pdf;
mod qr;
mod text;

pub use labels::Language;

/// Everything printed on a certificate. All texts are final: the caller translates, labels and
/// formats them; this crate only adds the few fixed phrases of [`Language`] (such as "Awarded to").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// Language of the fixed phrases: `"nl"` or `"en"` (region suffixes like `"en-GB"` are
    /// accepted). Anything else is [`CertificateError::UnsupportedLanguage`].
    pub language: String,
    /// Small heading above the title, e.g. "Microcredential".
    pub heading: String,
    /// The offering's title, printed large. Very long titles are set smaller and, past four
    /// lines, shortened with an ellipsis (the full title belongs in `sections` too).
    pub title: String,
    pub learner_name: String,
    pub issuer_name: String,
    /// Date of issue, already formatted for `language`.
    pub issued_on: String,
    /// `(label, value)` rows of the details table: every Annex I element, labelled and
    /// formatted by the caller. Values wrap and the table continues on further pages; a line
    /// break (`\n`) in a value starts a new line. Rows whose label and value are both blank
    /// are left out.
    pub sections: Vec<(String, String)>,
    /// Printed in the footer of every page.
    pub credential_id: String,
    /// Encoded in the QR code, printed below it, and a clickable link in the PDF.
    pub verify_url: String,
    /// When set (e.g. "REVOKED on 3 March 2026"), printed prominently in red on the first page.
    pub status_note: Option<String>,
}

/// Why a certificate could not be rendered. Every variant names what the caller must change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CertificateError {
    #[error("unsupported certificate language {language:?}: expected \"nl\" or \"en\"")]
    UnsupportedLanguage { language: String },
    #[error("the verification URL is empty: a certificate needs one for its QR code")]
    EmptyVerifyUrl,
    #[error(
        "the verification URL is {length} bytes long, more than a QR code can hold \
         (at most {max} bytes with error correction level M)"
    )]
    VerifyUrlTooLong { length: usize, max: usize },
    /// The embedded font could not be read: a build defect, not an input error.
    #[error("embedded font {name} could not be loaded")]
    Font { name: &'static str },
    /// The PDF writer refused the document: a defect in this crate, not an input error.
    #[error("writing the certificate PDF failed: {message}")]
    Pdf { message: String },
}

/// Renders `certificate` as an A4 portrait PDF: heading, title, learner, issuer and date, a
/// status note when set, the details table (continuing on further pages as needed), the
/// verification QR code with its URL at the bottom of the first page, and the credential id
/// with page numbers in every footer.
pub fn render_pdf(certificate: &Certificate) -> Result<Vec<u8>, CertificateError> {
    let language = Language::parse(&certificate.language).ok_or_else(|| {
        CertificateError::UnsupportedLanguage {
            language: certificate.language.clone(),
        }
    })?;
    let shaper = text::Shaper::new()?;
    let pages = layout::lay_out(certificate, language, &shaper)?;
    pdf::write(certificate, language, &pages)
}

/// A QR code of `text` as an SVG image (dark modules as rectangles, a quiet zone of four): for
/// pages that hand a link to a phone, such as a credential offer to a wallet.
pub fn qr_svg(text: &str) -> Result<String, CertificateError> {
    let matrix = qr::QrMatrix::encode(text)?;
    let side = matrix.size() + 8;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (row, column, length) in matrix.dark_runs() {
        svg.push_str(&format!(
            "M{} {}h{length}v1h-{length}z",
            column + 4,
            row + 4
        ));
    }
    svg.push_str("\"/></svg>");
    Ok(svg)
}

#[cfg(test)]
mod qr_svg_tests {
    #[test]
    fn a_link_becomes_an_svg_of_its_modules_and_an_oversized_one_is_refused() {
        let svg = super::qr_svg(
            "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fr.example",
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && svg.contains("h"));
        assert!(super::qr_svg(&"x".repeat(5000)).is_err());
    }
}
