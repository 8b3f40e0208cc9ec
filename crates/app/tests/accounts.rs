//! People's accounts against a real SQLite register: sign-up, confirmation from the outbox,
//! sign-in (the same answer for an unknown address and a wrong password, waits after repeated
//! failures), password reset, invitations by whoever may grant the role, removal of staff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use app::accounts::{Invitation, SignUp, WRONG_CREDENTIALS};
use app::{App, AppError, FixedClock, IssuingConfig, PlatformAdmin, Principal};
use model::{ProviderId, PublicationStatus, Role};
use serde_json::json;
use store::{SqlStore, StoreOptions};
use time::Duration;
use time::macros::datetime;

struct Register {
    app: App<SqlStore>,
    clock: Arc<FixedClock>,
    provider: ProviderId,
    directory: std::path::PathBuf,
}

impl Drop for Register {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}

async fn register(name: &str) -> Register {
    let directory =
        std::env::temp_dir().join(format!("microcred_accounts_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    let url = format!("sqlite://{}", directory.join("register.db").display());
    let store = SqlStore::open(&url, StoreOptions::default()).await.unwrap();
    let clock = Arc::new(FixedClock::new(datetime!(2026-06-30 12:00 UTC)));
    let app = App::new(store, clock.clone(), [5u8; 32]).with_issuing(IssuingConfig {
        register_url: "https://register.example.eu".to_owned(),
        master_key: None,
    });
    app.ensure_default_funding_schemes().await.unwrap();
    let admin = PlatformAdmin::local_operator();
    let mut document = model::sample::provider_json();
    document["slug"] = json!("hogeschool-test");
    let provider = app.create_provider(&admin, &document).await.unwrap();
    app.set_provider_status(&admin, &provider.id, PublicationStatus::Published)
        .await
        .unwrap();
    Register {
        app,
        clock,
        provider: provider.id,
        directory,
    }
}

impl Register {
    /// The secret of the newest link mailed to `address` under `path` (`confirm`, `reset`,
    /// `invitation`).
    async fn mailed_secret(&self, address: &str, path: &str) -> String {
        let marker = format!("https://register.example.eu/account/{path}/");
        let messages = self.app.outbox_messages(50).await.unwrap();
        let message = messages
            .iter()
            .find(|message| message.recipient.as_str() == address && message.body.contains(&marker))
            .unwrap_or_else(|| panic!("no {path} message to {address}: {messages:?}"));
        let start = message.body.find(&marker).unwrap() + marker.len();
        message.body[start..start + 64].to_owned()
    }

    async fn sign_up(&self, address: &str, password: &str) {
        self.app
            .sign_up(&SignUp {
                name: "An Peeters".to_owned(),
                email: address.to_owned(),
                password: password.to_owned(),
            })
            .await
            .unwrap();
    }

    fn later(&self, by: Duration) {
        self.clock.set(self.app.now() + by);
    }
}

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn a_learner_signs_up_confirms_the_address_and_signs_in() {
    let register = register("signup").await;
    register.sign_up(" An.Peeters@Example.be ", PASSWORD).await;
    let secret = register
        .mailed_secret("an.peeters@example.be", "confirm")
        .await;
    let account = register.app.confirm_email(&secret).await.unwrap();
    assert!(account.is_learner());
    assert!(account.email_confirmed_at.is_some());
    // Once only.
    assert!(matches!(
        register.app.confirm_email(&secret).await,
        Err(AppError::NotFound(_))
    ));
    let (principal, session, _) = register
        .app
        .sign_in_with_password("an.peeters@example.be", PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    assert!(principal.learner().is_ok());
    assert_eq!(principal.role(), None);
    assert!(principal.platform_admin().is_err());
    assert!(principal.provider_admin(&register.provider).is_err());
    assert!(principal.issuer(&register.provider).is_err());
    let again = register.app.session(&session).await.unwrap();
    assert_eq!(again.account().unwrap().id, account.id);
    register.app.sign_out(&session).await.unwrap();
    assert!(register.app.session(&session).await.is_err());
}

#[tokio::test]
async fn signing_up_twice_or_with_bad_input_says_what_is_wrong_and_reveals_no_account() {
    let register = register("signup_bad").await;
    register.sign_up("an@example.be", PASSWORD).await;
    // The same address again: the same answer, and a message to the owner instead of a link.
    register
        .sign_up("AN@example.be", "another good password")
        .await;
    let messages = register.app.outbox_messages(10).await.unwrap();
    assert_eq!(messages.len(), 2);
    assert!(
        messages.iter().any(
            |message| message.subject.contains("already have an account")
                && !message.body.contains("/account/confirm/")
        ),
        "{messages:?}"
    );
    // The first password still works; the second was never stored.
    assert!(
        register
            .app
            .sign_in_with_password("an@example.be", PASSWORD, "10.0.0.1")
            .await
            .is_ok()
    );
    for (address, password, says) in [
        ("not-an-address", PASSWORD, "no @"),
        ("b@example.be", "short", "at least 10"),
        ("b@example.be", "Password123", "common"),
    ] {
        let error = register
            .app
            .sign_up(&SignUp {
                name: "B".to_owned(),
                email: address.to_owned(),
                password: password.to_owned(),
            })
            .await
            .unwrap_err();
        assert!(error.to_string().contains(says), "{address}: {error}");
    }
    let error = register
        .app
        .sign_up(&SignUp {
            name: "   ".to_owned(),
            email: "c@example.be".to_owned(),
            password: PASSWORD.to_owned(),
        })
        .await
        .unwrap_err();
    assert!(error.to_string().contains("name"), "{error}");
}

#[tokio::test]
async fn sign_in_answers_alike_for_unknown_and_wrong_and_waits_after_failures() {
    let register = register("signin").await;
    register.sign_up("an@example.be", PASSWORD).await;
    let wrong = |address: &'static str, password: &'static str| {
        let app = &register.app;
        async move {
            app.sign_in_with_password(address, password, "10.0.0.9")
                .await
                .map(|_| ())
                .unwrap_err()
        }
    };
    for (address, password) in [
        ("nobody@example.be", PASSWORD),
        ("an@example.be", "not the password"),
    ] {
        match wrong(address, password).await {
            AppError::Unauthenticated(reason) => assert_eq!(reason, WRONG_CREDENTIALS),
            other => panic!("{other:?}"),
        }
    }
    // Four more wrong passwords for the address make five: the fifth is told to wait 30 s,
    // and so is the right password after it.
    for _ in 0..3 {
        assert!(matches!(
            wrong("an@example.be", "still wrong").await,
            AppError::Unauthenticated(_)
        ));
    }
    match wrong("an@example.be", "still wrong").await {
        AppError::TooManyAttempts {
            retry_after_seconds,
        } => assert_eq!(retry_after_seconds, 30),
        other => panic!("{other:?}"),
    }
    match register
        .app
        .sign_in_with_password("an@example.be", PASSWORD, "10.0.0.9")
        .await
    {
        Err(error @ AppError::TooManyAttempts { .. }) => {
            assert!(error.to_string().contains("try again in 30 s"), "{error}");
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
    // After the wait the right password works, and clears the count.
    register.later(Duration::seconds(31));
    assert!(
        register
            .app
            .sign_in_with_password("an@example.be", PASSWORD, "10.0.0.9")
            .await
            .is_ok()
    );
    // An unknown address is locked the same way (no one learns which addresses exist).
    for _ in 0..4 {
        wrong("ghost@example.be", "guess").await;
    }
    assert!(matches!(
        wrong("ghost@example.be", "guess").await,
        AppError::TooManyAttempts { .. }
    ));
}

#[tokio::test]
async fn a_password_reset_works_once_and_ends_every_session() {
    let register = register("reset").await;
    register.sign_up("an@example.be", PASSWORD).await;
    let (_, session, _) = register
        .app
        .sign_in_with_password("an@example.be", PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    // An unknown address is answered the same, and sends nothing.
    register
        .app
        .request_password_reset("nobody@example.be")
        .await
        .unwrap();
    register
        .app
        .request_password_reset("an@example.be")
        .await
        .unwrap();
    let secret = register.mailed_secret("an@example.be", "reset").await;
    assert!(
        register
            .app
            .reset_password(&secret, "short")
            .await
            .unwrap_err()
            .to_string()
            .contains("at least 10")
    );
    register
        .app
        .reset_password(&secret, "a brand new passphrase")
        .await
        .unwrap();
    assert!(register.app.session(&session).await.is_err());
    assert!(
        register
            .app
            .reset_password(&secret, "yet another passphrase")
            .await
            .is_err()
    );
    assert!(
        register
            .app
            .sign_in_with_password("an@example.be", "a brand new passphrase", "10.0.0.1")
            .await
            .is_ok()
    );
    // A link used after its hour has passed does nothing.
    register
        .app
        .request_password_reset("an@example.be")
        .await
        .unwrap();
    let late = register.mailed_secret("an@example.be", "reset").await;
    register.later(Duration::minutes(61));
    assert!(matches!(
        register
            .app
            .reset_password(&late, "too late passphrase")
            .await,
        Err(AppError::NotFound(_))
    ));
}

#[tokio::test]
async fn staff_are_invited_by_who_may_grant_the_role_and_removing_them_ends_their_sessions() {
    let register = register("invite").await;
    let operator = Principal::local_operator();
    let admin_invitation = Invitation {
        name: "Els Admin".to_owned(),
        email: "els@hogeschool.example".to_owned(),
        role: Role::ProviderAdmin,
        provider: Some(register.provider.clone()),
    };
    register
        .app
        .invite_staff(&operator, &admin_invitation)
        .await
        .unwrap();
    // The same address twice is a conflict that names it.
    let twice = register
        .app
        .invite_staff(&operator, &admin_invitation)
        .await
        .unwrap_err();
    assert!(matches!(twice, AppError::Conflict(ref m) if m.contains("els@hogeschool.example")));
    // Not signed in before the invitation is accepted.
    assert!(
        register
            .app
            .sign_in_with_password("els@hogeschool.example", PASSWORD, "10.0.0.2")
            .await
            .is_err()
    );
    let secret = register
        .mailed_secret("els@hogeschool.example", "invitation")
        .await;
    register
        .app
        .accept_invitation(&secret, PASSWORD)
        .await
        .unwrap();
    let (admin, _, _) = register
        .app
        .sign_in_with_password("els@hogeschool.example", PASSWORD, "10.0.0.2")
        .await
        .unwrap();
    assert!(admin.provider_admin(&register.provider).is_ok());
    // The provider admin invites an issuer of their own provider, but no analyst and no staff
    // of another provider.
    let issuer = register
        .app
        .invite_staff(
            &admin,
            &Invitation {
                name: "Jan Issuer".to_owned(),
                email: "jan@hogeschool.example".to_owned(),
                role: Role::Issuer,
                provider: Some(register.provider.clone()),
            },
        )
        .await
        .unwrap();
    for (role, provider) in [
        (Role::Analyst, None),
        (Role::PlatformAdmin, None),
        (
            Role::Issuer,
            Some(ProviderId::parse("another-provider").unwrap()),
        ),
    ] {
        let refused = register
            .app
            .invite_staff(
                &admin,
                &Invitation {
                    name: "X".to_owned(),
                    email: "x@example.be".to_owned(),
                    role,
                    provider,
                },
            )
            .await;
        assert!(
            matches!(refused, Err(AppError::Forbidden(_))),
            "{role:?}: {refused:?}"
        );
    }
    // A learner invites no one.
    register.sign_up("learner@example.be", PASSWORD).await;
    let (learner, _, _) = register
        .app
        .sign_in_with_password("learner@example.be", PASSWORD, "10.0.0.3")
        .await
        .unwrap();
    assert!(matches!(
        register.app.invite_staff(&learner, &admin_invitation).await,
        Err(AppError::Forbidden(_))
    ));
    // The issuer accepts, signs in; the admin removes them: the session ends and sign-in fails.
    let secret = register
        .mailed_secret("jan@hogeschool.example", "invitation")
        .await;
    register
        .app
        .accept_invitation(&secret, PASSWORD)
        .await
        .unwrap();
    let (_, session, _) = register
        .app
        .sign_in_with_password("jan@hogeschool.example", PASSWORD, "10.0.0.4")
        .await
        .unwrap();
    assert!(matches!(
        register.app.disable_account(&learner, &issuer.id).await,
        Err(AppError::Forbidden(_))
    ));
    register
        .app
        .disable_account(&admin, &issuer.id)
        .await
        .unwrap();
    assert!(register.app.session(&session).await.is_err());
    assert!(
        register
            .app
            .sign_in_with_password("jan@hogeschool.example", PASSWORD, "10.0.0.4")
            .await
            .is_err()
    );
    // The provider's audit log has the invitations and the removal; a learner reads none.
    let log = register
        .app
        .audit_log(&admin, Some(&register.provider), None, 50)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|entry| entry.action.as_str()).collect();
    for action in ["staff.invite", "staff.remove", "account.sign_in"] {
        assert!(actions.contains(&action), "{actions:?}");
    }
    assert!(
        register
            .app
            .audit_log(&learner, Some(&register.provider), None, 50)
            .await
            .is_err()
    );
    assert!(
        register
            .app
            .audit_log(&admin, None, None, 50)
            .await
            .is_err()
    );
}
