//! Property tests of the import reader (issue 14): mutated CSV and XLSX files — bytes flipped,
//! inserted, deleted, cut, rows and separators repeated — are read into rows or refused with a
//! file error, never a panic, each within a bound of time. Seeded; the number of cases is
//! `MICROCRED_PROPERTY_CASES` (default 500).

use std::time::{Duration, Instant};

use super::*;

struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

const PIECES: &[&[u8]] = &[
    b",",
    b";",
    b"\t",
    b"\"",
    b"\"\"",
    b"\r\n",
    b"\n",
    b"yes",
    b"2026-02-30",
    b"=cmd|' /C calc'!A0",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"PK\x03\x04",
    b"0-20",
    b"\xc3\xa9",
];

fn mutate(input: &[u8], random: &mut Random) -> Vec<u8> {
    let mut bytes = input.to_vec();
    let at = random.below(bytes.len() + 1);
    match random.below(5) {
        0 if !bytes.is_empty() => {
            let at = at.min(bytes.len() - 1);
            bytes[at] ^= 1 << random.below(8);
        }
        1 => {
            let piece = PIECES[random.below(PIECES.len())];
            bytes.splice(at..at, piece.iter().copied());
        }
        2 if !bytes.is_empty() => {
            let end = (at + 1 + random.below(32)).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        3 => bytes.truncate(at),
        _ if !bytes.is_empty() => {
            let start = random.below(bytes.len());
            let end = (start + 1 + random.below(200)).min(bytes.len());
            let copy = bytes[start..end].to_vec();
            bytes.splice(at..at, copy);
        }
        _ => bytes.extend_from_slice(b"\n"),
    }
    bytes
}

fn cases() -> usize {
    std::env::var("MICROCRED_PROPERTY_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(500)
}

#[test]
#[allow(clippy::disallowed_methods)] // a bound on hostile input, not a speed target
fn mutated_csv_and_xlsx_files_are_read_or_refused_never_a_panic() {
    let csv = b"student_number,email,given_names,family_names,passed,grade,grading_scheme,assessed_on,issue\n\
r001,an@example.org,An,Peeters,yes,16,0-20,2026-01-20,yes\n\
r002,,Jo,Claes,no,,,2026-01-21,\n"
        .to_vec();
    let xlsx = template::template_xlsx(FileKind::Results).unwrap();
    let mut random = Random(0x1a2b_3c4d);
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for case in 0..cases() {
        let (seed, format) = if case % 2 == 0 {
            (&csv, FileFormat::Csv)
        } else {
            (&xlsx, FileFormat::Xlsx)
        };
        let mut file = seed.clone();
        for _ in 0..=random.below(4) {
            file = mutate(&file, &mut random);
        }
        let one = Instant::now();
        let _ = parse_results(&file, format);
        let _ = parse_enrolments(&file, format);
        let took = one.elapsed();
        slowest = slowest.max(took);
        assert!(took < Duration::from_secs(5), "case {case} took {took:?}");
    }
    eprintln!(
        "property import files: {} cases in {:?}, slowest {slowest:?}",
        cases(),
        started.elapsed()
    );
}
