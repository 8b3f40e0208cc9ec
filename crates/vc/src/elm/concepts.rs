//! ELM `Concept`s: values of controlled vocabularies as the EC sample writes them (id, scheme,
//! labels), for the register's vocabularies, EQF, ISCED-F, ECTS, countries, regions and languages.

use model::UiLang;
use model::country::{country_name, region_name};
use model::isced::isced_field;
use model::lang::language_name;
use model::vocab::{ECTS_IRI, Vocabulary, eqf_iri};
use serde_json::{Map, Value, json};

/// EU Vocabularies name their concept schemes `<list>/25831c2`.
const SNB: &str = "http://data.europa.eu/snb/";
const EU_SCHEME_SUFFIX: &str = "25831c2";
const AUTHORITY: &str = "http://publications.europa.eu/resource/authority/";
const NUTS: &str = "http://data.europa.eu/nuts";

/// A `Concept` in `scheme`. `notation` is the authority table's name, which the EC sample gives
/// for Publications Office tables (country, language) and not for EU Vocabularies lists.
fn concept(id: &str, scheme: &str, notation: Option<&str>, labels: Map<String, Value>) -> Value {
    let mut concept = Map::new();
    concept.insert("id".into(), json!(id));
    concept.insert("type".into(), json!("Concept"));
    concept.insert(
        "inScheme".into(),
        json!({ "id": scheme, "type": "ConceptScheme" }),
    );
    if let Some(notation) = notation {
        concept.insert("notation".into(), json!(notation));
    }
    if !labels.is_empty() {
        concept.insert("prefLabel".into(), Value::Object(labels));
    }
    Value::Object(concept)
}

/// A label in each interface language, e.g. from a vocabulary's `label`.
pub fn ui_labels(label: impl Fn(UiLang) -> String) -> Map<String, Value> {
    UiLang::ALL
        .iter()
        .map(|lang| (lang.code().to_owned(), Value::from(label(*lang))))
        .collect()
}

/// The scheme of a vocabulary IRI: EU Vocabularies `…/snb/<list>/25831c2`, or for our own
/// IRIs (`…/microcred/vocab/<list>/<code>`) the list itself.
fn scheme_of(iri: &str) -> String {
    let list = iri.rsplit_once('/').map_or(iri, |(list, _)| list);
    if list.starts_with(SNB) {
        format!("{list}/{EU_SCHEME_SUFFIX}")
    } else {
        list.to_owned()
    }
}

/// A register vocabulary value, labelled in every interface language.
pub fn vocabulary<V: Vocabulary>(value: V) -> Value {
    let iri = value.iri();
    concept(
        &iri,
        &scheme_of(&iri),
        None,
        ui_labels(|lang| value.label(lang).to_owned()),
    )
}

/// An EQF level (1–8) in the EQF list.
pub fn eqf_level(level: u8) -> Value {
    let labels = ui_labels(|lang| match lang {
        UiLang::En => format!("Level {level}"),
        UiLang::Nl | UiLang::Fr | UiLang::De => format!("Niveau {level}"),
    });
    let iri = eqf_iri(level);
    concept(&iri, &scheme_of(&iri), None, labels)
}

/// A national qualification framework level: the register stores a name, not a concept of the
/// EU's qualification-framework list (`qdr`), so the concept is minted under the credential.
pub fn national_level(id: &str, name: &str, language: &str) -> Value {
    let labels = Map::from_iter([(language.to_owned(), Value::from(name))]);
    concept(id, &format!("{SNB}qdr/{EU_SCHEME_SUFFIX}"), None, labels)
}

/// An ISCED-F 2013 field (`None` for a code the table does not know).
pub fn isced(code: &str) -> Option<Value> {
    let field = isced_field(code)?;
    let labels = Map::from_iter([
        ("en".to_owned(), Value::from(field.en)),
        ("nl".to_owned(), Value::from(field.nl)),
    ]);
    let iri = field.iri();
    Some(concept(&iri, &scheme_of(&iri), None, labels))
}

/// The ECTS credit framework.
pub fn ects() -> Value {
    let labels = Map::from_iter([("en".to_owned(), json!("European Credit Transfer System"))]);
    concept(ECTS_IRI, &scheme_of(ECTS_IRI), None, labels)
}

/// An ESCO skill. The register keeps skill IRIs, not ESCO's labels, so it has no `prefLabel`.
pub fn esco_skill(iri: &str) -> Value {
    let scheme = "http://data.europa.eu/esco/concept-scheme/skills";
    concept(iri, scheme, Some("Skill"), Map::new())
}

/// A concept named by its IRI alone (e.g. our assessment routes, which have no vocabulary type).
pub fn with_iri(iri: &str, labels: Map<String, Value>) -> Value {
    concept(iri, &scheme_of(iri), None, labels)
}

/// A country of the Publications Office authority table (ISO 3166-1 alpha-3 codes).
pub fn country(alpha2: &str) -> Option<Value> {
    let alpha3 = ALPHA2_TO_ALPHA3
        .iter()
        .flat_map(|line| line.as_bytes().chunks(5))
        .find(|pair| pair.get(..2) == Some(alpha2.as_bytes()))
        .and_then(|pair| std::str::from_utf8(pair.get(2..)?).ok())?;
    let mut labels = Map::new();
    for lang in [UiLang::En, UiLang::Nl] {
        let name = country_name(alpha2, lang);
        if name != alpha2 {
            labels.insert(lang.code().to_owned(), json!(name));
        }
    }
    let scheme = format!("{AUTHORITY}country");
    Some(concept(
        &format!("{scheme}/{alpha3}"),
        &scheme,
        Some("country"),
        labels,
    ))
}

/// A NUTS region (the register's regions are NUTS codes), in the EU's NUTS classification.
pub fn nuts_region(code: &str) -> Value {
    let mut labels = Map::new();
    for lang in [UiLang::En, UiLang::Nl] {
        let name = region_name(code, lang);
        if name != code {
            labels.insert(lang.code().to_owned(), json!(name));
        }
    }
    concept(&format!("{NUTS}/code/{code}"), NUTS, Some("nuts"), labels)
}

/// A language of the Publications Office authority table, from an ISO 639-1 code (`None` for
/// a code the table below does not map).
pub fn language(code: &str) -> Option<Value> {
    let (_, authority) = LANGUAGES.iter().find(|(iso, _)| *iso == code)?;
    let mut labels = Map::new();
    for lang in UiLang::ALL {
        let name = language_name(code, *lang);
        if name != code {
            labels.insert(lang.code().to_owned(), json!(name));
        }
    }
    let scheme = format!("{AUTHORITY}language");
    Some(concept(
        &format!("{scheme}/{authority}"),
        &scheme,
        Some("language"),
        labels,
    ))
}

/// ISO 639-1 → the Publications Office language table (ISO 639-2/T codes, upper case), for
/// every content language the register accepts (`model::lang::LANGUAGE_CODES`).
const LANGUAGES: &[(&str, &str)] = &[
    ("bg", "BUL"),
    ("cs", "CES"),
    ("da", "DAN"),
    ("de", "DEU"),
    ("el", "ELL"),
    ("en", "ENG"),
    ("es", "SPA"),
    ("et", "EST"),
    ("fi", "FIN"),
    ("fr", "FRA"),
    ("ga", "GLE"),
    ("hr", "HRV"),
    ("hu", "HUN"),
    ("it", "ITA"),
    ("lt", "LIT"),
    ("lv", "LAV"),
    ("mt", "MLT"),
    ("nl", "NLD"),
    ("pl", "POL"),
    ("pt", "POR"),
    ("ro", "RON"),
    ("sk", "SLK"),
    ("sl", "SLV"),
    ("sv", "SWE"),
    ("is", "ISL"),
    ("no", "NOR"),
    ("nb", "NOB"),
    ("nn", "NNO"),
    ("sq", "SQI"),
    ("bs", "BOS"),
    ("mk", "MKD"),
    ("sr", "SRP"),
    ("tr", "TUR"),
    ("uk", "UKR"),
    ("ka", "KAT"),
    ("ru", "RUS"),
    ("ar", "ARA"),
    ("zh", "ZHO"),
    ("ja", "JPN"),
    ("ko", "KOR"),
    ("hi", "HIN"),
    ("lb", "LTZ"),
    ("eu", "EUS"),
    ("ca", "CAT"),
    ("gl", "GLG"),
    ("cy", "CYM"),
    ("fy", "FRY"),
    ("la", "LAT"),
    ("eo", "EPO"),
];

/// ISO 3166-1 alpha-2 followed by alpha-3, five letters per country, sorted (from the
/// iso-codes package's `iso_3166-1.json`).
const ALPHA2_TO_ALPHA3: &[&str] = &[
    "ADANDAEAREAFAFGAGATGAIAIAALALBAMARMAOAGOAQATAARARGASASMATAUTAUAUSAWABWAXALAAZAZE",
    "BABIHBBBRBBDBGDBEBELBFBFABGBGRBHBHRBIBDIBJBENBLBLMBMBMUBNBRNBOBOLBQBESBRBRABSBHS",
    "BTBTNBVBVTBWBWABYBLRBZBLZCACANCCCCKCDCODCFCAFCGCOGCHCHECICIVCKCOKCLCHLCMCMRCNCHN",
    "COCOLCRCRICUCUBCVCPVCWCUWCXCXRCYCYPCZCZEDEDEUDJDJIDKDNKDMDMADODOMDZDZAECECUEEEST",
    "EGEGYEHESHERERIESESPETETHFIFINFJFJIFKFLKFMFSMFOFROFRFRAGAGABGBGBRGDGRDGEGEOGFGUF",
    "GGGGYGHGHAGIGIBGLGRLGMGMBGNGINGPGLPGQGNQGRGRCGSSGSGTGTMGUGUMGWGNBGYGUYHKHKGHMHMD",
    "HNHNDHRHRVHTHTIHUHUNIDIDNIEIRLILISRIMIMNININDIOIOTIQIRQIRIRNISISLITITAJEJEYJMJAM",
    "JOJORJPJPNKEKENKGKGZKHKHMKIKIRKMCOMKNKNAKPPRKKRKORKWKWTKYCYMKZKAZLALAOLBLBNLCLCA",
    "LILIELKLKALRLBRLSLSOLTLTULULUXLVLVALYLBYMAMARMCMCOMDMDAMEMNEMFMAFMGMDGMHMHLMKMKD",
    "MLMLIMMMMRMNMNGMOMACMPMNPMQMTQMRMRTMSMSRMTMLTMUMUSMVMDVMWMWIMXMEXMYMYSMZMOZNANAM",
    "NCNCLNENERNFNFKNGNGANINICNLNLDNONORNPNPLNRNRUNUNIUNZNZLOMOMNPAPANPEPERPFPYFPGPNG",
    "PHPHLPKPAKPLPOLPMSPMPNPCNPRPRIPSPSEPTPRTPWPLWPYPRYQAQATREREUROROURSSRBRURUSRWRWA",
    "SASAUSBSLBSCSYCSDSDNSESWESGSGPSHSHNSISVNSJSJMSKSVKSLSLESMSMRSNSENSOSOMSRSURSSSSD",
    "STSTPSVSLVSXSXMSYSYRSZSWZTCTCATDTCDTFATFTGTGOTHTHATJTJKTKTKLTLTLSTMTKMTNTUNTOTON",
    "TRTURTTTTOTVTUVTWTWNTZTZAUAUKRUGUGAUMUMIUSUSAUYURYUZUZBVAVATVCVCTVEVENVGVGBVIVIR",
    "VNVNMVUVUTWFWLFWSWSMYEYEMYTMYTZAZAFZMZMBZWZWE",
];
