//! Every Annex I element of a bundle, with its value, in the ELM export.

use serde_json::Value;

use super::{ISSUER, expand_safely, issued, joint_validation, render_elm, strings, values};

/// Annex I elements of the sample bundle, `path = value`, grouped by element.
const ANNEX_I_VALUES: &str = "
# Title, in each language, wherever ELM shows it.
displayParameter.title.nl = Cursus data-analyse met Python
displayParameter.title.en = Course in data analysis with Python
{claim}.title.nl = Cursus data-analyse met Python
{spec}.title.en = Course in data analysis with Python
# Learning outcomes, with their ESCO skill.
{spec}.learningOutcome.title.nl = De deelnemer schoont een dataset op met pandas.
{spec}.learningOutcome.title.en = The learner presents findings in clear charts.
{spec}.learningOutcome.relatedESCOSkill.id = http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d
# Notional workload: ECTS and hours.
{spec}.creditPoint.point = 3
{spec}.creditPoint.framework.id = http://data.europa.eu/snb/education-credit/6fcec5c5af
{spec}.volumeOfLearning = PT75H
# Level and cycle, field of education, languages of instruction.
{spec}.eqfLevel.id = http://data.europa.eu/snb/eqf/5
{spec}.educationLevel.id = https://w3id.org/microcred/vocab/qf-ehea/short
{spec}.thematicArea.id = http://data.europa.eu/snb/isced-f/061
{spec}.language.id = http://publications.europa.eu/resource/authority/language/NLD
{spec}.language.id = http://publications.europa.eu/resource/authority/language/ENG
# Type of assessment.
{assessment}.specifiedBy.dcType.id = https://w3id.org/microcred/vocab/assessment/project
{assessment}.specifiedBy.dcType.id = https://w3id.org/microcred/vocab/assessment/online_test
{assessment}.specifiedBy.title.en = Project, Online test
{assessment}.specifiedBy.description.en = A data project and a short online test.
# Form of participation.
{spec}.mode.id = http://data.europa.eu/snb/learning-assessment/e92d221e4d
{spec}.learningSetting.id = http://data.europa.eu/snb/learning-setting/e207a81fc7
# Quality assurance.
{spec}.accreditation.dcType.id = https://w3id.org/microcred/vocab/accreditation/institutional_qa
{spec}.accreditation.title.en = Institutional quality assurance
{spec}.accreditation.accreditingAgent.legalName.nl = NVAO
{spec}.accreditation.organisation.id = did:web:register.example.eu:providers:hogeschool-scheldeland
# Prerequisites.
{spec}.entryRequirement.noteLiteral.nl = Basiskennis van spreadsheets.
# Supervision actually used (the outcome's, not the offering's default).
{assessment}.idVerification.id = https://w3id.org/microcred/vocab/supervision-verification/on_site_id_check
# Grade and grading scheme; date of the assessment.
{assessment}.grade.noteLiteral.nl = B
{assessment}.specifiedBy.gradingScheme.title.nl = ECTS grading scale
{assessment}.dateIssued = 2026-06-19T00:00:00Z
# Integration / stackability and further information.
{spec}.additionalNote.subject.id = https://w3id.org/microcred/vocab/stackability/stackable
{spec}.additionalNote.noteLiteral.en = Stackable: Postgraduaat data science
{spec}.additionalNote.noteLiteral.nl = Stapelbaar: Postgraduaat data science
{spec}.additionalNote.noteLiteral.en = Evening classes in Ghent.
{spec}.homepage.contentURL = https://example.org/data-python
# Awarding body; country and region of the issuer.
{body}.id = did:web:register.example.eu:providers:hogeschool-scheldeland
{body}.legalName.nl = Hogeschool Scheldeland
{body}.legalName.en = Scheldeland University of Applied Sciences
{body}.location.address.countryCode.id = http://publications.europa.eu/resource/authority/country/BEL
{body}.location.spatialCode.id = http://data.europa.eu/nuts/code/BE23
{body}.registration.notation = 0412.345.614
issuer.id = did:web:register.example.eu:providers:hogeschool-scheldeland
# Date of issuing.
issued = 2026-06-30T12:00:00Z
issuanceDate = 2026-06-30T12:00:00Z
validFrom = 2026-06-30T12:00:00Z
{claim}.awardedBy.awardingDate = 2026-06-30T12:00:00Z
# The learner: names and every identifier.
credentialSubject.givenName.nl = Jan
credentialSubject.familyName.nl = Peeters
credentialSubject.fullName.nl = Jan Peeters
credentialSubject.id = did:key:z6MkoQkQim6VHbgCTV5Yf8xg4WU6iXmGRmUyvRCH5brwmgJi
credentialSubject.contactPoint.emailAddress.id = mailto:jan.peeters@example.org
credentialSubject.identifier.notation = r0123456
# The Open Badges credential of the same award.
identifier.notation = urn:uuid:2f1d3b8e-5c7a-4e0b-9d62-1a8f3e4c7b90
";

#[test]
fn every_annex_i_element_of_the_bundle_appears_with_its_value() {
    let doc = render_elm(&issued(), ISSUER);
    let expected: Vec<(&str, &str)> = ANNEX_I_VALUES
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split_once(" = ").expect("path = value"))
        .collect();
    assert_eq!(expected.len(), 53);
    let wrong: Vec<String> = expected
        .iter()
        .filter_map(|(path, value)| {
            let found = strings(&doc, path);
            let message = format!("{path}: {value:?} not in {found:?}");
            (!found.contains(value)).then_some(message)
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    let stackable = values(&doc, "{spec}.isPartialQualification");
    assert_eq!(stackable, [&Value::Bool(true)]);
}

#[test]
fn a_joint_award_by_validation_names_every_body_and_the_route() {
    let doc = render_elm(&joint_validation(), ISSUER);
    let partner = "https://register.example.eu/providers/hogeschool-overzee";
    assert_eq!(strings(&doc, "{body}.id"), [ISSUER, partner]);
    let countries = strings(&doc, "{body}.location.address.countryCode.id");
    assert!(countries.contains(&"http://publications.europa.eu/resource/authority/country/NLD"));
    assert_eq!(
        strings(&doc, "{body}.vatIdentifier.notation"),
        ["NL001234567B01"]
    );
    // No learning activity for validated learning; the route is stated on the assessment.
    assert!(values(&doc, "{claim}.influencedBy").is_empty());
    let route = "https://w3id.org/microcred/vocab/assessment-route/validation";
    assert_eq!(
        strings(&doc, "{assessment}.additionalNote.subject.id"),
        [route]
    );
    let note = "Validation of prior learning: Informal learning";
    assert_eq!(
        strings(&doc, "{assessment}.additionalNote.noteLiteral.en"),
        [note]
    );
    // The offering's default supervision stands in when the outcome states none.
    let supervised_online =
        "https://w3id.org/microcred/vocab/supervision-verification/supervised_online";
    assert_eq!(
        strings(&doc, "{assessment}.idVerification.id"),
        [supervised_online]
    );
    for absent in [
        "{spec}.eqfLevel",
        "{spec}.volumeOfLearning",
        "{spec}.entryRequirement",
        "{spec}.homepage",
        "{assessment}.grade",
        "credentialSubject.givenName",
        "credentialSubject.contactPoint",
        "credentialSubject.identifier",
    ] {
        assert!(values(&doc, absent).is_empty(), "{absent}");
    }
    let stackable = values(&doc, "{spec}.isPartialQualification");
    assert_eq!(stackable, [&Value::Bool(false)]);
    assert_eq!(
        strings(&doc, "credentialSubject.fullName.nl"),
        ["Jan Peeters"]
    );
    expand_safely(&doc).unwrap();
}
