//! The demo register is deterministic, large and varied enough, valid, and has five years of
//! history (its search is tested in `search_tests`).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use model::vocab::ProviderType;
use model::{
    EqfLevel, Offering, OfferingContent, OfferingQuery, OfferingRules, PublicationStatus, SortOrder,
};
use store::{SqlStore, Store, StoreOptions};
use time::macros::datetime;

use super::{DemoSummary, seed_demo};
use crate::{App, FixedClock};

async fn fresh_app(name: &str) -> (App<SqlStore>, PathBuf) {
    let directory =
        std::env::temp_dir().join(format!("microcred_demo_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    let url = format!("sqlite://{}", directory.join("demo.db").display());
    let store = SqlStore::open(&url, StoreOptions::default()).await.unwrap();
    let clock = Arc::new(FixedClock::new(datetime!(2026-11-22 12:00 UTC)));
    let app = App::new(store, clock, [7u8; 32]).with_issuing(crate::IssuingConfig {
        register_url: "http://127.0.0.1:8080".to_owned(),
        master_key: Some(vc::keystore::MasterKey::from_bytes([5u8; 32])),
    });
    (app, directory)
}

pub(super) async fn seeded(name: &str) -> (App<SqlStore>, DemoSummary, PathBuf) {
    let (app, directory) = fresh_app(name).await;
    let summary = seed_demo(&app).await.unwrap();
    (app, summary, directory)
}

pub(super) async fn every_offering(app: &App<SqlStore>) -> Vec<Offering> {
    let query = OfferingQuery {
        public_only: false,
        limit: 10_000,
        sort: SortOrder::Title,
        ..OfferingQuery::default()
    };
    app.store
        .search_offerings(&query)
        .await
        .unwrap()
        .into_offerings()
}

pub(super) async fn finish(app: App<SqlStore>, directory: PathBuf) {
    app.store.close().await;
    let _ = std::fs::remove_dir_all(directory);
}

#[tokio::test]
async fn seeding_two_fresh_registers_gives_identical_data() {
    let (first, first_summary, first_directory) = seeded("twice_a").await;
    let (second, second_summary, second_directory) = seeded("twice_b").await;
    assert_eq!(first_summary, second_summary);
    assert_eq!(
        first.store.list_providers(false).await.unwrap(),
        second.store.list_providers(false).await.unwrap()
    );
    let offerings = every_offering(&first).await;
    assert_eq!(offerings, every_offering(&second).await);
    for offering in &offerings {
        assert_eq!(
            first
                .store
                .list_offering_versions(&offering.id)
                .await
                .unwrap(),
            second
                .store
                .list_offering_versions(&offering.id)
                .await
                .unwrap()
        );
    }
    finish(first, first_directory).await;
    finish(second, second_directory).await;
}

#[tokio::test]
async fn the_demo_is_big_varied_and_valid() {
    let (app, summary, directory) = seeded("minimums").await;
    let providers = app.store.list_providers(false).await.unwrap();
    assert!(summary.providers >= 12 && providers.len() == summary.providers);
    let kinds: BTreeSet<ProviderType> = providers.iter().map(|p| p.content.provider_type).collect();
    assert!(kinds.len() >= 7, "{kinds:?}");
    let countries: BTreeSet<&str> = providers
        .iter()
        .map(|p| p.content.country.as_str())
        .collect();
    assert!(countries.len() >= 6, "{countries:?}");
    let drafts = providers
        .iter()
        .filter(|p| p.status == PublicationStatus::Draft)
        .count();
    assert_eq!(drafts, 1);

    let offerings = every_offering(&app).await;
    assert!(offerings.len() >= 160 && offerings.len() == summary.offerings);
    let schemes = app.funding_scheme_codes().await.unwrap();
    let rules = OfferingRules {
        funding_schemes: &schemes,
    };
    for offering in &offerings {
        let document = serde_json::to_value(&offering.content).unwrap();
        let again = OfferingContent::from_json(&document, &rules).unwrap();
        assert_eq!(again, offering.content, "{}", offering.id);
    }

    let levels: BTreeSet<Option<u8>> = offerings
        .iter()
        .map(|o| o.content.level.eqf.number())
        .collect();
    for level in 2..=8 {
        assert!(levels.contains(&Some(level)), "no EQF {level}");
    }
    assert!(
        offerings
            .iter()
            .any(|o| o.content.level.eqf == EqfLevel::NotApplicable)
    );
    let modes: BTreeSet<_> = offerings
        .iter()
        .map(|o| o.content.participation.mode)
        .collect();
    assert_eq!(modes.len(), 4);
    let languages: BTreeSet<&str> = offerings
        .iter()
        .flat_map(|o| o.content.languages.iter().map(String::as_str))
        .collect();
    for language in ["nl", "en", "fr", "de"] {
        assert!(languages.contains(language), "no offering in {language}");
    }
    let ects: Vec<f64> = offerings
        .iter()
        .filter_map(|o| o.content.workload.ects)
        .collect();
    assert!(ects.iter().all(|ects| (1.0..=15.0).contains(ects)));
    assert!(
        ects.len() < offerings.len(),
        "some offerings state hours only"
    );
    assert!(offerings.iter().any(|o| o.content.pilot_project));
    assert!(
        offerings
            .iter()
            .any(|o| o.content.awarding_bodies.len() > 1)
    );
    assert!(
        offerings
            .iter()
            .any(|o| !o.content.prerequisites.is_empty())
    );
    assert!(
        offerings
            .iter()
            .any(|o| o.content.stackability.kind == model::vocab::Stackability::Stackable)
    );
    assert!(
        offerings
            .iter()
            .all(|o| !o.content.learning_outcomes[0].esco_skills.is_empty())
    );
    let funded: BTreeSet<&str> = offerings
        .iter()
        .flat_map(|o| o.content.funding_schemes.iter().map(String::as_str))
        .collect();
    assert!(funded.len() >= 5, "{funded:?}");

    assert!(summary.withdrawn >= 3 && summary.drafts >= 3, "{summary:?}");
    assert!(offerings.iter().any(|o| o.version == 2));
    let edited = offerings
        .iter()
        .find(|o| o.version == 3)
        .expect("an offering with three versions");
    let versions = app.offering_versions(&edited.id, None).await.unwrap();
    assert_eq!(versions.len(), 3);
    assert_ne!(versions[0].content, versions[2].content);
    assert!(versions[0].saved_at < versions[1].saved_at);
    let oldest = app.offering_version(&edited.id, 1, None).await.unwrap();
    assert_eq!(oldest.content, versions[0].content);
    finish(app, directory).await;
}

#[tokio::test]
async fn publication_dates_span_five_years() {
    let (app, summary, directory) = seeded("dates").await;
    let offerings = every_offering(&app).await;
    let years: BTreeSet<i32> = offerings
        .iter()
        .filter_map(|o| o.published_at)
        .map(|at| at.year())
        .collect();
    assert_eq!(years, (2021..=2026).collect());
    for offering in &offerings {
        if let Some(published_at) = offering.published_at {
            assert!(offering.created_at < published_at);
            assert!(published_at <= offering.updated_at || offering.version == 1);
        }
        if let Some(withdrawn_at) = offering.withdrawn_at {
            assert_eq!(offering.status, PublicationStatus::Withdrawn);
            assert!(
                offering
                    .published_at
                    .is_some_and(|published| published < withdrawn_at)
            );
        }
        assert!(offering.updated_at < datetime!(2026-11-01 00:00 UTC));
    }
    let public = app.search(OfferingQuery::default()).await.unwrap();
    assert_eq!(public.total as usize, summary.published);
    finish(app, directory).await;
}

#[tokio::test]
async fn the_demo_has_learners_of_every_employment_status_and_verifiable_credentials() {
    use model::{CredentialState, EmploymentStatus, Vocabulary};
    use store::{CredentialFilter, CredentialStore, EnrolmentFilter, LearningStore};
    let (app, summary, directory) = seeded("learners").await;
    let learning = &summary.learning;
    assert!(learning.enrolments > 300, "{learning:?}");
    assert!(learning.credentials > 200, "{learning:?}");
    assert!(
        learning.validations > 0 && learning.revoked > 0 && learning.suspended > 0,
        "{learning:?}"
    );
    let store::Listing {
        total,
        items: enrolments,
        ..
    } = app
        .store
        .list_enrolments(&EnrolmentFilter {
            limit: 100_000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(total, learning.enrolments);
    for status in EmploymentStatus::ALL {
        assert!(
            enrolments
                .iter()
                .any(|enrolment| enrolment.employment_status == *status),
            "no learner is {status}"
        );
    }
    let years: BTreeSet<i32> = enrolments
        .iter()
        .map(|enrolment| enrolment.enrolled_on.year())
        .collect();
    assert!(years.len() >= 5, "enrolments over five years: {years:?}");
    for state in [
        CredentialState::Active,
        CredentialState::Suspended,
        CredentialState::Revoked,
    ] {
        let store::Listing {
            items: credentials, ..
        } = app
            .store
            .list_credentials(&CredentialFilter {
                state: Some(state),
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        let credential = credentials.first().expect("a credential in every state");
        let bytes = serde_json::to_vec(&credential.credential).unwrap();
        let report = app.verify_credential(&bytes).await.unwrap().report;
        assert_eq!(
            report.verified,
            state == CredentialState::Active,
            "{state}: {report:#?}"
        );
        assert!(
            report
                .annex_i
                .as_ref()
                .is_some_and(|annex_i| annex_i.complete)
        );
    }
    finish(app, directory).await;
}
