//! The issuing use cases against a real SQLite register: enrol, assess, issue, verify, suspend,
//! reinstate, revoke, correct, rotate keys, bulk import — and the bad input around them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::Arc;

use app::learning::{AssessmentRequest, EnrolmentRequest};
use app::{App, AppError, FixedClock, IssuingConfig, PlatformAdmin};
use model::learning::StatusChange;
use model::{
    CredentialState, EmploymentStatus, ImportKind, ImportState, ProviderId, PublicationStatus,
};
use serde_json::{Value, json};
use store::{SqlStore, StoreOptions};
use time::macros::datetime;
use vc::keystore::MasterKey;
use vc::report::{Outcome, checks};

struct Register {
    app: App<SqlStore>,
    directory: PathBuf,
    provider: ProviderId,
    offering: model::OfferingId,
}

async fn register(name: &str) -> Register {
    let directory =
        std::env::temp_dir().join(format!("microcred_issuing_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    let url = format!("sqlite://{}", directory.join("register.db").display());
    let store = SqlStore::open(&url, StoreOptions::default()).await.unwrap();
    let clock = Arc::new(FixedClock::new(datetime!(2026-06-30 12:00 UTC)));
    let app = App::new(store, clock, [9u8; 32]).with_issuing(IssuingConfig {
        register_url: "https://register.example.eu".to_owned(),
        master_key: Some(MasterKey::from_bytes([3u8; 32])),
    });
    app.ensure_default_funding_schemes().await.unwrap();
    let admin = PlatformAdmin::local_operator();
    let mut document = model::sample::provider_json();
    document["slug"] = json!("hogeschool-test");
    let provider = app.create_provider(&admin, &document).await.unwrap();
    app.set_provider_status(&admin, &provider.id, PublicationStatus::Published)
        .await
        .unwrap();
    let provider_admin = admin.as_provider_admin(&provider.id);
    let offering = app
        .create_offering(
            &provider_admin,
            &model::sample::offering_json(provider.id.as_str()),
        )
        .await
        .unwrap();
    app.publish_offering(&provider_admin, &offering.id)
        .await
        .unwrap();
    Register {
        app,
        directory,
        provider: provider.id,
        offering: offering.id,
    }
}

impl Register {
    fn right(&self) -> app::IssuerRight {
        let admin = PlatformAdmin::local_operator().as_provider_admin(&self.provider);
        app::IssuerRight::from(&admin)
    }

    async fn enrol(&self, email: &str, status: &str) -> model::Enrolment {
        let request = EnrolmentRequest::from_json(
            &json!({
                "offering_id": self.offering.as_str(),
                "learner": {"given_names": "An", "family_names": "Peeters", "email": email},
                "employment_status": status,
                "enrolled_on": "2026-02-01",
            }),
            self.clock_today(),
        )
        .unwrap();
        self.app.enrol(&self.right(), &request).await.unwrap()
    }

    fn clock_today(&self) -> time::Date {
        self.app.now().date()
    }

    async fn pass_and_issue(&self, enrolment: &model::Enrolment) -> model::CredentialRecord {
        let request = AssessmentRequest::from_json(&json!({
            "enrolment_id": enrolment.id.as_str(),
            "outcome": {"passed": true, "assessed_on": "2026-06-15", "route": "regular",
                        "grade": {"value": "16", "scheme": "0-20"}, "supervision": "supervised_online"},
            "issue": true,
        }))
        .unwrap();
        let (_, credential) = self
            .app
            .record_assessment(&self.right(), &request)
            .await
            .unwrap();
        credential.expect("a credential was asked for")
    }

    async fn verify(&self, credential: &Value) -> vc::report::VerificationReport {
        let bytes = serde_json::to_vec(credential).unwrap();
        self.app.verify_credential(&bytes).await.unwrap().report
    }

    async fn finish(self) {
        self.app.close().await;
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}

fn outcome(report: &vc::report::VerificationReport, check: &str) -> Outcome {
    report.outcome(check).unwrap_or(Outcome::NotChecked)
}

#[tokio::test]
async fn an_issued_credential_verifies_and_follows_suspension_and_revocation() {
    let register = register("lifecycle").await;
    let enrolment = register.enrol("an@example.org", "employed").await;
    assert_eq!(enrolment.employment_status, EmploymentStatus::Employed);
    let issued = register.pass_and_issue(&enrolment).await;
    assert_eq!(issued.state, CredentialState::Active);
    assert!(issued.status_slot.index < model::learning::STATUS_LIST_SIZE);

    let report = register.verify(&issued.credential).await;
    assert!(report.verified, "{report:#?}");
    for check in [
        checks::PROOF,
        checks::VERIFICATION_METHOD,
        checks::ISSUER_TRUSTED,
        checks::STATUS,
        checks::VALIDITY_PERIOD,
    ] {
        assert_eq!(
            outcome(&report, check),
            Outcome::Passed,
            "{check}: {report:#?}"
        );
    }
    assert!(
        report
            .annex_i
            .as_ref()
            .is_some_and(|annex_i| annex_i.complete),
        "{:?}",
        report.annex_i
    );

    let right = register.right();
    let suspended = register
        .app
        .change_credential_status(
            &right,
            &issued.id,
            StatusChange::Suspend,
            "under investigation",
        )
        .await
        .unwrap();
    assert_eq!(suspended.state, CredentialState::Suspended);
    let report = register.verify(&issued.credential).await;
    assert!(!report.verified);
    assert_eq!(outcome(&report, checks::STATUS), Outcome::Failed);
    assert!(format!("{report:?}").contains("suspended"));

    register
        .app
        .change_credential_status(&right, &issued.id, StatusChange::Reinstate, "cleared")
        .await
        .unwrap();
    assert!(register.verify(&issued.credential).await.verified);

    register
        .app
        .change_credential_status(
            &right,
            &issued.id,
            StatusChange::Revoke,
            "fraud established",
        )
        .await
        .unwrap();
    let report = register.verify(&issued.credential).await;
    assert_eq!(outcome(&report, checks::STATUS), Outcome::Failed);
    assert!(format!("{report:?}").contains("revoked"));
    // Revocation is final.
    let again = register
        .app
        .change_credential_status(&right, &issued.id, StatusChange::Reinstate, "oops")
        .await;
    assert!(matches!(again, Err(AppError::InvalidState(_))), "{again:?}");
    let stored = register.app.stored_credential(&issued.id).await.unwrap();
    assert_eq!(stored.state, CredentialState::Revoked);
    assert_eq!(stored.status_reason.as_deref(), Some("fraud established"));
    register.finish().await;
}

#[tokio::test]
async fn a_withdrawn_providers_credentials_are_no_longer_trusted_here() {
    let register = register("withdrawn").await;
    let enrolment = register.enrol("wim@example.org", "employed").await;
    let issued = register.pass_and_issue(&enrolment).await;
    let report = register.verify(&issued.credential).await;
    assert_eq!(outcome(&report, checks::ISSUER_TRUSTED), Outcome::Passed);
    let admin = PlatformAdmin::local_operator();
    register
        .app
        .set_provider_status(&admin, &register.provider, PublicationStatus::Withdrawn)
        .await
        .unwrap();
    // The trust check reads the provider's status at once (not a copy from before).
    let report = register.verify(&issued.credential).await;
    assert_eq!(outcome(&report, checks::ISSUER_TRUSTED), Outcome::Failed);
    assert_eq!(outcome(&report, checks::PROOF), Outcome::Passed);
    assert!(!report.verified);
    register
        .app
        .set_provider_status(&admin, &register.provider, PublicationStatus::Published)
        .await
        .unwrap();
    let report = register.verify(&issued.credential).await;
    assert!(report.verified, "{report:#?}");
    register.finish().await;
}

#[tokio::test]
async fn a_tampered_or_foreign_credential_fails_verification() {
    let register = register("tamper").await;
    let enrolment = register.enrol("jo@example.org", "job_seeker").await;
    let issued = register.pass_and_issue(&enrolment).await;
    let mut tampered = issued.credential.clone();
    tampered["credentialSubject"]["creditsEarned"] = json!(60);
    let report = register.verify(&tampered).await;
    assert!(!report.verified);
    assert_eq!(outcome(&report, checks::PROOF), Outcome::Failed);

    // An issuer this register does not know, with a did:web it cannot resolve offline.
    let mut foreign = issued.credential.clone();
    foreign["issuer"]["id"] = json!("did:web:elsewhere.example");
    let report = register.verify(&foreign).await;
    assert!(!report.verified);
    assert_eq!(outcome(&report, checks::ISSUER_TRUSTED), Outcome::Failed);

    let report = register
        .app
        .verify_credential(b"{\"a\": 1, \"a\": 2}")
        .await
        .unwrap()
        .report;
    assert_eq!(outcome(&report, checks::SYNTAX), Outcome::Failed);
    register.finish().await;
}

#[tokio::test]
async fn key_rotation_keeps_old_credentials_verifiable() {
    let register = register("rotation").await;
    let first = register
        .pass_and_issue(&register.enrol("one@example.org", "student").await)
        .await;
    // Verified before the rotation: the register keeps the provider's DID document listing
    // key-1 only, and must read it again for a credential signed with key-2.
    assert!(register.verify(&first.credential).await.verified);
    let admin = PlatformAdmin::local_operator().as_provider_admin(&register.provider);
    let rotated = register.app.rotate_provider_key(&admin).await.unwrap();
    assert!(rotated.verification_method.ends_with("#key-2"));
    let second = register
        .pass_and_issue(&register.enrol("two@example.org", "inactive").await)
        .await;
    assert!(
        second.credential["proof"]["verificationMethod"]
            .as_str()
            .unwrap()
            .ends_with("#key-2")
    );
    assert!(register.verify(&second.credential).await.verified);
    assert!(register.verify(&first.credential).await.verified);
    // A key the provider does not have is still refused, kept document or not.
    let mut unknown_key = second.credential.clone();
    unknown_key["proof"]["verificationMethod"] = json!(
        second.credential["proof"]["verificationMethod"]
            .as_str()
            .unwrap()
            .replace("#key-2", "#key-3")
    );
    let report = register.verify(&unknown_key).await;
    assert!(!report.verified);
    assert_ne!(outcome(&report, checks::PROOF), Outcome::Passed);
    let keys = register
        .app
        .provider_keys(&register.provider)
        .await
        .unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys[0].retired_at.is_some() && keys[1].retired_at.is_none());
    register.finish().await;
}

#[tokio::test]
async fn a_correction_issues_a_new_credential_and_revokes_the_old_one() {
    let register = register("correction").await;
    let old = register
        .pass_and_issue(&register.enrol("c@example.org", "self_employed").await)
        .await;
    let mut corrected_outcome = model::AssessmentOutcome::from_json(&json!({
        "passed": true, "assessed_on": "2026-06-15", "route": "regular",
        "grade": {"value": "18", "scheme": "0-20"},
    }))
    .unwrap();
    corrected_outcome.supervision = None;
    let new = register
        .app
        .correct_credential(
            &register.right(),
            &old.id,
            Some(corrected_outcome),
            "grade was entered wrongly",
        )
        .await
        .unwrap();
    assert_ne!(new.id, old.id);
    let old_now = register.app.stored_credential(&old.id).await.unwrap();
    assert_eq!(old_now.state, CredentialState::Revoked);
    assert_eq!(old_now.replaced_by.as_ref(), Some(&new.id));
    assert!(register.verify(&new.credential).await.verified);
    assert!(!register.verify(&old.credential).await.verified);
    register.finish().await;
}

#[tokio::test]
async fn bad_results_are_refused_with_the_element_named() {
    let register = register("bad_results").await;
    let enrolment = register.enrol("d@example.org", "unknown").await;
    // A second enrolment of the same learner.
    let request = EnrolmentRequest::from_json(
        &json!({"offering_id": register.offering.as_str(),
                "learner": {"full_name": "Dee", "email": "D@example.org"},
                "employment_status": "student"}),
        register.clock_today(),
    )
    .unwrap();
    let twice = register.app.enrol(&register.right(), &request).await;
    assert!(matches!(twice, Err(AppError::Conflict(_))), "{twice:?}");
    // Issuing for a failed result.
    let failed = AssessmentRequest::from_json(&json!({
        "enrolment_id": enrolment.id.as_str(),
        "outcome": {"passed": false, "assessed_on": "2026-06-15", "route": "regular"},
        "issue": true,
    }));
    let errors = failed.unwrap_err();
    assert_eq!(errors.0[0].element, "issue");
    // A result in the future, and one before the enrolment.
    for (day, element) in [
        ("2026-07-30", "outcome.assessed_on"),
        ("2026-01-01", "outcome.assessed_on"),
    ] {
        let request = AssessmentRequest::from_json(&json!({
            "enrolment_id": enrolment.id.as_str(),
            "outcome": {"passed": true, "assessed_on": day, "route": "regular"},
        }))
        .unwrap();
        match register
            .app
            .record_assessment(&register.right(), &request)
            .await
        {
            Err(AppError::Validation(errors)) => assert_eq!(errors.0[0].element, element),
            other => panic!("{day}: {other:?}"),
        }
    }
    // Informal prior learning through validation is fine, even before the enrolment.
    let validation = AssessmentRequest::from_json(&json!({
        "enrolment_id": enrolment.id.as_str(),
        "outcome": {"passed": true, "assessed_on": "2026-01-15", "route": "validation", "prior_learning": "informal"},
        "issue": true,
    }))
    .unwrap();
    let (assessment, credential) = register
        .app
        .record_assessment(&register.right(), &validation)
        .await
        .unwrap();
    let credential = credential.unwrap();
    assert!(
        credential.credential["credentialSubject"]["learningSetting"]
            .as_str()
            .unwrap()
            .ends_with("learning-setting/informal")
    );
    // One credential per assessment.
    let again = register
        .app
        .issue_credential(&register.right(), &assessment.id)
        .await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    register.finish().await;
}

#[tokio::test]
async fn another_providers_issuer_is_refused_everywhere() {
    let register = register("cross_provider").await;
    let enrolment = register.enrol("e@example.org", "employed").await;
    let credential = register.pass_and_issue(&enrolment).await;
    let admin = PlatformAdmin::local_operator();
    let mut other = model::sample::provider_json();
    other["slug"] = json!("other-provider");
    let other = register.app.create_provider(&admin, &other).await.unwrap();
    let foreign = app::IssuerRight::from(&admin.as_provider_admin(&other.id));
    assert!(matches!(
        register.app.enrolment(&foreign, &enrolment.id).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        register.app.credential(&foreign, &credential.id).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        register
            .app
            .change_credential_status(&foreign, &credential.id, StatusChange::Revoke, "x")
            .await,
        Err(AppError::Forbidden(_))
    ));
    let request = EnrolmentRequest::from_json(
        &json!({"offering_id": register.offering.as_str(),
                "learner": {"full_name": "X", "email": "x@example.org"},
                "employment_status": "student"}),
        register.clock_today(),
    )
    .unwrap();
    assert!(matches!(
        register.app.enrol(&foreign, &request).await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(
        register
            .app
            .stored_credential(&credential.id)
            .await
            .unwrap()
            .state,
        CredentialState::Active
    );
    register.finish().await;
}

#[tokio::test]
async fn without_a_master_key_nothing_is_signed_and_nothing_is_stored() {
    let mut register = register("no_master_key").await;
    let enrolment = register.enrol("f@example.org", "employed").await;
    register.app = register.app.with_issuing(IssuingConfig {
        register_url: "https://register.example.eu".to_owned(),
        master_key: None,
    });
    let request = AssessmentRequest::from_json(&json!({
        "enrolment_id": enrolment.id.as_str(),
        "outcome": {"passed": true, "assessed_on": "2026-06-15", "route": "regular"},
        "issue": true,
    }))
    .unwrap();
    let result = register
        .app
        .record_assessment(&register.right(), &request)
        .await;
    assert!(
        matches!(result, Err(AppError::NotConfigured(_))),
        "{result:?}"
    );
    // The result was not stored either: issuing and recording are one transaction.
    assert!(
        register
            .app
            .assessments(&register.right(), &enrolment.id)
            .await
            .unwrap()
            .is_empty()
    );
    register.finish().await;
}

const RESULTS_CSV: &str = "student_number,given_names,family_names,email,employment_status,passed,grade,grading_scheme,assessed_on,issue\n\
r001,An,Peeters,an.p@example.org,employed,yes,16,0-20,2026-06-10,yes\n\
r002,Bo,Janssens,bo@example.org,job_seeker,no,8,0-20,2026-06-10,no\n\
r003,Cas,Maes,cas@example.org,student,yes,14,0-20,2026-13-10,yes\n\
r004,Dina,Wouters,dina@example.org,student,yes,12,0-20,2026-06-11,yes\n";

#[tokio::test]
async fn a_results_file_applies_good_rows_reports_bad_ones_and_issues_nothing_twice() {
    let register = register("import").await;
    let right = register.right();
    let job = register
        .app
        .start_import(
            &right,
            &register.offering,
            ImportKind::Results,
            "results.csv",
            RESULTS_CSV.as_bytes(),
            "test",
        )
        .await
        .unwrap();
    assert_eq!(job.state, ImportState::Queued);
    assert_eq!(job.total_rows, 4);
    let done = register.app.run_import(&job.id, &|_| {}).await.unwrap();
    assert_eq!(done.state, ImportState::Done, "{done:#?}");
    assert_eq!(done.applied_rows, 3, "{done:#?}");
    assert_eq!(done.failed_rows, 1);
    assert_eq!(done.issued_credentials, 2);
    assert_eq!(done.problems.len(), 1);
    assert_eq!(done.problems[0].row, 4);
    assert_eq!(done.problems[0].column.as_deref(), Some("assessed_on"));
    let store::Listing {
        total,
        items: credentials,
        ..
    } = register
        .app
        .credentials(
            &right,
            store::CredentialFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 2);
    for credential in &credentials {
        assert!(register.verify(&credential.credential).await.verified);
    }

    // The same file again: every good row is recognised, nothing is issued twice.
    let again = register
        .app
        .start_import(
            &right,
            &register.offering,
            ImportKind::Results,
            "results.csv",
            RESULTS_CSV.as_bytes(),
            "test",
        )
        .await
        .unwrap();
    let again = register.app.run_import(&again.id, &|_| {}).await.unwrap();
    assert_eq!(again.applied_rows, 0, "{again:#?}");
    assert_eq!(again.skipped_rows, 3);
    assert_eq!(again.issued_credentials, 0);
    let store::Listing { total, .. } = register
        .app
        .credentials(
            &right,
            store::CredentialFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 2);
    let rows = register.app.import_job_rows(&right, &job.id).await.unwrap();
    assert_eq!(
        rows.iter().map(|row| row.row_number).collect::<Vec<_>>(),
        vec![2, 3, 5]
    );
    register.finish().await;
}

#[tokio::test]
async fn a_file_that_cannot_be_read_is_refused_whole() {
    let register = register("bad_file").await;
    let refused = register
        .app
        .start_import(
            &register.right(),
            &register.offering,
            ImportKind::Enrolments,
            "enrolments.csv",
            b"name;mail\nAn;an@example.org\n",
            "test",
        )
        .await;
    match refused {
        Err(AppError::ImportFile(error)) => assert_eq!(error.code(), "unknown_columns"),
        other => panic!("{other:?}"),
    }
    assert!(
        register
            .app
            .import_job_page(&register.right(), 10, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    register.finish().await;
}

#[tokio::test]
async fn concurrent_issuance_never_reuses_a_status_slot() {
    let register = Arc::new(register("concurrent").await);
    let mut enrolments = Vec::new();
    for number in 0..24 {
        enrolments.push(
            register
                .enrol(&format!("l{number}@example.org"), "employed")
                .await,
        );
    }
    let mut tasks = Vec::new();
    for enrolment in enrolments {
        let register = register.clone();
        tasks.push(tokio::spawn(async move {
            register.pass_and_issue(&enrolment).await
        }));
    }
    let mut slots = std::collections::HashSet::new();
    for task in tasks {
        let credential = task.await.unwrap();
        assert!(slots.insert(credential.status_slot), "slot reused");
    }
    assert_eq!(slots.len(), 24);
}

/// A job stopped mid-way (the task is dropped at an await, as a killed server would stop)
/// reports exactly the rows it applied, and running it again finishes it without applying
/// anything twice.
#[tokio::test]
async fn an_interrupted_import_resumes_and_applies_every_row_exactly_once() {
    let register = Arc::new(register("interrupted").await);
    let rows = app::imports::CHUNK_ROWS * 3 + 17;
    let mut file =
        String::from("student_number,full_name,employment_status,passed,assessed_on,issue\n");
    for number in 0..rows {
        file.push_str(&format!(
            "s{number:05},Learner {number},student,yes,2026-06-01,yes\n"
        ));
    }
    let right = register.right();
    let job = register
        .app
        .start_import(
            &right,
            &register.offering,
            ImportKind::Results,
            "big.csv",
            file.as_bytes(),
            "test",
        )
        .await
        .unwrap();
    let (first_chunk, mut committed) = tokio::sync::mpsc::unbounded_channel::<usize>();
    let running = {
        let register = register.clone();
        let id = job.id.clone();
        tokio::spawn(async move {
            register
                .app
                .run_import(&id, &move |job| {
                    let _ = first_chunk.send(job.processed_rows);
                })
                .await
        })
    };
    // Stop it as soon as one chunk is committed.
    while let Some(processed) = committed.recv().await {
        if processed > 0 {
            break;
        }
    }
    running.abort();
    let _ = running.await;
    let stopped = register.app.import_job(&right, &job.id).await.unwrap();
    assert_eq!(stopped.state, ImportState::Running);
    assert!(
        stopped.processed_rows > 0 && stopped.processed_rows < rows,
        "{stopped:?}"
    );
    let applied = register.app.import_job_rows(&right, &job.id).await.unwrap();
    assert_eq!(
        applied.len(),
        stopped.applied_rows,
        "the counts say exactly what was applied"
    );

    assert_eq!(
        register.app.unfinished_imports().await.unwrap(),
        vec![job.id.clone()]
    );
    let done = register.app.run_import(&job.id, &|_| {}).await.unwrap();
    assert_eq!(done.state, ImportState::Done, "{done:?}");
    assert_eq!(done.processed_rows, rows);
    assert_eq!(done.applied_rows, rows);
    assert_eq!(done.issued_credentials, rows);
    assert!(
        done.message
            .as_deref()
            .unwrap_or_default()
            .contains("resumed"),
        "{done:?}"
    );
    let store::Listing { total, .. } = register
        .app
        .credentials(
            &right,
            store::CredentialFilter {
                limit: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(total, rows, "no credential twice");
    assert_eq!(
        register
            .app
            .import_job_rows(&right, &job.id)
            .await
            .unwrap()
            .len(),
        rows
    );
}

#[tokio::test]
async fn signing_keys_are_resealed_under_a_new_master_key() {
    let register = register("reseal").await;
    let before = register
        .pass_and_issue(&register.enrol("r@example.org", "employed").await)
        .await;
    // The learner's did:key is sealed under the same master key.
    let password = "correct horse battery staple";
    register
        .app
        .sign_up(&app::accounts::SignUp {
            name: "Resealed Learner".to_owned(),
            email: "r@example.org".to_owned(),
            password: password.to_owned(),
        })
        .await
        .unwrap();
    let messages = register.app.outbox_messages(10).await.unwrap();
    let body = &messages[0].body;
    let start = body.find("/account/confirm/").unwrap() + "/account/confirm/".len();
    register
        .app
        .confirm_email(&body[start..start + 64])
        .await
        .unwrap();
    let (principal, _, _) = register
        .app
        .sign_in_with_password("r@example.org", password, "192.0.2.9")
        .await
        .unwrap();
    let learner = principal.learner().unwrap();
    register.app.make_learner_did(&learner).await.unwrap();
    let new = MasterKey::from_bytes([8u8; 32]);
    let admin = PlatformAdmin::local_operator();
    assert_eq!(
        register
            .app
            .reseal_signing_keys(&admin, &new)
            .await
            .unwrap(),
        2,
        "the provider's key and the learner's"
    );
    // The old master key no longer opens the key: issuing fails, nothing is stored.
    let enrolment = register.enrol("s@example.org", "employed").await;
    let request = AssessmentRequest::from_json(&json!({
        "enrolment_id": enrolment.id.as_str(),
        "outcome": {"passed": true, "assessed_on": "2026-06-15", "route": "regular"},
        "issue": true,
    }))
    .unwrap();
    assert!(matches!(
        register
            .app
            .record_assessment(&register.right(), &request)
            .await,
        Err(AppError::Credential { .. })
    ));
    // With the new one it signs again, with the same key: old credentials keep verifying.
    let Register {
        app,
        directory,
        provider,
        offering,
    } = register;
    let app = app.with_issuing(IssuingConfig {
        register_url: "https://register.example.eu".to_owned(),
        master_key: Some(new),
    });
    let register = Register {
        app,
        directory,
        provider,
        offering,
    };
    let after = register.pass_and_issue(&enrolment).await;
    assert_eq!(
        before.credential["proof"]["verificationMethod"],
        after.credential["proof"]["verificationMethod"]
    );
    assert!(register.verify(&before.credential).await.verified);
    assert!(register.verify(&after.credential).await.verified);
    // The learner still presents with the DID made before.
    let presentation = register
        .app
        .present(
            &learner,
            &[before.id.urn()],
            "challenge",
            "verifier.example",
        )
        .await
        .unwrap();
    let bytes = serde_json::to_vec(&presentation).unwrap();
    let checked = register
        .app
        .verify_presentation(&bytes, Some("challenge"), Some("verifier.example"))
        .await
        .unwrap();
    assert!(checked.report.verified, "{:?}", checked.report);
    // A wrong master key re-seals nothing.
    let wrong = register.app.with_issuing(IssuingConfig {
        register_url: "https://register.example.eu".to_owned(),
        master_key: Some(MasterKey::from_bytes([1u8; 32])),
    });
    assert!(
        wrong
            .reseal_signing_keys(&admin, &MasterKey::from_bytes([2u8; 32]))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn an_enrolments_file_records_funding_and_refuses_a_scheme_the_register_lacks() {
    let register = register("funding").await;
    let file = "email,full_name,enrolled_on,funding_scheme,funding_amount\n\
                paid@example.org,Paid Learner,2026-02-01,vlaams_opleidingsverlof,300\n\
                free@example.org,Free Learner,2026-02-01,,\n\
                odd@example.org,Odd Learner,2026-02-01,free_money,10\n";
    let job = register
        .app
        .start_import(
            &register.right(),
            &register.offering,
            ImportKind::Enrolments,
            "enrolments.csv",
            file.as_bytes(),
            "test",
        )
        .await
        .unwrap();
    let done = register.app.run_import(&job.id, &|_| {}).await.unwrap();
    assert_eq!((done.applied_rows, done.failed_rows), (2, 1), "{done:#?}");
    assert_eq!(done.problems[0].row, 4);
    assert_eq!(done.problems[0].column.as_deref(), Some("funding_scheme"));
    assert_eq!(done.problems[0].code, "unknown_code");
    let listed = register
        .app
        .enrolments(
            &register.right(),
            store::EnrolmentFilter {
                offering: Some(register.offering.clone()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let paid = listed
        .items
        .iter()
        .find(|enrolment| enrolment.learner.email.as_deref() == Some("paid@example.org"))
        .unwrap();
    assert_eq!(
        paid.funding,
        Some(model::EnrolmentFunding {
            scheme: "vlaams_opleidingsverlof".to_owned(),
            amount_cents: Some(30_000),
        })
    );
    register.finish().await;
}
