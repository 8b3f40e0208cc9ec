//! Countries (ISO 3166-1 alpha-2) and regions (NUTS codes) of providers.

use crate::lang::UiLang;

/// Every ISO 3166-1 alpha-2 code, as one string of two-letter codes.
const ISO_3166_ALPHA2: &str = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|byte| byte.is_ascii_uppercase())
        && ISO_3166_ALPHA2
            .as_bytes()
            .chunks(2)
            .any(|chunk| chunk == code.as_bytes())
}

/// Names of the countries providers in the register come from most (others show their code).
const COUNTRY_NAMES: &[(&str, &str, &str)] = &[
    ("AT", "Oostenrijk", "Austria"),
    ("BE", "België", "Belgium"),
    ("BG", "Bulgarije", "Bulgaria"),
    ("CY", "Cyprus", "Cyprus"),
    ("CZ", "Tsjechië", "Czechia"),
    ("DE", "Duitsland", "Germany"),
    ("DK", "Denemarken", "Denmark"),
    ("EE", "Estland", "Estonia"),
    ("ES", "Spanje", "Spain"),
    ("FI", "Finland", "Finland"),
    ("FR", "Frankrijk", "France"),
    ("GR", "Griekenland", "Greece"),
    ("HR", "Kroatië", "Croatia"),
    ("HU", "Hongarije", "Hungary"),
    ("IE", "Ierland", "Ireland"),
    ("IS", "IJsland", "Iceland"),
    ("IT", "Italië", "Italy"),
    ("LI", "Liechtenstein", "Liechtenstein"),
    ("LT", "Litouwen", "Lithuania"),
    ("LU", "Luxemburg", "Luxembourg"),
    ("LV", "Letland", "Latvia"),
    ("MT", "Malta", "Malta"),
    ("NL", "Nederland", "Netherlands"),
    ("NO", "Noorwegen", "Norway"),
    ("PL", "Polen", "Poland"),
    ("PT", "Portugal", "Portugal"),
    ("RO", "Roemenië", "Romania"),
    ("SE", "Zweden", "Sweden"),
    ("SI", "Slovenië", "Slovenia"),
    ("SK", "Slowakije", "Slovakia"),
    ("CH", "Zwitserland", "Switzerland"),
    ("GB", "Verenigd Koninkrijk", "United Kingdom"),
];

/// Human name of a country in an interface language (the code if we have no name for it).
pub fn country_name(code: &str, lang: UiLang) -> &str {
    COUNTRY_NAMES
        .iter()
        .find(|(known, _, _)| *known == code)
        .map_or(code, |(_, nl, en)| if lang == UiLang::Nl { nl } else { en })
}

/// The NUTS prefix of a country: NUTS uses `EL` for Greece and `UK` for the United Kingdom.
pub fn nuts_prefix(country: &str) -> &str {
    match country {
        "GR" => "EL",
        "GB" => "UK",
        other => other,
    }
}

/// Whether `region` is a plausible NUTS 1–3 code inside `country` (e.g. `BE2`, `BE21`, `BE211`).
pub fn is_region_of(region: &str, country: &str) -> bool {
    let prefix = nuts_prefix(country);
    region.strip_prefix(prefix).is_some_and(|rest| {
        (1..=3).contains(&rest.len())
            && rest
                .bytes()
                .all(|byte| byte.is_ascii_digit() || byte.is_ascii_uppercase())
    })
}

/// Names of the regions the demo register and most Flemish providers use.
const REGION_NAMES: &[(&str, &str, &str)] = &[
    (
        "BE1",
        "Brussels Hoofdstedelijk Gewest",
        "Brussels-Capital Region",
    ),
    (
        "BE10",
        "Brussels Hoofdstedelijk Gewest",
        "Brussels-Capital Region",
    ),
    ("BE2", "Vlaams Gewest", "Flemish Region"),
    ("BE21", "Provincie Antwerpen", "Province of Antwerp"),
    ("BE22", "Provincie Limburg", "Province of Limburg"),
    (
        "BE23",
        "Provincie Oost-Vlaanderen",
        "Province of East Flanders",
    ),
    (
        "BE24",
        "Provincie Vlaams-Brabant",
        "Province of Flemish Brabant",
    ),
    (
        "BE25",
        "Provincie West-Vlaanderen",
        "Province of West Flanders",
    ),
    ("BE3", "Waals Gewest", "Walloon Region"),
    ("NL3", "West-Nederland", "West Netherlands"),
    ("NL33", "Zuid-Holland", "South Holland"),
    ("NL41", "Noord-Brabant", "North Brabant"),
    ("DEA", "Noordrijn-Westfalen", "North Rhine-Westphalia"),
    ("FR1", "Île-de-France", "Ile-de-France"),
    ("FI1B", "Helsinki-Uusimaa", "Helsinki-Uusimaa"),
    ("PT17", "Lissabon", "Lisbon"),
    ("EE00", "Estland", "Estonia"),
];

/// Human name of a region (the code if we have no name for it).
pub fn region_name(code: &str, lang: UiLang) -> &str {
    REGION_NAMES
        .iter()
        .find(|(known, _, _)| *known == code)
        .map_or(code, |(_, nl, en)| if lang == UiLang::Nl { nl } else { en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_iso_3166() {
        assert!(is_country_code("BE"));
        assert!(is_country_code("ZW"));
        assert!(!is_country_code("be"));
        assert!(!is_country_code("XX"));
        assert!(!is_country_code("B"));
        assert!(!is_country_code("BEL"));
        assert_eq!(ISO_3166_ALPHA2.len(), 249 * 2);
    }

    #[test]
    fn regions_must_lie_in_the_country() {
        assert!(is_region_of("BE21", "BE"));
        assert!(is_region_of("BE2", "BE"));
        assert!(is_region_of("EL30", "GR"));
        assert!(!is_region_of("NL33", "BE"));
        assert!(!is_region_of("BE", "BE"));
        assert!(!is_region_of("BE2111", "BE"));
        assert!(!is_region_of("be21", "BE"));
    }
}
