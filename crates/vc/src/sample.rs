//! The credential the benchmarks and profilers measure: a realistic Open Badges 3.0
//! micro-credential as the register mostly issues it (pure: the timing lives in the binary).

use crate::keys::KeyPair;
use model::LangText;
use model::credential::{IssuedMicroCredential, sample};
use model::offering::LearningOutcome;
use serde_json::Value;

/// The benchmark's issuance: the model's sample as a typical offering has it — one language
/// (most offerings are written in one) and one language of instruction, one assessment type,
/// no ESCO tags, the EQF level alone, the learner named and identified by a hashed e-mail
/// address — with every Annex I element, mandatory and optional, still present. The full
/// sample (two languages, every identifier and option) renders to ~4.4 KB compact; this one,
/// ~3.4 KB, is closer to what the register mostly issues.
pub fn issuance() -> crate::Result<IssuedMicroCredential> {
    let mut issued = sample::issued().map_err(crate::Error::InvalidCredential)?;
    let nl = |text: &str| LangText::one("nl", text);
    issued.learner.student_number = None;
    issued.learner.did = None;
    // The offering's supervision (an optional Annex I element) stays; the per-assessment
    // record of it is a further option.
    issued.outcome.supervision = None;
    for provider in std::iter::once(&mut issued.issuer).chain(&mut issued.awarding_bodies) {
        provider.content.legal_name = nl("Hogeschool Scheldeland");
        provider.content.region = None;
    }
    let content = &mut issued.offering.content;
    content.languages = vec!["nl".into()];
    content.title = nl("Cursus data-analyse met Python");
    content.summary = nl("Leer data opschonen, analyseren en visualiseren.");
    content.learning_outcomes = [
        "De deelnemer schoont een dataset op met pandas.",
        "De deelnemer presenteert bevindingen in heldere grafieken.",
    ]
    .map(|text| LearningOutcome {
        text: nl(text),
        esco_skills: Vec::new(),
    })
    .into();
    content.workload.hours = None;
    content.level.qf_ehea_cycle = None;
    content.assessment.types.truncate(1);
    content.assessment.description = nl("Een dataproject met mondelinge toelichting.");
    content.prerequisites = nl("Basiskennis van spreadsheets.");
    content.stackability.towards.clear();
    content.further_information.text = nl("Avondlessen in Gent.");
    Ok(issued)
}

/// The benchmark credential, unsigned, issued by `key` (its did:key as issuer): [`issuance`]
/// rendered by [`crate::ob3`] — a credential the register really issues.
pub fn fixture_for(key: &KeyPair) -> crate::Result<Value> {
    Ok(crate::ob3::render_micro_credential(
        &issuance()?,
        &key.public().did_key(),
    ))
}
