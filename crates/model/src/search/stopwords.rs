//! Stopwords of the stemmed languages: articles, pronouns, prepositions, conjunctions and
//! auxiliaries that say nothing about what an offering teaches. They are dropped before stemming
//! so that they neither match nor rank; and a stem that happens to spell one is not used either
//! (French stems `data` to `dat`, Dutch for "that", which made `data` find every Dutch text).
//!
//! Short lists on purpose (the well-known core of the Snowball lists): every word here becomes
//! unsearchable in its language. Left out deliberately: English `it` (IT, as in IT security)
//! and `who` (the WHO), and words that are also subject matter somewhere (Dutch `wezen`).
//! Entries are folded (lower case, no accents) and sorted, so lookups are a binary search.

const DUTCH: &[&str] = &[
    "aan", "al", "alle", "als", "ben", "bij", "daar", "dan", "dat", "de", "der", "deze", "die",
    "dit", "door", "dus", "een", "en", "er", "geen", "haar", "had", "hebben", "heeft", "hem",
    "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "je", "kan", "maar", "me", "men", "met",
    "mij", "mijn", "na", "naar", "niet", "nog", "nu", "of", "om", "omdat", "ons", "ook", "op",
    "over", "te", "tot", "u", "uit", "uw", "van", "voor", "want", "was", "wat", "werd", "wie",
    "wordt", "zal", "ze", "zich", "zij", "zijn", "zo", "zou",
];

const ENGLISH: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have",
    "he", "her", "his", "i", "if", "in", "into", "is", "its", "of", "on", "or", "our", "she", "so",
    "than", "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "was",
    "we", "were", "which", "will", "with", "you", "your",
];

const FRENCH: &[&str] = &[
    "a", "au", "aux", "avec", "c", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
    "elle", "en", "est", "et", "etre", "il", "ils", "j", "je", "l", "la", "le", "les", "leur",
    "lui", "m", "mais", "me", "mes", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas",
    "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t", "un", "une",
    "vos", "votre", "vous", "y",
];

const GERMAN: &[&str] = &[
    "aber", "alle", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "das", "dass",
    "dem", "den", "der", "des", "die", "du", "ein", "eine", "einem", "einen", "einer", "eines",
    "er", "es", "fur", "hat", "ich", "ihr", "im", "in", "ist", "mit", "nach", "nicht", "noch",
    "oder", "sie", "sind", "so", "uber", "um", "und", "uns", "von", "vor", "war", "was", "wie",
    "wir", "wird", "zu", "zum", "zur",
];

/// The stopwords of a language (`nl`, `en`, `fr`, `de`); none for other languages.
fn list(lang: &str) -> &'static [&'static str] {
    match lang {
        "nl" => DUTCH,
        "en" => ENGLISH,
        "fr" => FRENCH,
        "de" => GERMAN,
        _ => &[],
    }
}

/// Whether `folded` (a word already lower-cased and accent-folded) is a stopword of `lang`.
pub fn is_stopword(lang: &str, folded: &str) -> bool {
    list(lang).binary_search(&folded).is_ok()
}

/// Whether `folded` is a stopword of any stemmed language: what a query, whose language is
/// unknown, can leave out.
pub fn is_stopword_anywhere(folded: &str) -> bool {
    ["nl", "en", "fr", "de"]
        .iter()
        .any(|lang| is_stopword(lang, folded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_unique_and_folded() {
        for lang in ["nl", "en", "fr", "de"] {
            let words = list(lang);
            assert!(words.len() >= 40, "{lang}");
            for pair in words.windows(2) {
                assert!(pair[0] < pair[1], "{lang}: {} before {}", pair[0], pair[1]);
            }
            for word in words {
                assert_eq!(super::super::fold(word), *word, "{lang}");
            }
        }
    }

    #[test]
    fn stopwords_are_per_language() {
        assert!(is_stopword("nl", "dat"));
        assert!(!is_stopword("en", "dat"));
        assert!(is_stopword("de", "fur"));
        assert!(!is_stopword("nl", "data"));
        assert!(!is_stopword("xx", "de"));
        assert!(is_stopword_anywhere("the"));
        // Subject words of the search examples are never stopwords.
        for word in [
            "data",
            "analyse",
            "lassen",
            "verpleegkunde",
            "bouw",
            "nursing",
            "it",
        ] {
            assert!(!is_stopword_anywhere(word), "{word}");
        }
    }
}
