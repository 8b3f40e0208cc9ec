//! A bulk file's row problems in the reader's language. The importer explains each problem in
//! English with a stable code; a Dutch reader gets a Dutch sentence per code, with the value at
//! fault and the allowed values (codes, the same in every language) taken from the explanation.

use model::UiLang;

/// The Dutch sentence for a problem code; `None` for codes only the English message explains.
fn dutch(code: &str) -> Option<&'static str> {
    Some(match code {
        "missing_value" | "missing_element" => "Verplichte waarde ontbreekt.",
        "invalid_date" => "Geen geldige datum: schrijf JJJJ-MM-DD, bijvoorbeeld 2025-09-15.",
        "invalid_boolean" => {
            "Geen ja of nee: toegelaten zijn ja, nee, yes, no, true, false, 1 en 0."
        }
        "unknown_code" | "unknown_vocabulary_value" => "Onbekende waarde.",
        "field_too_long" | "too_long" => "De waarde is te lang.",
        "invalid_value" => "Ongeldige waarde.",
        "invalid_type" => "Verkeerd soort waarde.",
        "duplicate_value" => "Deze waarde staat er twee keer.",
        "grade_without_scheme" => {
            "Een resultaat heeft een beoordelingsschaal nodig (bijvoorbeeld 0-20, A-F of de URL van de schaal)."
        }
        "scheme_without_grade" => {
            "Er staat een beoordelingsschaal zonder resultaat: geef beide of geen van beide."
        }
        "prior_learning_required" => {
            "Een validering van eerder verworven competenties vermeldt welk leren gevalideerd wordt: non_formal of informal."
        }
        "informal_needs_validation" => {
            "Informeel leren leidt alleen via validering tot een credential: zet route op validation."
        }
        "prior_learning_without_validation" => "prior_learning hoort alleen bij route validation.",
        "unnamed_column" => "Een kolom zonder naam bevat gegevens.",
        "cell_error" => "De cel bevat een Excel-fout (bijvoorbeeld #WAARDE!).",
        "invalid_row" => "De rij kan niet gelezen worden.",
        "duplicate_row" => "Deze rij staat al eerder in het bestand.",
        "date_in_future" => {
            "De datum ligt in de toekomst: een inschrijving wordt vastgelegd als ze gebeurd is."
        }
        "learner_not_enrolled" => {
            "Geen lerende met deze identificatie is ingeschreven: schrijf de lerende eerst in, of vermeld de naam (given_names en family_names, of full_name), dan schrijft de rij de lerende in."
        }
        "row_refused" => "De rij werd geweigerd.",
        _ => return None,
    })
}

/// The first quoted value in an explanation (`"x" is not a date …` → `x`).
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('"')? + 1;
    let length = message[start..].find('"')?;
    Some(&message[start..start + length])
}

/// The problem as a sentence for the reader.
pub fn problem_text(code: &str, message: &str, lang: UiLang) -> String {
    if lang != UiLang::Nl {
        return message.to_owned();
    }
    let Some(sentence) = dutch(code) else {
        return message.to_owned();
    };
    let mut text = sentence.to_owned();
    if let Some(value) = quoted(message).filter(|value| !value.is_empty()) {
        text.push_str(&format!(" Waarde: «{value}»."));
    }
    if let Some((_, allowed)) = message.split_once("allowed: ") {
        text.push_str(&format!(" Toegelaten: {}.", allowed.trim_end_matches('.')));
    }
    if code == "row_refused" {
        text.push_str(&format!(" ({message})"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_readers_get_dutch_sentences_with_the_value_and_the_allowed_codes() {
        let text = problem_text(
            "unknown_code",
            "\"zelfstandige\" is not an employment status; allowed: employed, self_employed",
            UiLang::Nl,
        );
        assert_eq!(
            text,
            "Onbekende waarde. Waarde: «zelfstandige». Toegelaten: employed, self_employed."
        );
        let english = "\"13/02/2026\" is not a date (YYYY-MM-DD, e.g. 2025-09-15)";
        assert_eq!(problem_text("invalid_date", english, UiLang::En), english);
        assert!(
            problem_text("invalid_date", english, UiLang::Nl).starts_with("Geen geldige datum")
        );
        assert_eq!(problem_text("something_new", "as is", UiLang::Nl), "as is");
    }
}
