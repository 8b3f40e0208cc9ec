//! What pathways read from a held credential's signed document: its dates, achievement id,
//! ECTS, EQF level and ISCED-F field (an imported credential's, when it verified).

use time::Date;

/// The day of the first of `keys` holding an RFC 3339 timestamp or date.
pub(crate) fn date_of(document: &serde_json::Value, keys: &[&str]) -> Option<Date> {
    keys.iter().find_map(|key| {
        let text = document.get(key)?.as_str()?;
        Date::parse(
            text.get(..10)?,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok()
    })
}

/// The subject of a credential document (the first, when there are several).
pub(crate) fn subject(document: &serde_json::Value) -> Option<&serde_json::Value> {
    let subject = document.get("credentialSubject")?;
    Some(
        subject
            .as_array()
            .and_then(|all| all.first())
            .unwrap_or(subject),
    )
}

/// The ECTS an imported credential states: `creditsEarned`, else its achievement's
/// `creditsAvailable` (Open Badges 3.0), when they are ECTS (no other credit framework named).
pub(crate) fn imported_ects(document: &serde_json::Value) -> Option<f64> {
    let subject = subject(document)?;
    let achievement = subject.get("achievement");
    let framework = achievement
        .and_then(|achievement| achievement.get("creditFramework"))
        .and_then(serde_json::Value::as_str);
    if framework.is_some_and(|framework| !framework.eq_ignore_ascii_case("ECTS")) {
        return None;
    }
    subject
        .get("creditsEarned")
        .or_else(|| achievement?.get("creditsAvailable"))?
        .as_f64()
        .filter(|ects| ects.is_finite() && (0.0..=600.0).contains(ects))
}

/// The code at the end of an achievement's IRI-valued term (`…/eqf/5` → `5`,
/// `…/isced-f/0613` → `0613`), when it is digits.
pub(crate) fn trailing_code(document: &serde_json::Value, term: &str) -> Option<String> {
    let value = subject(document)?.get("achievement")?.get(term)?;
    let iri = value
        .as_str()
        .or_else(|| value.get("id").and_then(serde_json::Value::as_str))?;
    let code = iri.rsplit('/').next()?;
    (!code.is_empty() && code.len() <= 4 && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| code.to_owned())
}

/// `credentialSubject.achievement.id` of a credential document.
pub(crate) fn achievement_id(document: &serde_json::Value) -> Option<String> {
    let subject = document.get("credentialSubject")?;
    let subject = subject
        .as_array()
        .and_then(|all| all.first())
        .unwrap_or(subject);
    Some(subject.get("achievement")?.get("id")?.as_str()?.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_imported_credential_s_ects_level_and_field_are_read_from_its_achievement() {
        let document = json!({
            "validFrom": "2025-03-01T10:00:00Z",
            "credentialSubject": {
                "achievement": {
                    "id": "https://issuer.example/achievements/7",
                    "creditsAvailable": 4.5,
                    "eqfLevel": "http://data.europa.eu/snb/eqf/6",
                    "iscedFieldCode": "http://data.europa.eu/snb/isced-f/0613",
                },
            },
        });
        assert_eq!(imported_ects(&document), Some(4.5));
        assert_eq!(trailing_code(&document, "eqfLevel").as_deref(), Some("6"));
        assert_eq!(
            trailing_code(&document, "iscedFieldCode").as_deref(),
            Some("0613")
        );
        assert_eq!(
            achievement_id(&document).as_deref(),
            Some("https://issuer.example/achievements/7")
        );
        assert_eq!(
            date_of(&document, &["validFrom"]),
            Some(time::macros::date!(2025 - 03 - 01))
        );
        // Earned credits win; another credit framework is not ECTS; nonsense is nothing.
        let mut earned = document.clone();
        earned["credentialSubject"]["creditsEarned"] = json!(3);
        assert_eq!(imported_ects(&earned), Some(3.0));
        let mut other = document.clone();
        other["credentialSubject"]["achievement"]["creditFramework"] = json!("US semester credits");
        assert_eq!(imported_ects(&other), None);
        let mut wrong = document;
        wrong["credentialSubject"]["achievement"]["creditsAvailable"] = json!(-1);
        wrong["credentialSubject"]["achievement"]["eqfLevel"] =
            json!("http://data.europa.eu/snb/eqf/level-six");
        assert_eq!(imported_ects(&wrong), None);
        assert_eq!(trailing_code(&wrong, "eqfLevel"), None);
        assert_eq!(imported_ects(&json!({"credentialSubject": []})), None);
    }
}
