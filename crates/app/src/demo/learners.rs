//! The demo register's learners: cohorts enrolled in published offerings over five years, with
//! every employment status, results (some failed, some through validation of prior learning),
//! credentials for the passed ones dated when they were issued, and a few of those suspended
//! or revoked — so that verification and the statistics have something real to show.

use model::learning::StatusChange;
use model::vocab::{LearningSetting, Supervision};
use model::{
    Assessment, AssessmentOutcome, AssessmentRoute, EmploymentStatus, Enrolment, LearnerIdentity,
    LearnerName, Offering, PublicationStatus, Vocabulary,
};
use rand::RngExt;
use rand::rngs::StdRng;
use store::{LearningBatch, Store};
use time::{Date, Duration};

use super::{DEMO_END, at};
use crate::App;
use crate::auth::IssuerRight;
use crate::error::AppResult;

/// Offerings that get cohorts: every `COHORT_EVERY`-th published one (keeps the demo quick to
/// seed, also in unoptimised test builds).
const COHORT_EVERY: usize = 2;

const GIVEN_NAMES: &[&str] = &[
    "An",
    "Bram",
    "Charlotte",
    "Dries",
    "Elif",
    "Femke",
    "Gilles",
    "Hanne",
    "Ilias",
    "Jana",
    "Kobe",
    "Lotte",
    "Mohamed",
    "Nina",
    "Olivier",
    "Paulien",
    "Quinten",
    "Rania",
    "Sander",
    "Tine",
    "Umut",
    "Vera",
    "Wout",
    "Yasmine",
    "Zoë",
    "Amira",
    "Bert",
    "Claire",
    "Dimitri",
    "Eva",
];
const FAMILY_NAMES: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "El Amrani",
    "Yilmaz",
    "Vermeulen",
    "Van Damme",
    "Hermans",
    "Aerts",
    "De Backer",
    "Nowak",
    "Benali",
    "Martens",
    "Coppens",
    "Desmet",
];

/// What the learners part of the demo stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearningSummary {
    pub enrolments: usize,
    pub assessments: usize,
    pub validations: usize,
    pub credentials: usize,
    pub suspended: usize,
    pub revoked: usize,
}

fn employment(rng: &mut StdRng) -> EmploymentStatus {
    // Roughly the mix of adult learners in micro-credential pilots: most work.
    match rng.random_range(0..100) {
        0..45 => EmploymentStatus::Employed,
        45..55 => EmploymentStatus::SelfEmployed,
        55..67 => EmploymentStatus::JobSeeker,
        67..85 => EmploymentStatus::Student,
        85..92 => EmploymentStatus::Inactive,
        _ => EmploymentStatus::Unknown,
    }
}

fn day_between(rng: &mut StdRng, first: Date, last: Date) -> Date {
    let span = (last - first).whole_days().max(0);
    first + Duration::days(rng.random_range(0..=span))
}

/// Enrols cohorts in `offerings` (current versions), records their results and issues
/// credentials, dated over the years the offerings were published.
pub(super) async fn seed<S: Store>(
    app: &App<S>,
    rng: &mut StdRng,
    offerings: &[Offering],
    published_providers: &[model::ProviderId],
) -> AppResult<LearningSummary> {
    let mut summary = LearningSummary::default();
    let mut learner_number = 0usize;
    let eligible = offerings.iter().filter(|offering| {
        offering.status == PublicationStatus::Published
            && published_providers.contains(&offering.provider_id)
    });
    for offering in eligible.step_by(COHORT_EVERY) {
        let right = IssuerRight::for_job(&offering.provider_id, "demo");
        let first_day = offering
            .published_at
            .map_or(DEMO_END, |published| published.date());
        let mut batch = LearningBatch::default();
        let mut passed: Vec<(Enrolment, Assessment)> = Vec::new();
        let mut year = first_day.year();
        while year <= DEMO_END.year() {
            let start = Date::from_ordinal_date(year, 1)
                .unwrap_or(first_day)
                .max(first_day);
            let end = Date::from_ordinal_date(year, 365)
                .unwrap_or(DEMO_END)
                .min(DEMO_END);
            if start > end {
                break;
            }
            // Cohorts grow as an offering becomes known, so the statistics have trends to show
            // and most counts per provider and year are above the small-numbers threshold.
            let cohort =
                rng.random_range(6..=14) + 2 * (year - first_day.year()).unsigned_abs() as usize;
            for _ in 0..cohort {
                learner_number += 1;
                let given = GIVEN_NAMES[rng.random_range(0..GIVEN_NAMES.len())];
                let family = FAMILY_NAMES[rng.random_range(0..FAMILY_NAMES.len())];
                let learner = LearnerIdentity {
                    name: LearnerName::Parts {
                        given_names: given.to_owned(),
                        family_names: family.to_owned(),
                    },
                    email: Some(format!(
                        "{}.{}.{learner_number}@learners.example",
                        given.to_lowercase(),
                        family.to_lowercase().replace(' ', "")
                    )),
                    student_number: Some(format!("d{learner_number:06}")),
                    did: None,
                };
                let enrolled_on = day_between(rng, start, end);
                let enrolment = Enrolment {
                    id: app.new_enrolment_id()?,
                    provider_id: offering.provider_id.clone(),
                    offering_id: offering.id.clone(),
                    learner,
                    employment_status: employment(rng),
                    enrolled_on,
                    recorded_at: at(enrolled_on, 9, 30),
                    funding: demo_funding(&offering.content.funding_schemes, learner_number),
                };
                summary.enrolments += 1;
                // One in twelve comes through validation of prior learning.
                let validation = rng.random_range(0..12) == 0;
                let assessed_on = if validation {
                    enrolled_on + Duration::days(rng.random_range(7..30))
                } else {
                    enrolled_on + Duration::days(rng.random_range(30..120))
                };
                if assessed_on < DEMO_END {
                    let route = if validation {
                        summary.validations += 1;
                        let setting = if rng.random_range(0..2) == 0 {
                            LearningSetting::NonFormal
                        } else {
                            LearningSetting::Informal
                        };
                        AssessmentRoute::Validation {
                            prior_learning: setting,
                        }
                    } else {
                        AssessmentRoute::Regular
                    };
                    let passed_it = rng.random_range(0..100) < 86;
                    let supervision = Supervision::ALL[rng.random_range(0..Supervision::ALL.len())];
                    let outcome = AssessmentOutcome {
                        passed: passed_it,
                        grade: Some(model::Grade {
                            value: if passed_it {
                                rng.random_range(10..=19).to_string()
                            } else {
                                rng.random_range(4..=9).to_string()
                            },
                            scheme: "0-20".to_owned(),
                        }),
                        assessed_on,
                        supervision: Some(supervision),
                        route,
                    };
                    let assessment = Assessment {
                        id: app.new_assessment_id()?,
                        enrolment_id: enrolment.id.clone(),
                        provider_id: offering.provider_id.clone(),
                        offering_id: offering.id.clone(),
                        offering_version: offering.version,
                        outcome,
                        recorded_at: at(assessed_on, 16, 0),
                    };
                    summary.assessments += 1;
                    if passed_it {
                        passed.push((enrolment.clone(), assessment.clone()));
                    }
                    batch.assessments.push(assessment);
                }
                batch.enrolments.push(enrolment);
            }
            year += 1;
        }
        app.store.apply_learning_batch(&batch).await?;
        let issued = app
            .issue_dated(&right, &passed, &|assessment| {
                let day = (assessment.outcome.assessed_on + Duration::days(7)).min(DEMO_END);
                at(day, 11, 0)
            })
            .await?;
        summary.credentials += issued.len();
        for credential in &issued {
            match rng.random_range(0..100) {
                0..2 => {
                    app.change_credential_status(
                        &right,
                        &credential.id,
                        StatusChange::Revoke,
                        "issued in error: the learner had not completed the assessment",
                    )
                    .await?;
                    summary.revoked += 1;
                }
                2..4 => {
                    app.change_credential_status(
                        &right,
                        &credential.id,
                        StatusChange::Suspend,
                        "under review after a complaint about the assessment",
                    )
                    .await?;
                    summary.suspended += 1;
                }
                _ => {}
            }
        }
    }
    Ok(summary)
}

/// Two in five learners of an offering eligible for funding are financed by one of its schemes,
/// most with the amount recorded. Derived from the learner's number, not the demo's random
/// source, so the rest of the demo stays as it was.
fn demo_funding(schemes: &[String], learner_number: usize) -> Option<model::EnrolmentFunding> {
    if schemes.is_empty() || learner_number % 5 >= 2 {
        return None;
    }
    Some(model::EnrolmentFunding {
        scheme: schemes[learner_number % schemes.len()].clone(),
        amount_cents: (!learner_number.is_multiple_of(7))
            .then(|| 15_000 + (learner_number as i64 * 3_700) % 75_000),
    })
}
