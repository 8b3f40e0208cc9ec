//! The benchmark catalogue: providers and offerings generated deterministically from word lists
//! in Dutch, English, French and German, so text queries hit realistic numbers of rows.

use model::offering::{LearningOutcome, Workload};
use model::vocab::ParticipationMode;
use model::{
    EqfLevel, LangText, Offering, OfferingContent, OfferingId, Provider, ProviderContent,
    ProviderId, PublicationStatus,
};
use rand::RngExt;
use rand::rngs::StdRng;
use time::macros::datetime;

/// How many providers the benchmark register has.
pub(super) const PROVIDERS: usize = 200;

/// The words offerings are made of, per language; items are separated by `|` and the lists of
/// topics line up across languages (the same topic at the same position).
struct Words {
    lang: &'static str,
    patterns: &'static str,
    topics: &'static str,
    qualifiers: &'static str,
    verbs: &'static str,
    /// Summary and outcome templates: `{}` is the topic, `{v}` the verb.
    summary: &'static str,
    outcome: &'static str,
}

const WORDS: [Words; 4] = [
    Words {
        lang: "nl",
        patterns: "Cursus {}|Opleiding {}|Basiscursus {}|Vervolgcursus {}|Korte cursussen {}|Workshop {}|Vaardigheden in {}|Microcredential {}",
        topics: "data-analyse met Python|cyberbeveiliging|projectmanagement|digitale marketing|boekhouding|lastechnieken|elektrische installaties|warmtepompen|zonnepanelen|heftruckbediening|logistiek|voedselveiligheid|palliatieve zorg|dementiezorg|eerste hulp|kinderopvang|Nederlands op de werkvloer|zakelijk Engels|Frans voor beginners|leidinggeven|communicatie|verkoop|webontwikkeling|machinaal leren|netwerkbeheer|boekhouding voor kmo's|energiezuinig renoveren|BIM-modellering|circulaire economie|privacy en GDPR|onthaal en gastvrijheid|duurzame keuken|grafisch ontwerp|fotografie|statistiek|didactiek|preventie en welzijn|ondernemerschap|rekrutering en HR|duurzaamheid",
        qualifiers: "voor beginners|voor gevorderden|in de praktijk|voor leidinggevenden|voor werkzoekenden|voor de zorgsector|voor de bouwsector|voor kmo's|avondopleiding|online",
        verbs: "past de principes toe van|analyseert een casus over|werkt een project uit rond|evalueert de kwaliteit van|communiceert helder over",
        summary: "In deze opleiding leer je de basis en de praktijk van {}, met oefeningen, casussen en een eindopdracht.",
        outcome: "De deelnemer {v} {}.",
    },
    Words {
        lang: "en",
        patterns: "Course in {}|Training in {}|Introduction to {}|Advanced {}|Short courses in {}|Workshop: {}|Practical skills in {}|Micro-credential in {}",
        topics: "data analysis with Python|cybersecurity|project management|digital marketing|bookkeeping|welding|electrical installations|heat pumps|solar panels|forklift operation|logistics|food safety|palliative care|dementia care|first aid|childcare|Dutch for the workplace|business English|French for beginners|leadership|communication|sales|web development|machine learning|network administration|accounting for SMEs|energy-efficient renovation|BIM modelling|circular economy|privacy and the GDPR|hospitality|sustainable cooking|graphic design|photography|statistics|teaching methods|prevention and well-being|entrepreneurship|recruitment and HR|sustainability",
        qualifiers: "for beginners|for advanced learners|in practice|for managers|for job-seekers|for the care sector|for construction|for SMEs|evening course|online",
        verbs: "applies the principles of|analyses a case on|completes a project on|evaluates the quality of|communicates clearly about",
        summary: "You learn the principles and practice of {}, with exercises, case studies and a final assignment.",
        outcome: "The learner {v} {}.",
    },
    Words {
        lang: "fr",
        patterns: "Formation en {}|Cours : {}|Initiation : {}|Perfectionnement : {}|Modules courts : {}|Atelier : {}|Compétences pratiques : {}|Micro-certification : {}",
        topics: "analyse de données avec Python|cybersécurité|gestion de projet|marketing numérique|comptabilité|soudage|installations électriques|pompes à chaleur|panneaux solaires|conduite de chariot élévateur|logistique|sécurité alimentaire|soins palliatifs|soins aux personnes démentes|premiers secours|accueil de la petite enfance|néerlandais au travail|anglais des affaires|français pour débutants|leadership|communication|vente|développement web|apprentissage automatique|administration réseau|comptabilité pour PME|rénovation énergétique|modélisation BIM|économie circulaire|vie privée et RGPD|hôtellerie|cuisine durable|design graphique|photographie|statistique|pédagogie|prévention et bien-être|entrepreneuriat|recrutement et RH|développement durable",
        qualifiers: "pour débutants|niveau avancé|en pratique|pour managers|pour demandeurs d'emploi|secteur des soins|secteur de la construction|pour PME|cours du soir|en ligne",
        verbs: "applique les principes :|analyse un cas :|réalise un projet :|évalue la qualité :|communique clairement :",
        summary: "Une formation sur les bases et la pratique : {}. Exercices, études de cas et travail final.",
        outcome: "Le participant {v} {}.",
    },
    Words {
        lang: "de",
        patterns: "Kurs {}|Weiterbildung {}|{}: Grundlagen|{} für Fortgeschrittene|Kompaktkurs {}|Workshop {}|Praxiswissen {}|Microcredential {}",
        topics: "Datenanalyse mit Python|Cybersicherheit|Projektmanagement|Digitales Marketing|Buchhaltung|Schweißtechnik|Elektroinstallation|Wärmepumpen|Photovoltaik|Gabelstaplerführung|Logistik|Lebensmittelsicherheit|Palliativpflege|Demenzpflege|Erste Hilfe|Kinderbetreuung|Niederländisch im Beruf|Business-Englisch|Französisch für Anfänger|Führung|Kommunikation|Vertrieb|Webentwicklung|Maschinelles Lernen|Netzwerkadministration|Rechnungswesen für KMU|Energieeffiziente Sanierung|BIM-Modellierung|Kreislaufwirtschaft|Datenschutz und DSGVO|Gastgewerbe|Nachhaltige Küche|Grafikdesign|Fotografie|Statistik|Didaktik|Prävention und Gesundheit|Unternehmertum|Personalwesen und Recruiting|Nachhaltigkeit",
        qualifiers: "für Einsteiger|für Fortgeschrittene|in der Praxis|für Führungskräfte|für Arbeitsuchende|für die Pflege|für das Baugewerbe|für KMU|Abendkurs|online",
        verbs: "wendet Prinzipien an:|analysiert einen Fall:|setzt ein Projekt um:|bewertet die Qualität:|kommuniziert klar:",
        summary: "Grundlagen und Praxis: {}. Mit Übungen, Fallstudien und einer Abschlussarbeit.",
        outcome: "Die Teilnehmenden: {v} {}.",
    },
];

/// ISCED-F narrow field of each topic, in the order of the topic lists.
const TOPIC_FIELDS: &str = "061|061|041|041|041|071|071|071|071|104|104|072|091|091|091|092|023|023|023|041|003|041|061|061|061|041|073|073|052|042|101|101|021|021|054|011|102|041|041|052";
const REGIONS: &[(&str, &str)] = &[
    ("BE", "BE21"),
    ("BE", "BE22"),
    ("BE", "BE23"),
    ("BE", "BE24"),
    ("BE", "BE25"),
    ("BE", "BE10"),
    ("BE", "BE21"),
    ("BE", "BE23"),
    ("NL", "NL33"),
    ("DE", "DEA"),
    ("FR", "FR1"),
    ("FI", "FI1B"),
    ("EE", "EE00"),
    ("PT", "PT17"),
];

fn pick<'a>(list: &'a str, rng: &mut StdRng) -> &'a str {
    let items: Vec<&str> = list.split('|').collect();
    items[rng.random_range(0..items.len())]
}

fn nth(list: &str, index: usize) -> &str {
    list.split('|').nth(index).unwrap_or_default()
}

pub(super) fn provider_id(index: usize) -> anyhow::Result<ProviderId> {
    ProviderId::parse(&format!("bench-provider-{index:03}")).map_err(anyhow::Error::msg)
}

/// One generated provider, validated like a submitted one.
pub(super) fn provider(index: usize, schemes: &[String]) -> anyhow::Result<Provider> {
    let (country, region) = REGIONS[index % REGIONS.len()];
    let mut document = model::sample::provider_json();
    document["legal_name"] = serde_json::json!({"nl": format!("Opleidingscentrum {index:03}"), "en": format!("Training Centre {index:03}")});
    document["country"] = country.into();
    document["region"] = region.into();
    if country != "BE" {
        document["legal_identifiers"] = serde_json::json!([{"scheme": "vat", "value": format!("{country}{:09}", 100_000 + index)}]);
    } else {
        document["legal_identifiers"] = serde_json::json!([{"scheme": "enterprise_number", "value": model::provider::belgian_enterprise_number(1_000_000 + index as u32)}]);
    }
    let content = ProviderContent::from_json(&document, schemes)
        .map_err(|errors| anyhow::anyhow!("{errors:?}"))?;
    let at = datetime!(2020-09-01 09:00 UTC);
    // A few unpublished providers, whose offerings the public search must skip.
    let status = if index % 40 == 39 {
        PublicationStatus::Draft
    } else {
        PublicationStatus::Published
    };
    Ok(Provider {
        id: provider_id(index)?,
        status,
        created_at: at,
        updated_at: at,
        content,
    })
}

/// One generated offering: a validated template with every searched element varied.
pub(super) fn offering(template: &OfferingContent, rng: &mut StdRng) -> anyhow::Result<Offering> {
    let words = &WORDS[match rng.random_range(0..100) {
        0..45 => 0,
        45..75 => 1,
        75..90 => 2,
        _ => 3,
    }];
    let topic = rng.random_range(0..TOPIC_FIELDS.split('|').count());
    let qualified = rng.random_range(0..10) < 4;
    let qualifier = rng.random_range(0..10);
    let pattern = rng.random_range(0..8);
    let mut content = template.clone();
    let mut title = LangText::default();
    let mut summary = LangText::default();
    let mut outcomes = Vec::new();
    // Most offerings outside English also carry an English translation.
    let english = words.lang != "en" && rng.random_range(0..2) == 0;
    for words in std::iter::once(words).chain(english.then_some(&WORDS[1])) {
        let name = nth(words.topics, topic);
        let mut text = nth(words.patterns, pattern).replace("{}", name);
        if qualified {
            text = format!("{text} – {}", nth(words.qualifiers, qualifier));
        }
        title.0.insert(words.lang.to_owned(), text);
        summary
            .0
            .insert(words.lang.to_owned(), words.summary.replace("{}", name));
        let outcome = words
            .outcome
            .replace("{v}", pick(words.verbs, rng))
            .replace("{}", name);
        outcomes.push(LearningOutcome {
            text: LangText::one(words.lang, outcome),
            esco_skills: Vec::new(),
        });
    }
    content.title = title;
    content.summary = summary;
    content.learning_outcomes = outcomes;
    let provider = provider_id(rng.random_range(0..PROVIDERS))?;
    content.awarding_bodies = vec![provider.clone()];
    content.isced_field = nth(TOPIC_FIELDS, topic).to_owned();
    content.level.eqf = match rng.random_range(0..10) {
        0 => EqfLevel::NotApplicable,
        _ => EqfLevel::Level(rng.random_range(2..=8)),
    };
    content.level.qf_ehea_cycle = None;
    let ects = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 9.0, 12.0, 15.0][rng.random_range(0..9)];
    content.workload = if rng.random_range(0..5) == 0 {
        Workload {
            ects: None,
            hours: Some(rng.random_range(8..120)),
        }
    } else {
        Workload {
            ects: Some(ects),
            hours: Some((ects * 26.0) as u32),
        }
    };
    content.participation.mode = [
        ParticipationMode::Online,
        ParticipationMode::OnSite,
        ParticipationMode::Blended,
        ParticipationMode::WorkBased,
    ][rng.random_range(0..4)];
    content.languages = if english {
        vec![words.lang.to_owned(), "en".to_owned()]
    } else {
        vec![words.lang.to_owned()]
    };
    content.pilot_project = rng.random_range(0..12) == 0;
    let schemes = model::default_funding_schemes();
    content.funding_schemes = match rng.random_range(0..4) {
        0 | 1 => Vec::new(),
        2 => vec![schemes[rng.random_range(0..schemes.len())].code.clone()],
        _ => vec![
            schemes[0].code.clone(),
            schemes[2 + rng.random_range(0..schemes.len() - 2)]
                .code
                .clone(),
        ],
    };
    let published_at = datetime!(2021-01-04 09:00 UTC)
        + time::Duration::minutes(rng.random_range(0..5 * 365 * 24 * 60));
    let status = match rng.random_range(0..50) {
        0 => PublicationStatus::Draft,
        1 => PublicationStatus::Withdrawn,
        _ => PublicationStatus::Published,
    };
    Ok(Offering {
        id: OfferingId::parse(&format!(
            "of-{:012x}",
            rng.random::<u64>() & 0xffff_ffff_ffff
        ))
        .map_err(anyhow::Error::msg)?,
        provider_id: provider,
        status,
        version: 1,
        created_at: published_at - time::Duration::days(14),
        updated_at: published_at - time::Duration::days(14),
        published_at: (status != PublicationStatus::Draft).then_some(published_at),
        withdrawn_at: (status == PublicationStatus::Withdrawn)
            .then_some(published_at + time::Duration::days(200)),
        content,
    })
}
