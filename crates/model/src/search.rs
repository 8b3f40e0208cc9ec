//! Search terms: tokenising, stemming (Dutch, English, French, German) and accent folding, so that
//! `cursussen` finds `cursus` and `electricite` finds `électricité` on every storage backend.
//!
//! The store indexes the terms this module produces with a plain tokenizer (its in-memory
//! catalogue index splits on non-alphanumerics and lower-cases): the language knowledge lives
//! here, once.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

const STEMMED_LANGUAGES: &[(&str, Algorithm)] = &[
    ("nl", Algorithm::Dutch),
    ("en", Algorithm::English),
    ("fr", Algorithm::French),
    ("de", Algorithm::German),
];

/// At most this many words of a query are used; more add nothing but cost.
pub const MAX_QUERY_WORDS: usize = 8;

/// Snowball's Dutch stemmer undoubles only `kk`, `dd` and `tt`, so `cursussen` stems to `cursuss`
/// while `cursus` stays `cursus`; undoubling every final consonant pair makes them meet.
fn undouble_dutch(stem: String) -> String {
    let bytes = stem.as_bytes();
    let len = bytes.len();
    if len >= 3
        && bytes[len - 1] == bytes[len - 2]
        && bytes[len - 1].is_ascii_lowercase()
        && !b"aeiouy".contains(&bytes[len - 1])
    {
        stem[..len - 1].to_owned()
    } else {
        stem
    }
}

fn stem_word(lang: &str, stemmer: &Stemmer, lower: &str) -> String {
    let stem = fold(&stemmer.stem(lower));
    if lang == "nl" {
        undouble_dutch(stem)
    } else {
        stem
    }
}

fn stemmer(lang: &str) -> Option<Stemmer> {
    STEMMED_LANGUAGES
        .iter()
        .find(|(code, _)| *code == lang)
        .map(|(_, algorithm)| Stemmer::create(*algorithm))
}

/// Lower-cases and removes accents (`É` → `e`, `ß` stays).
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && word.chars().count() <= 40)
}

/// Index terms for texts in known languages: every word folded, plus its stem in the text's
/// language where that differs.
pub fn index_terms<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut terms = Vec::new();
    for (lang, text) in texts {
        let stemmer = stemmer(lang);
        for word in words(text) {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let folded = fold(&lower);
            if let Some(stemmer) = &stemmer {
                let stem = stem_word(lang, stemmer, &lower);
                if stem != folded {
                    terms.push(stem);
                }
            }
            terms.push(folded);
        }
    }
    terms.join(" ")
}

/// The terms of a free-text query: per word, the alternatives that may match it (the folded word
/// and its stem in each stemmed language). Words are combined with AND, alternatives with OR.
pub fn query_terms(query: &str) -> Vec<Vec<String>> {
    let stemmers: Vec<(&str, Stemmer)> = STEMMED_LANGUAGES
        .iter()
        .map(|(lang, algorithm)| (*lang, Stemmer::create(*algorithm)))
        .collect();
    words(query)
        .take(MAX_QUERY_WORDS)
        .map(|word| {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let mut alternatives = vec![fold(&lower)];
            for (lang, stemmer) in &stemmers {
                let stem = stem_word(lang, stemmer, &lower);
                if !alternatives.contains(&stem) {
                    alternatives.push(stem);
                }
            }
            alternatives
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(index: &str, query: &str) -> bool {
        let indexed: Vec<&str> = index.split(' ').collect();
        query_terms(query).iter().all(|alternatives| {
            alternatives
                .iter()
                .any(|term| indexed.contains(&term.as_str()))
        })
    }

    #[test]
    fn dutch_plural_finds_singular_and_back() {
        let index = index_terms([("nl", "Cursus projectmanagement")]);
        assert!(matches(&index, "cursussen"));
        assert!(matches(&index, "cursus"));
        let index = index_terms([("nl", "Korte cursussen voor leerkrachten")]);
        assert!(matches(&index, "cursus"));
        assert!(matches(&index, "leerkracht"));
    }

    #[test]
    fn french_german_and_english_stem_too() {
        assert!(matches(
            &index_terms([("fr", "Formations en électricité")]),
            "formation electricite"
        ));
        assert!(matches(
            &index_terms([("de", "Grundlagen der Datenbanken")]),
            "datenbank"
        ));
        assert!(matches(
            &index_terms([("en", "Managing teams")]),
            "management team"
        ));
    }

    #[test]
    fn every_query_word_must_match() {
        let index = index_terms([("en", "Data analysis with Python")]);
        assert!(matches(&index, "python data"));
        assert!(!matches(&index, "python welding"));
    }

    #[test]
    fn hostile_queries_are_bounded_and_harmless() {
        assert!(
            query_terms("\"'); DROP TABLE offerings; -- * NEAR OR")
                .iter()
                .flatten()
                .all(|t| t.chars().all(char::is_alphanumeric))
        );
        assert_eq!(query_terms(&"word ".repeat(1000)).len(), MAX_QUERY_WORDS);
        assert!(query_terms("   ").is_empty());
        assert!(query_terms(&"x".repeat(100_000)).is_empty());
    }
}
