//! Search terms: tokenising, stopwords, stemming (Dutch, English, French, German) and accent
//! folding, so that `cursussen` finds `cursus` and `electricite` finds `électricité` on every
//! storage backend, while `data` no longer finds the Dutch `dat` ("that") through its French
//! stem.
//!
//! The store indexes the terms this module produces with a plain tokenizer (its in-memory
//! catalogue index splits on non-alphanumerics and lower-cases): the language knowledge lives
//! here, once. A query word becomes whole-word alternatives plus, when long enough, a prefix
//! (`bouw` also finds `bouwplaats`); how a prefix is expanded and ranked is the index's business.
//! Compounds are not split, so a word is not found at the end of one (`bouw` in `woningbouw`,
//! `lassen` in `lastechnieken`): that needs a decompounding dictionary per language.
//!
//! Terms are stored with each offering; `TERMS_VERSION` says which rules made them, so the
//! store re-derives them when these rules change.

mod stopwords;

use stopwords::{is_stopword, is_stopword_anywhere};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// The version of the rules that turn texts into index terms. Raise it whenever `index_terms`
/// (or what the store feeds it) changes, so stored terms made by older rules are re-derived.
/// 1: stems and folded words. 2: stopwords dropped, no stem that spells a stopword.
pub const TERMS_VERSION: i64 = 2;

/// A query word of at least this many characters also matches the index terms it begins:
/// shorter prefixes match too much to be useful (`dat` would find `database` and `datum`).
pub const PREFIX_MIN_CHARS: usize = 4;

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

/// Whether a stem may stand for its word. A stem that spells a stopword of any stemmed
/// language would meet that stopword across languages (French stems `data` and `date` to
/// `dat`, Dutch for "that"), so the word stands for itself only.
fn usable_stem(stem: &str) -> bool {
    !is_stopword_anywhere(stem)
}

/// Index terms for texts in known languages: every word folded, plus its stem in the text's
/// language where that differs. Stopwords of the text's language are left out, and so is a
/// stem that spells a stopword (the word itself is still indexed).
pub fn index_terms<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut terms = Vec::new();
    for (lang, text) in texts {
        let stemmer = stemmer(lang);
        for word in words(text) {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let folded = fold(&lower);
            if is_stopword(lang, &folded) {
                continue;
            }
            if let Some(stemmer) = &stemmer {
                let stem = stem_word(lang, stemmer, &lower);
                if stem != folded && usable_stem(&stem) {
                    terms.push(stem);
                }
            }
            terms.push(folded);
        }
    }
    terms.join(" ")
}

/// What one word of a query may match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Whole index terms: the folded word and its stem in each stemmed language (a stem that
    /// spells a stopword left out).
    pub alternatives: Vec<String>,
    /// The folded word, when it has at least `PREFIX_MIN_CHARS` characters: it also matches
    /// the longer index terms it begins, ranked below whole-term matches.
    pub prefix: Option<String>,
}

/// The words of a free-text query, each with what may match it. Words are combined with AND,
/// a word's alternatives and prefix with OR.
///
/// The query's language is unknown, so a word that is a stopword in any stemmed language is
/// left out — unless every word is one: a search for `die` alone (as in die casting) still
/// looks for it.
pub fn query_terms(query: &str) -> Vec<QueryWord> {
    let significant: Vec<&str> = words(query)
        .filter(|word| !is_stopword_anywhere(&fold(word)))
        .take(MAX_QUERY_WORDS)
        .collect();
    let chosen = if significant.is_empty() {
        words(query).take(MAX_QUERY_WORDS).collect()
    } else {
        significant
    };
    if chosen.is_empty() {
        return Vec::new();
    }
    let stemmers: Vec<(&str, Stemmer)> = STEMMED_LANGUAGES
        .iter()
        .map(|(lang, algorithm)| (*lang, Stemmer::create(*algorithm)))
        .collect();
    chosen
        .into_iter()
        .map(|word| {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let folded = fold(&lower);
            let mut alternatives = vec![folded.clone()];
            for (lang, stemmer) in &stemmers {
                let stem = stem_word(lang, stemmer, &lower);
                if !alternatives.contains(&stem) && usable_stem(&stem) {
                    alternatives.push(stem);
                }
            }
            let prefix = (folded.chars().count() >= PREFIX_MIN_CHARS).then_some(folded);
            QueryWord {
                alternatives,
                prefix,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether an offering indexed as `index` is found by `query`: every word by a whole term
    /// or, where it has one, by its prefix.
    fn matches(index: &str, query: &str) -> bool {
        let indexed: Vec<&str> = index.split(' ').collect();
        query_terms(query).iter().all(|word| {
            word.alternatives
                .iter()
                .any(|term| indexed.contains(&term.as_str()))
                || word
                    .prefix
                    .as_deref()
                    .is_some_and(|prefix| indexed.iter().any(|term| term.starts_with(prefix)))
        })
    }

    /// Like `matches`, whole terms only.
    fn matches_whole_terms(index: &str, query: &str) -> bool {
        let indexed: Vec<&str> = index.split(' ').collect();
        query_terms(query).iter().all(|word| {
            word.alternatives
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
                .flat_map(|word| word.alternatives.iter().chain(&word.prefix))
                .all(|t| t.chars().all(char::is_alphanumeric))
        );
        assert_eq!(query_terms(&"word ".repeat(1000)).len(), MAX_QUERY_WORDS);
        assert!(query_terms("   ").is_empty());
        assert!(query_terms(&"x".repeat(100_000)).is_empty());
    }

    #[test]
    fn data_does_not_find_the_dutch_stopword_dat() {
        let index = index_terms([("nl", "Je leert wat dat betekent voor de organisatie")]);
        assert!(!matches(&index, "data"));
        // Before stopwords, Dutch `data` stemmed to `dat` and found every text saying "that".
        for word in ["dat", "je", "wat", "de", "voor"] {
            assert!(
                !index.split(' ').any(|term| term == word),
                "{word} in {index}"
            );
        }
    }

    #[test]
    fn no_stem_that_spells_a_stopword_is_indexed_or_searched() {
        // French stems `data` (and `date`) to `dat`, which is Dutch for "that".
        let french = Stemmer::create(Algorithm::French);
        assert_eq!(stem_word("fr", &french, "data"), "dat");
        assert_eq!(query_terms("data")[0].alternatives, ["data"]);
        let dates = index_terms([("fr", "Choisir la date")]);
        assert!(!dates.split(' ').any(|term| term == "dat"), "{dates}");
        assert!(!matches(&dates, "data"));
        // The word itself is still found, and so are other stems.
        assert!(matches(&dates, "date"));
        assert!(matches(&dates, "dates"));
    }

    #[test]
    fn data_analyse_still_finds_data_courses() {
        let dutch = index_terms([("nl", "Cursus data-analyse met Python")]);
        assert!(matches(&dutch, "data-analyse"));
        assert!(matches(&dutch, "cursus data-analyse"));
        assert!(matches(&dutch, "data"));
        let english = index_terms([("en", "Course in data analysis with Python")]);
        assert!(matches(&english, "data analysis course"));
        assert!(matches(&english, "data"));
    }

    #[test]
    fn stopwords_in_a_query_are_left_out_unless_nothing_else_is_left() {
        let words = query_terms("een cursus voor de bouw");
        assert_eq!(words.len(), 2, "{words:?}");
        assert!(matches(
            &index_terms([("nl", "Cursus veilig werken op de bouwplaats")]),
            "een cursus voor de bouw"
        ));
        // Only stopwords (in some language): searched as they are. `die` is German for "the"
        // but English for a casting mould.
        assert_eq!(query_terms("die").len(), 1);
        assert!(matches(&index_terms([("en", "Die casting")]), "die"));
        assert!(!matches(&index_terms([("de", "Die Grundlagen")]), "die"));
    }

    #[test]
    fn long_enough_words_also_match_as_prefixes() {
        assert_eq!(query_terms("bouw")[0].prefix.as_deref(), Some("bouw"));
        assert_eq!(query_terms("Café")[0].prefix.as_deref(), Some("cafe"));
        assert_eq!(query_terms("bou")[0].prefix, None);
        let construction = index_terms([("nl", "Veilig werken op de bouwplaats")]);
        assert!(matches(&construction, "bouw"));
        assert!(!matches_whole_terms(&construction, "bouw"));
        let nursing = index_terms([("nl", "Wondzorg voor verpleegkundigen")]);
        assert!(matches(&nursing, "verpleeg"));
        assert!(matches(&nursing, "verpleegkundige"));
        // A prefix only extends a word: `bouw` does not find the end of `woningbouw`.
        assert!(!matches(&index_terms([("nl", "Woningbouw")]), "bouw"));
    }

    #[test]
    fn the_search_examples_find_their_offerings() {
        let welding = index_terms([
            ("nl", "Cursus MIG/MAG-lassen"),
            ("en", "Course in MIG/MAG welding"),
        ]);
        assert!(matches(&welding, "lassen"));
        assert!(matches(&welding, "welding"));
        let nursing = index_terms([
            ("nl", "Wondzorg in de verpleegkunde"),
            ("en", "Wound care in nursing"),
        ]);
        assert!(matches(&nursing, "verpleegkunde"));
        assert!(matches(&nursing, "nursing"));
    }
}
