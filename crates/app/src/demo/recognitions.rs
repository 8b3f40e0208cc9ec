//! The demo register's recognition decisions (issue 12): each published university or college
//! recognises a few published offerings of other providers — for further study or employment,
//! fully or partly — decided over the last years, so the catalogue's "recognised by", the
//! offerings' pages and the `recognitions` overview have something to show.

use model::recognition::RecognitionTerms;
use model::vocab::{LegalBasis, ReceivingKind, RecognitionPurpose, RecognitionScope};
use model::{LangText, Offering, PublicationStatus};
use store::{DecisionSubject, RecognitionDecision, Store};
use time::Duration;

use crate::App;
use crate::error::AppResult;

/// Decisions per receiving organisation.
const PER_ORGANISATION: usize = 4;

pub(super) async fn seed<S: Store>(app: &App<S>, offerings: &[Offering]) -> AppResult<usize> {
    let organisations: Vec<model::Provider> = app
        .store
        .list_providers(true)
        .await?
        .into_iter()
        .filter(|provider| {
            provider.content.receiving_organisation == Some(ReceivingKind::HigherEducation)
        })
        .collect();
    let now = app.now();
    let mut count = 0;
    for (number, organisation) in organisations.iter().enumerate() {
        let others = offerings.iter().filter(|offering| {
            offering.provider_id != organisation.id
                && offering.status == PublicationStatus::Published
                && offering.content.workload.ects.is_some()
        });
        // A different stretch of the catalogue for each organisation.
        for (index, offering) in others.skip(number * 7).take(PER_ORGANISATION).enumerate() {
            let further_study = index % 3 != 2;
            let scope = if index % 2 == 0 {
                RecognitionScope::Full
            } else {
                RecognitionScope::Partial
            };
            let decided_at = now - Duration::days(40 + 170 * (index as i64 + number as i64 % 3));
            let title = offering.content.title.best(model::UiLang::En).to_owned();
            let terms = RecognitionTerms {
                purpose: if further_study {
                    RecognitionPurpose::FurtherStudy
                } else {
                    RecognitionPurpose::Employment
                },
                scope,
                recognised_as: if further_study {
                    LangText::one(
                        "en",
                        format!("Exemption from the course unit matching {title}"),
                    )
                    .with(
                        "nl",
                        "Vrijstelling voor het overeenkomstige opleidingsonderdeel",
                    )
                } else {
                    LangText::one(
                        "en",
                        "Meets the digital-skills requirement of staff vacancies",
                    )
                    .with(
                        "nl",
                        "Voldoet aan de vereiste digitale vaardigheden van vacatures",
                    )
                },
                ects_granted: if further_study {
                    offering.content.workload.ects
                } else {
                    None
                },
                conditions: if scope == RecognitionScope::Partial {
                    LangText::one("en", "With the bridging assignment of the programme")
                        .with("nl", "Met de overbruggingsopdracht van de opleiding")
                } else {
                    LangText::default()
                },
                legal_basis: if organisation.content.country
                    == offering_country(app, offering).await?
                {
                    LegalBasis::InstitutionalPolicy
                } else {
                    LegalBasis::LisbonRecognitionConvention
                },
                policy: LangText::one("en", "Education and examination regulations")
                    .with("nl", "Onderwijs- en examenregeling"),
                valid_from: decided_at.date().to_string(),
                valid_until: None,
            };
            let decision = RecognitionDecision {
                id: format!("rd-demo-{number:02}-{index:02}"),
                provider_id: organisation.id.clone(),
                subject: DecisionSubject::Offering(offering.id.clone()),
                terms,
                decided_at,
                withdrawn_at: None,
            };
            let audit = app.audit(
                ("operator".to_owned(), "demo".to_owned()),
                Some(&organisation.id),
                "recognition.decide",
                &decision.id,
                "demo",
            );
            app.store.insert_decision(&decision, None, &audit).await?;
            count += 1;
        }
    }
    Ok(count)
}

async fn offering_country<S: Store>(app: &App<S>, offering: &Offering) -> AppResult<String> {
    Ok(app
        .store
        .get_provider(&offering.provider_id)
        .await?
        .content
        .country)
}
