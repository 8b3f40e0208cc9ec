//! Languages: the interface languages of the register and multilingual text in content.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A language the register's pages and labels are available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    Nl,
    En,
    Fr,
    De,
}

impl UiLang {
    pub const ALL: &'static [UiLang] = &[UiLang::Nl, UiLang::En, UiLang::Fr, UiLang::De];

    pub fn code(self) -> &'static str {
        match self {
            UiLang::Nl => "nl",
            UiLang::En => "en",
            UiLang::Fr => "fr",
            UiLang::De => "de",
        }
    }

    pub fn from_code(code: &str) -> Option<UiLang> {
        UiLang::ALL.iter().copied().find(|lang| lang.code() == code)
    }
}

/// ISO 639-1 codes accepted as content languages (the EU's official languages, the languages of
/// the EEA and candidate countries, and the larger languages learners in Europe study in).
pub const LANGUAGE_CODES: &[&str] = &[
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
    "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "is", "no", "nb", "nn", "sq", "bs", "mk", "sr",
    "tr", "uk", "ka", "ru", "ar", "zh", "ja", "ko", "hi", "lb", "eu", "ca", "gl", "cy", "fy", "la",
    "eo",
];

/// Whether `code` is an accepted content language code.
pub fn is_language_code(code: &str) -> bool {
    LANGUAGE_CODES.contains(&code)
}

/// Human name of a content language in an interface language (falls back to the code).
pub fn language_name(code: &str, lang: UiLang) -> &str {
    let names: &[(&str, [&str; 4])] = &[
        (
            "nl",
            ["Nederlands", "Dutch", "néerlandais", "Niederländisch"],
        ),
        ("en", ["Engels", "English", "anglais", "Englisch"]),
        ("fr", ["Frans", "French", "français", "Französisch"]),
        ("de", ["Duits", "German", "allemand", "Deutsch"]),
        ("es", ["Spaans", "Spanish", "espagnol", "Spanisch"]),
        ("it", ["Italiaans", "Italian", "italien", "Italienisch"]),
        (
            "pt",
            ["Portugees", "Portuguese", "portugais", "Portugiesisch"],
        ),
        ("pl", ["Pools", "Polish", "polonais", "Polnisch"]),
        ("fi", ["Fins", "Finnish", "finnois", "Finnisch"]),
        ("sv", ["Zweeds", "Swedish", "suédois", "Schwedisch"]),
        ("da", ["Deens", "Danish", "danois", "Dänisch"]),
        ("et", ["Ests", "Estonian", "estonien", "Estnisch"]),
        ("cs", ["Tsjechisch", "Czech", "tchèque", "Tschechisch"]),
        ("ro", ["Roemeens", "Romanian", "roumain", "Rumänisch"]),
        ("el", ["Grieks", "Greek", "grec", "Griechisch"]),
        ("hu", ["Hongaars", "Hungarian", "hongrois", "Ungarisch"]),
        ("uk", ["Oekraïens", "Ukrainian", "ukrainien", "Ukrainisch"]),
        ("ar", ["Arabisch", "Arabic", "arabe", "Arabisch"]),
        ("tr", ["Turks", "Turkish", "turc", "Türkisch"]),
    ];
    let index = match lang {
        UiLang::Nl => 0,
        UiLang::En => 1,
        UiLang::Fr => 2,
        UiLang::De => 3,
    };
    names
        .iter()
        .find(|(known, _)| *known == code)
        .map_or(code, |(_, labels)| labels[index])
}

/// Text in one or more languages, keyed by ISO 639-1 code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct LangText(pub BTreeMap<String, String>);

impl LangText {
    /// Text in a single language.
    pub fn one(lang: &str, text: impl Into<String>) -> LangText {
        LangText(BTreeMap::from([(lang.to_owned(), text.into())]))
    }

    /// Builder: adds a translation.
    pub fn with(mut self, lang: &str, text: impl Into<String>) -> LangText {
        self.0.insert(lang.to_owned(), text.into());
        self
    }

    /// The text in the preferred language, else English, else Dutch, else any.
    pub fn best(&self, preferred: UiLang) -> &str {
        [preferred.code(), "en", "nl"]
            .iter()
            .find_map(|code| self.0.get(*code))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// The language `best` picks, so pages can mark text that is not in the reader's language.
    pub fn best_lang(&self, preferred: UiLang) -> &str {
        [preferred.code(), "en", "nl"]
            .iter()
            .find(|code| self.0.contains_key(**code))
            .copied()
            .or_else(|| self.0.keys().next().map(String::as_str))
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|text| text.trim().is_empty())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(lang, text)| (lang.as_str(), text.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_falls_back_to_english_then_dutch_then_any() {
        let text = LangText::one("nl", "Cursus").with("en", "Course");
        assert_eq!(text.best(UiLang::Fr), "Course");
        assert_eq!(text.best(UiLang::Nl), "Cursus");
        assert_eq!(LangText::one("de", "Kurs").best(UiLang::Nl), "Kurs");
        assert_eq!(LangText::default().best(UiLang::Nl), "");
    }

    #[test]
    fn language_codes_are_checked() {
        assert!(is_language_code("nl"));
        assert!(!is_language_code("xx"));
        assert!(!is_language_code("NL"));
        assert_eq!(language_name("fr", UiLang::Nl), "Frans");
    }
}
