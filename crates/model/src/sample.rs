//! Complete, valid example documents: the OpenAPI examples, the starting point of tests, and the
//! template the demo register varies.

use serde_json::{Value, json};

/// A provider document with every element filled in.
pub fn provider_json() -> Value {
    json!({
        "legal_name": {"nl": "Hogeschool Scheldeland", "en": "Scheldeland University of Applied Sciences"},
        "country": "BE",
        "region": "BE23",
        "legal_identifiers": [{"scheme": "enterprise_number", "value": crate::provider::belgian_enterprise_number(4_123_456)}],
        "provider_type": "university_college",
        "quality_assurance": {"type": "institutional_qa", "body": "NVAO", "deqar_id": "DEQARINST0001", "report_url": "https://example.org/qa/report.pdf"},
        "recognition_policy": {"nl": "Wij erkennen microcredentials van geaccrediteerde instellingen.", "en": "We recognise micro-credentials from accredited institutions."},
        "funding_schemes": ["vlaams_opleidingsverlof", "opleidingscheques"],
        "website": "https://example.org/",
        "contact_email": "microcredentials@example.org"
    })
}

/// An offering document with every Annex I element filled in.
pub fn offering_json(provider: &str) -> Value {
    json!({
        "title": {"nl": "Cursus data-analyse met Python", "en": "Course in data analysis with Python"},
        "summary": {"nl": "Leer data opschonen, analyseren en visualiseren.", "en": "Learn to clean, analyse and visualise data."},
        "awarding_bodies": [provider],
        "learning_outcomes": [
            {"text": {"nl": "De deelnemer schoont een dataset op met pandas.", "en": "The learner cleans a data set with pandas."},
             "esco_skills": ["http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"]},
            {"text": {"en": "The learner presents findings in clear charts."}}
        ],
        "workload": {"ects": 3, "hours": 75},
        "level": {"eqf": 5, "qf_ehea_cycle": "short"},
        "assessment": {"types": ["project", "online_test"], "description": {"en": "A data project and a short online test."}},
        "participation": {"mode": "blended", "setting": "non_formal"},
        "quality_assurance": {"type": "institutional_qa", "body": "NVAO"},
        "prerequisites": {"nl": "Basiskennis van spreadsheets."},
        "supervision": "supervised_online",
        "stackability": {"kind": "stackable", "towards": ["Postgraduaat data science"]},
        "further_information": {"text": {"en": "Evening classes in Ghent."}, "links": ["https://example.org/data-python"]},
        "isced_field": "061",
        "languages": ["nl", "en"],
        "start_date": "2026-02-02",
        "end_date": "2026-05-29",
        "price": {"amount": 450, "currency": "EUR"},
        "pilot_project": true,
        "funding_schemes": ["vlaams_opleidingsverlof"]
    })
}
