//! The verification report in the reader's language: each check's label, and a sentence per
//! outcome and failure code. The engine's own reason (English, with the technical details: a
//! URL, an index, a term) is shown beside it as a detail.

use model::UiLang;
use vc::report::Outcome;

/// The label of a verification check.
pub fn check_label(check: &str, lang: UiLang) -> &'static str {
    let nl = lang == UiLang::Nl;
    match (check, nl) {
        ("syntax_and_limits", true) => "Syntaxis en groottelimieten",
        ("syntax_and_limits", false) => "Syntax and size limits",
        ("jsonld_safe_expansion", true) => "Alles ondertekend (JSON-LD, veilige modus)",
        ("jsonld_safe_expansion", false) => "Everything signed (JSON-LD, safe mode)",
        ("proof", true) => "Handtekening",
        ("proof", false) => "Proof (signature)",
        ("verification_method", true) => "Sleutel van de uitgever, voor beweringen",
        ("verification_method", false) => "Key controlled by the issuer, for assertions",
        ("issuer_trusted", true) => "Uitgever erkend in het register",
        ("issuer_trusted", false) => "Issuer recognised by the register",
        ("status", true) => "Niet ingetrokken of geschorst",
        ("status", false) => "Not revoked or suspended",
        ("validity_period", true) => "Geldigheidsperiode",
        ("validity_period", false) => "Validity period",
        ("presentation_shape", true) => "Vorm van een presentatie",
        ("presentation_shape", false) => "Shape of a presentation",
        ("proof_purpose", true) => "Handtekening van de houder (authenticatie)",
        ("proof_purpose", false) => "Signed by the holder to authenticate",
        ("holder_binding", true) => "Sleutel van de houder",
        ("holder_binding", false) => "Key controlled by the holder",
        ("challenge", true) => "Uitdaging van de verificateur",
        ("challenge", false) => "The verifier's challenge",
        ("domain", true) => "Domein van de verificateur",
        ("domain", false) => "The verifier's domain",
        ("format", true) => "Vorm (SD-JWT VC)",
        ("format", false) => "Format (SD-JWT VC)",
        ("disclosures", true) => "Getoonde gegevens ondertekend",
        ("disclosures", false) => "Disclosed claims signed for",
        ("type", true) => "Soort credential",
        ("type", false) => "Credential type",
        ("nonce", true) => "Voor deze vraag gemaakt (nonce)",
        ("nonce", false) => "Made for this request (nonce)",
        ("audience", true) => "Voor deze verificateur",
        ("audience", false) => "Made for this verifier",
        ("presented_at", true) => "Zonet getoond",
        ("presented_at", false) => "Presented just now",
        ("sd_hash", true) => "Houder bevestigt wat getoond werd",
        ("sd_hash", false) => "Holder confirms what was shown",
        ("validity", true) => "Geldigheidsperiode",
        ("validity", false) => "Validity period",
        ("credential", true) => "Eén credential",
        ("credential", false) => "One credential",
        ("asked_provider", true) => "Van de gevraagde aanbieder",
        ("asked_provider", false) => "From the provider asked for",
        ("asked_offering", true) => "Van het gevraagde aanbod",
        ("asked_offering", false) => "Of the offering asked for",
        ("asked_eqf_level", true) => "Van het gevraagde EQF-niveau",
        ("asked_eqf_level", false) => "Of the EQF level asked for",
        ("asked_name", true) => "Naam getoond",
        ("asked_name", false) => "Name disclosed",
        ("asked_grade", true) => "Resultaat getoond",
        ("asked_grade", false) => "Grade disclosed",
        (_, true) => "Controle",
        (_, false) => "Check",
    }
}

/// A sentence saying what a check's outcome means, in Dutch or English (other languages read
/// English); `None` where only the engine's reason can say it.
pub fn check_summary(
    check: &str,
    outcome: Outcome,
    code: Option<&str>,
    lang: UiLang,
) -> Option<&'static str> {
    let (nl, en) = match (check, outcome, code) {
        ("syntax_and_limits", Outcome::Passed, _) => (
            "Geldige JSON, binnen de grenzen van grootte en diepte.",
            "Well-formed JSON within the size and depth limits.",
        ),
        (_, Outcome::Failed, Some("invalid_json")) => {
            ("Dit is geen geldige JSON.", "This is not well-formed JSON.")
        }
        (_, Outcome::Failed, Some("duplicate_json_key")) => (
            "Een sleutel komt twee keer voor in hetzelfde object: welke telt, is niet eenduidig.",
            "A key occurs twice in the same object: which one counts is ambiguous.",
        ),
        (_, Outcome::Failed, Some("nesting_too_deep")) => (
            "Het document is te diep genest.",
            "The document is nested too deeply.",
        ),
        (_, Outcome::Failed, Some("input_too_large")) => {
            ("Het document is te groot.", "The document is too large.")
        }
        (_, Outcome::Failed, Some("inline_context")) => (
            "Het document definieert zijn eigen termen (een ingebedde @context): alleen de vastgelegde contexten zijn toegelaten.",
            "The document defines terms of its own (an inline @context): only the pinned contexts are accepted.",
        ),
        (_, Outcome::Failed, Some("invalid_credential")) => (
            "Dit is geen verifieerbaar credential in de verwachte vorm.",
            "This is not a verifiable credential of the expected shape.",
        ),
        ("jsonld_safe_expansion", Outcome::Passed, _) => (
            "Elke term is gedefinieerd en alle gegevens vallen onder de handtekening.",
            "Every term is defined and all of the data is covered by the signature.",
        ),
        (_, Outcome::Failed, Some("unsigned_data")) => (
            "Het document bevat gegevens die niet onder de handtekening vallen: die kunnen door iedereen toegevoegd zijn.",
            "The document carries data the signature does not cover: anyone could have added it.",
        ),
        (_, Outcome::Failed, Some("undefined_term")) => (
            "Het document gebruikt een term die zijn contexten niet definiëren.",
            "The document uses a term its contexts do not define.",
        ),
        (_, Outcome::Failed, Some("unknown_context")) => (
            "Het document verwijst naar een onbekende JSON-LD-context; die wordt nooit van het internet gehaald.",
            "The document refers to an unknown JSON-LD context; none is ever fetched from the internet.",
        ),
        (_, Outcome::Failed, Some("jsonld_error" | "canonicalization_limit")) => (
            "Het document is geen geldige JSON-LD.",
            "The document is not valid JSON-LD.",
        ),
        ("proof", Outcome::Passed, _) => (
            "De handtekening klopt: het document is ongewijzigd sinds de ondertekening.",
            "The signature is valid: the document is unchanged since it was signed.",
        ),
        ("proof", Outcome::Failed, Some("signature_mismatch")) => (
            "De handtekening klopt niet: het document is gewijzigd of niet met deze sleutel ondertekend.",
            "The signature does not match: the document was altered or not signed with this key.",
        ),
        ("proof", Outcome::Failed, _) => (
            "Het document heeft geen bruikbare handtekening.",
            "The document has no usable signature.",
        ),
        ("proof", Outcome::NotChecked, _) => (
            "Niet gecontroleerd: de sleutel van de uitgever kon niet gevonden worden.",
            "Not checked: the issuer's key could not be found.",
        ),
        ("verification_method", Outcome::Passed, _) => (
            "De sleutel is van de uitgever en mag credentials uitgeven.",
            "The key belongs to the issuer and may issue credentials.",
        ),
        ("verification_method", Outcome::Failed, Some("key_not_issuers")) => (
            "De sleutel is niet van de uitgever die het credential noemt.",
            "The key does not belong to the issuer the credential names.",
        ),
        ("verification_method", Outcome::Failed, _) => (
            "De sleutel mag geen credentials uitgeven.",
            "The key may not issue credentials.",
        ),
        ("issuer_trusted", Outcome::Passed, _) => (
            "De uitgever staat in de lijst van erkende uitgevers van dit register.",
            "The issuer is on this register's list of recognised issuers.",
        ),
        ("issuer_trusted", Outcome::Failed, _) => (
            "De uitgever staat niet in de lijst van erkende uitgevers: iedereen kan met een eigen sleutel ondertekenen.",
            "The issuer is not on the list of recognised issuers: anyone can sign with a key of their own.",
        ),
        ("issuer_trusted", Outcome::NotChecked, _) => (
            "Niet gecontroleerd: er is geen lijst van erkende uitgevers gebruikt.",
            "Not checked: no list of recognised issuers was used.",
        ),
        ("status", Outcome::Passed, _) => (
            "Het credential is niet ingetrokken en niet geschorst.",
            "The credential is neither revoked nor suspended.",
        ),
        ("status", Outcome::Failed, Some("revoked")) => (
            "Het credential is ingetrokken door de uitgever.",
            "The credential was revoked by its issuer.",
        ),
        ("status", Outcome::Failed, Some("suspended")) => (
            "Het credential is geschorst door de uitgever.",
            "The credential is suspended by its issuer.",
        ),
        ("status", Outcome::Failed, Some("status_unreadable")) => (
            "De statusinformatie van het credential kan niet gelezen worden, dus niet nagekeken.",
            "The credential's status information cannot be read, so it cannot be checked.",
        ),
        ("status", Outcome::Failed, Some("status_unavailable")) => (
            "De statuslijst van de uitgever is niet beschikbaar: of het credential ingetrokken is, is niet te zeggen.",
            "The issuer's status list is not available: whether the credential is revoked cannot be told.",
        ),
        ("status", Outcome::Failed, _) => (
            "De statuslijst is ongeldig of niet van de uitgever.",
            "The status list is invalid or not the issuer's.",
        ),
        ("status", Outcome::NotChecked, _) => (
            "Het credential heeft geen statusinformatie: intrekking kan niet nagekeken worden.",
            "The credential carries no status information: revocation cannot be checked.",
        ),
        ("validity_period", Outcome::Passed, _) => (
            "Het credential is nu geldig.",
            "The credential is valid now.",
        ),
        ("validity_period", Outcome::Failed, Some("expired")) => {
            ("Het credential is verlopen.", "The credential has expired.")
        }
        ("validity_period", Outcome::Failed, Some("not_yet_valid")) => (
            "Het credential is nog niet geldig.",
            "The credential is not valid yet.",
        ),
        ("validity_period", Outcome::Failed, _) => (
            "De geldigheidsdatums zijn onleesbaar.",
            "The validity dates cannot be read.",
        ),
        (_, Outcome::NotChecked, _) => (
            "Niet gecontroleerd: een eerdere controle faalde.",
            "Not checked: an earlier check failed.",
        ),
        _ => return None,
    };
    Some(if lang == UiLang::Nl { nl } else { en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_of_every_check_has_a_sentence_in_both_languages() {
        let checks = [
            "syntax_and_limits",
            "jsonld_safe_expansion",
            "proof",
            "verification_method",
            "issuer_trusted",
            "status",
            "validity_period",
        ];
        for check in checks {
            for outcome in [Outcome::Passed, Outcome::NotChecked] {
                for lang in [UiLang::Nl, UiLang::En] {
                    assert!(
                        check_summary(check, outcome, None, lang).is_some(),
                        "{check} {outcome:?} {lang:?}"
                    );
                }
            }
        }
        assert_eq!(
            check_summary("status", Outcome::Failed, Some("revoked"), UiLang::Nl),
            Some("Het credential is ingetrokken door de uitgever.")
        );
        assert_ne!(
            check_label("proof", UiLang::Nl),
            check_label("proof", UiLang::En)
        );
    }
}
