//! The verification QR code as a plain matrix of dark and light modules, which the PDF draws as
//! filled rectangles (vectors: sharp at any zoom or print resolution, no image codec needed).

use fast_qr::{ECL, QRBuilder};

use crate::CertificateError;

/// Bytes a version-40 QR code holds in byte mode at error correction level M.
pub(crate) const MAX_URL_BYTES: usize = 2331;

/// Square matrix of modules, row by row; `true` is dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QrMatrix {
    size: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `url` at error correction level M (15% of the code may be damaged or dirty and
    /// it still scans), the usual choice for printed links.
    pub(crate) fn encode(url: &str) -> Result<Self, CertificateError> {
        if url.is_empty() {
            return Err(CertificateError::EmptyVerifyUrl);
        }
        let too_long = CertificateError::VerifyUrlTooLong {
            length: url.len(),
            max: MAX_URL_BYTES,
        };
        if url.len() > MAX_URL_BYTES {
            return Err(too_long);
        }
        let code = QRBuilder::new(url.as_bytes())
            .ecl(ECL::M)
            .build()
            .map_err(|_| too_long)?;
        let size = code.size;
        let dark = (0..size * size)
            .map(|index| code.data.get(index).is_some_and(|module| module.value()))
            .collect();
        Ok(Self { size, dark })
    }

    /// Modules per side (21 for version 1, 4 more per version).
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    pub(crate) fn is_dark(&self, row: usize, column: usize) -> bool {
        column < self.size
            && self
                .dark
                .get(row * self.size + column)
                .copied()
                .unwrap_or(false)
    }

    /// Horizontal runs of dark modules as (row, first column, length): one rectangle each, so
    /// the PDF holds a few hundred rectangles rather than one per module.
    pub(crate) fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for row in 0..self.size {
            let mut column = 0;
            while column < self.size {
                if !self.is_dark(row, column) {
                    column += 1;
                    continue;
                }
                let start = column;
                while column < self.size && self.is_dark(row, column) {
                    column += 1;
                }
                runs.push((row, start, column - start));
            }
        }
        runs
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{MAX_URL_BYTES, QrMatrix};
    use crate::CertificateError;

    /// Decodes modules drawn as the given runs, the way a phone camera would read the printed
    /// rectangles: rasterised with a quiet zone, then located and decoded by `rqrr`.
    pub(crate) fn decode_runs(size: usize, runs: &[(usize, usize, usize)]) -> String {
        const PIXELS_PER_MODULE: usize = 4;
        const QUIET_ZONE: usize = 4;
        let side = (size + 2 * QUIET_ZONE) * PIXELS_PER_MODULE;
        let mut pixels = vec![255_u8; side * side];
        for &(row, column, length) in runs {
            for module in column..column + length {
                for dy in 0..PIXELS_PER_MODULE {
                    for dx in 0..PIXELS_PER_MODULE {
                        let y = (row + QUIET_ZONE) * PIXELS_PER_MODULE + dy;
                        let x = (module + QUIET_ZONE) * PIXELS_PER_MODULE + dx;
                        pixels[y * side + x] = 0;
                    }
                }
            }
        }
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "exactly one QR code is found");
        let (_, content) = grids[0].decode().expect("the QR code decodes");
        content
    }

    #[test]
    fn drawn_runs_decode_to_the_url() {
        let url = "https://microcred.example.eu/verify/01JD8Q4W3ZK5V7X9Y2B6N0M1C?lang=nl&v=2";
        let matrix = QrMatrix::encode(url).unwrap();
        // 75 bytes at level M need version 5: 17 + 4 × 5 modules per side.
        assert_eq!(matrix.size(), 37);
        assert_eq!(decode_runs(matrix.size(), &matrix.dark_runs()), url);
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let matrix = QrMatrix::encode("https://example.org/v/1").unwrap();
        let mut covered = vec![false; matrix.size() * matrix.size()];
        for (row, column, length) in matrix.dark_runs() {
            for module in column..column + length {
                assert!(!covered[row * matrix.size() + module], "runs overlap");
                covered[row * matrix.size() + module] = true;
            }
        }
        for row in 0..matrix.size() {
            for column in 0..matrix.size() {
                assert_eq!(
                    covered[row * matrix.size() + column],
                    matrix.is_dark(row, column)
                );
            }
        }
    }

    #[test]
    fn unicode_and_control_characters_survive_the_round_trip() {
        let url = "https://example.org/v/élève-مرحبا\u{1}";
        let matrix = QrMatrix::encode(url).unwrap();
        assert_eq!(decode_runs(matrix.size(), &matrix.dark_runs()), url);
    }

    #[test]
    fn empty_and_oversized_urls_are_refused() {
        assert_eq!(QrMatrix::encode(""), Err(CertificateError::EmptyVerifyUrl));
        let longest = format!("https://e.org/{}", "a".repeat(MAX_URL_BYTES - 14));
        assert_eq!(longest.len(), MAX_URL_BYTES);
        assert!(QrMatrix::encode(&longest).is_ok());
        assert_eq!(
            QrMatrix::encode(&format!("{longest}a")),
            Err(CertificateError::VerifyUrlTooLong {
                length: MAX_URL_BYTES + 1,
                max: MAX_URL_BYTES
            })
        );
        assert!(matches!(
            QrMatrix::encode(&"x".repeat(10_000)),
            Err(CertificateError::VerifyUrlTooLong { length: 10_000, .. })
        ));
    }
}
