//! People's accounts: learners sign up, staff are invited by someone who may grant the role;
//! both sign in with their e-mail address and password. Passwords are hashed with Argon2id at
//! OWASP's parameters; the secrets of sessions and of the single-use links mailed out are
//! random, shown once and stored as SHA-256 hashes. Sign-in answers the same for an unknown
//! address and a wrong password, and waits after repeated failures per address and per
//! network address, saying how long.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use model::account::{check_password, check_role_provider};
use model::{Account, AccountId, EmailAddress, ProviderId, Role};
use store::{AccountRecord, AuditEntry, LinkPurpose, NewLink, OutboxMessage, Store, StoreError};
use time::{Duration, OffsetDateTime};

use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::tokens::SESSION_LIFETIME;
use crate::{App, secret_hash};

/// How long a mailed link works.
pub const CONFIRM_LIFETIME: Duration = Duration::hours(48);
pub const RESET_LIFETIME: Duration = Duration::hours(1);
pub const INVITATION_LIFETIME: Duration = Duration::days(7);
/// Failed sign-ins older than this are forgotten.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// The one answer to an unknown address, a wrong password, a disabled account or an invitation
/// not accepted yet: which of them it was is not said.
pub const WRONG_CREDENTIALS: &str = "wrong e-mail address or password";

/// After five failures for one address: 30 s, doubling with each further failure, at most 15
/// minutes.
fn account_lock(failures: u64) -> Option<Duration> {
    (failures >= 5).then(|| backoff(30, failures - 5))
}

/// After twenty failures from one network address (guessing across accounts): 60 s, doubling,
/// at most 15 minutes.
fn address_lock(failures: u64) -> Option<Duration> {
    (failures >= 20).then(|| backoff(60, failures - 20))
}

fn backoff(seconds: i64, doublings: u64) -> Duration {
    let factor = 1i64 << doublings.min(10);
    Duration::seconds((seconds * factor).min(15 * 60))
}

/// Argon2id with OWASP's first recommended parameters: 19 MiB of memory, two passes, one lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash checked when the address has no account, so that the answer takes as long as for a
/// wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        SaltString::encode_b64(b"microcred-decoy-salt")
            .and_then(|salt| {
                hasher()
                    .hash_password(b"not a password anyone has", &salt)
                    .map(|hash| hash.to_string())
            })
            .unwrap_or_default()
    })
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// What someone typed to sign up.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub name: String,
    pub email: String,
    pub password: String,
}

/// Whom to invite, to what.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub provider: Option<ProviderId>,
}

pub(crate) fn clean_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(AppError::InvalidState(
            "the name must be 1 to 200 characters, without control characters".to_owned(),
        ));
    }
    Ok(name.to_owned())
}

/// Who acted, for the audit log: staff by id and name; a learner by the account's id only (the
/// log is never changed, and an erased learner's name must not stay in it).
pub(crate) fn person(account: &Account) -> (String, String) {
    let label = if account.is_learner() {
        "learner".to_owned()
    } else {
        account.name.clone()
    };
    (account.id.to_string(), label)
}

fn email(text: &str) -> AppResult<EmailAddress> {
    EmailAddress::parse(text).map_err(AppError::InvalidState)
}

impl<S: Store> App<S> {
    async fn hash_password(&self, password: &str) -> AppResult<String> {
        let mut salt = [0u8; 16];
        self.fill_random(&mut salt);
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::encode_b64(&salt)
                .map_err(|error| AppError::InvalidState(error.to_string()))?;
            hasher()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|error| AppError::InvalidState(format!("password hashing: {error}")))
        })
        .await
        .map_err(|error| AppError::InvalidState(format!("password hashing: {error}")))?
    }

    /// A new learner's account (not stored yet), its address proven at `confirmed_at` if it is.
    pub(crate) fn new_learner_account(
        &self,
        email: EmailAddress,
        name: String,
        confirmed_at: Option<OffsetDateTime>,
    ) -> AppResult<Account> {
        Ok(Account {
            id: AccountId::parse(&format!("acc-{}", self.random_hex(8)))
                .map_err(AppError::InvalidState)?,
            email,
            name,
            role: None,
            provider_id: None,
            email_confirmed_at: confirmed_at,
            created_at: self.now(),
            disabled_at: None,
        })
    }

    pub(crate) async fn verify_password(&self, password: &str, hash: Option<&str>) -> bool {
        let password = password.to_owned();
        let (hash, real) = match hash {
            Some(hash) => (hash.to_owned(), true),
            None => (decoy_hash().to_owned(), false),
        };
        let matches = tokio::task::spawn_blocking(move || verify(&password, &hash))
            .await
            .unwrap_or(false);
        matches && real
    }

    fn new_link(
        &self,
        purpose: LinkPurpose,
        account: &Account,
        lifetime: Duration,
    ) -> (NewLink, String) {
        let secret = self.random_hex(32);
        let now = self.now();
        (
            NewLink {
                id_hash: secret_hash(&secret),
                purpose,
                account_id: account.id.clone(),
                email: account.email.clone(),
                created_at: now,
                expires_at: now + lifetime,
            },
            secret,
        )
    }

    /// A message in Dutch and English to `recipient`.
    pub(crate) fn message(
        &self,
        recipient: &EmailAddress,
        subject: &str,
        body: &str,
    ) -> OutboxMessage {
        OutboxMessage {
            id: format!("msg-{}", self.random_hex(8)),
            recipient: recipient.clone(),
            subject: subject.to_owned(),
            body: body.to_owned(),
            created_at: self.now(),
            sent_at: None,
            attempts: 0,
            last_error: None,
            account_id: None,
        }
    }

    /// An audit line: `principal` (or the person themselves, `actor`) did `action` to `subject`.
    pub(crate) fn audit(
        &self,
        actor: (String, String),
        provider: Option<&ProviderId>,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> AuditEntry {
        AuditEntry {
            id: format!("aud-{}", self.random_hex(8)),
            at: self.now(),
            actor: actor.0,
            actor_label: actor.1,
            provider_id: provider.cloned(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            detail: detail.to_owned(),
        }
    }

    fn link_url(&self, path: &str, secret: &str) -> String {
        format!("{}/account/{path}/{secret}", self.issuing.register_url)
    }

    /// A learner signs up: the account is made with its password, and a confirmation link is
    /// sent to the address. An address that has an account already gets a message saying so
    /// instead, and the answer is the same (no one learns which addresses have accounts).
    pub async fn sign_up(&self, form: &SignUp) -> AppResult<()> {
        let name = clean_name(&form.name)?;
        let address = email(&form.email)?;
        check_password(&form.password, Some(&address)).map_err(AppError::InvalidState)?;
        if let Ok(existing) = self.store.account_by_email(&address).await {
            let message = self.message(
                &existing.account.email,
                "Je hebt al een account / You already have an account",
                &format!(
                    "Iemand probeerde een account te maken met dit adres, dat er al een heeft. Meld je aan of kies een nieuw wachtwoord: {url}\n\n\
                     Someone tried to sign up with this address, which has an account already. Sign in, or choose a new password: {url}\n",
                    url = format!("{}/account/reset", self.issuing.register_url)
                ),
            )
            .for_account(&existing.account.id);
            self.store.queue_message(&message).await?;
            return Ok(());
        }
        let hash = self.hash_password(&form.password).await?;
        let account = self.new_learner_account(address, name, None)?;
        let (link, secret) = self.new_link(LinkPurpose::ConfirmEmail, &account, CONFIRM_LIFETIME);
        let url = self.link_url("confirm", &secret);
        let message = self.message(
            &account.email,
            "Bevestig je e-mailadres / Confirm your e-mail address",
            &format!(
                "Bevestig je adres voor je microcred-account (de link werkt 48 uur): {url}\n\n\
                 Confirm the address of your microcred account (the link works for 48 hours): {url}\n"
            ),
        )
        .for_account(&account.id);
        let audit = self.audit(
            person(&account),
            None,
            "account.sign_up",
            account.id.as_str(),
            "",
        );
        let record = AccountRecord {
            account,
            password_hash: Some(hash),
        };
        match self
            .store
            .create_account(&record, Some(&link), Some(&message), Some(&audit))
            .await
        {
            // Signed up at the same moment by someone else: the same answer.
            Err(StoreError::Conflict(_)) => Ok(()),
            other => Ok(other?),
        }
    }

    /// Proves the address a confirmation link was sent to.
    pub async fn confirm_email(&self, secret: &str) -> AppResult<Account> {
        self.redeem(LinkPurpose::ConfirmEmail, secret, None).await
    }

    async fn redeem(
        &self,
        purpose: LinkPurpose,
        secret: &str,
        password_hash: Option<&str>,
    ) -> AppResult<Account> {
        if secret.len() != 64 || !secret.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(AppError::NotFound("link".to_owned()));
        }
        let action = match purpose {
            LinkPurpose::ConfirmEmail => "account.confirm_email",
            LinkPurpose::ResetPassword => "account.reset_password",
            LinkPurpose::Invitation => "account.accept_invitation",
        };
        let account = self
            .store
            .redeem_link(purpose, &secret_hash(secret), self.now(), password_hash)
            .await
            .map_err(|error| {
                AppError::from_store(error, || {
                    "link (it may have been used already or have expired)".to_owned()
                })
            })?;
        let audit = self.audit(
            person(&account),
            account.provider_id.as_ref(),
            action,
            account.id.as_str(),
            "",
        );
        self.store.append_audit(&audit).await?;
        Ok(account)
    }

    /// Signs in with an address and password from `network_address`; returns the principal
    /// and a session secret for the cookie, with its expiry.
    pub async fn sign_in_with_password(
        &self,
        address: &str,
        password: &str,
        network_address: &str,
    ) -> AppResult<(Principal, String, OffsetDateTime)> {
        let now = self.now();
        let by_address = format!("address:{network_address}");
        // An address that is not one still counts, under what was typed.
        let typed = EmailAddress::parse(address)
            .map(|address| address.to_string())
            .unwrap_or_else(|_| address.trim().to_lowercase());
        let by_account = format!("email:{typed}");
        for subject in [&by_account, &by_address] {
            if let Some(until) = self.store.sign_in_locked_until(subject, now).await? {
                return Err(AppError::TooManyAttempts {
                    retry_after_seconds: (until - now).whole_seconds().max(1) as u64,
                });
            }
        }
        let record = match EmailAddress::parse(address) {
            Ok(address) => match self.store.account_by_email(&address).await {
                Ok(record) => Some(record),
                Err(StoreError::NotFound) => None,
                Err(other) => return Err(other.into()),
            },
            Err(_) => None,
        };
        let usable = record
            .as_ref()
            .filter(|record| record.account.disabled_at.is_none());
        let hash = usable.and_then(|record| record.password_hash.as_deref());
        if !self.verify_password(password, hash).await {
            let mut wait = None;
            for (subject, lock) in [
                (&by_account, account_lock as fn(u64) -> Option<Duration>),
                (&by_address, address_lock),
            ] {
                let failures = self
                    .store
                    .record_sign_in_failure(subject, now, FAILURE_WINDOW, lock)
                    .await?;
                wait = wait.max(lock(failures));
            }
            return Err(match wait {
                Some(wait) => AppError::TooManyAttempts {
                    retry_after_seconds: wait.whole_seconds().max(1) as u64,
                },
                None => AppError::Unauthenticated(WRONG_CREDENTIALS),
            });
        }
        let account = usable
            .map(|record| record.account.clone())
            .ok_or(AppError::Unauthenticated(WRONG_CREDENTIALS))?;
        self.store.clear_sign_in_failures(&by_account).await?;
        let (session, expires_at) = self.new_session(&account).await?;
        let audit = self.audit(
            person(&account),
            account.provider_id.as_ref(),
            "account.sign_in",
            account.id.as_str(),
            "",
        );
        self.store.append_audit(&audit).await?;
        Ok((Principal::account_holder(account), session, expires_at))
    }

    /// A new session for `account` (sign-in always makes a new one: no fixation).
    pub(crate) async fn new_session(
        &self,
        account: &Account,
    ) -> AppResult<(String, OffsetDateTime)> {
        let session = self.random_hex(32);
        let now = self.now();
        let expires_at = now + SESSION_LIFETIME;
        self.store
            .insert_account_session(&secret_hash(&session), &account.id, now, expires_at)
            .await?;
        Ok((session, expires_at))
    }

    /// The principal of a live account session, if `session_secret` is one.
    pub(crate) async fn account_session(
        &self,
        session_secret: &str,
    ) -> AppResult<Option<Principal>> {
        match self
            .store
            .find_account_session(&secret_hash(session_secret), self.now())
            .await
        {
            Ok(account) => Ok(Some(Principal::account_holder(account))),
            Err(StoreError::NotFound) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    /// Sends a link to choose a new password, if the address has a usable account; the answer
    /// is the same either way.
    pub async fn request_password_reset(&self, address: &str) -> AppResult<()> {
        let Ok(address) = EmailAddress::parse(address) else {
            return Ok(());
        };
        let record = match self.store.account_by_email(&address).await {
            Ok(record) if record.account.disabled_at.is_none() => record,
            Ok(_) | Err(StoreError::NotFound) => return Ok(()),
            Err(other) => return Err(other.into()),
        };
        let (link, secret) =
            self.new_link(LinkPurpose::ResetPassword, &record.account, RESET_LIFETIME);
        let url = self.link_url("reset", &secret);
        let message = self.message(
            &record.account.email,
            "Nieuw wachtwoord / New password",
            &format!(
                "Kies een nieuw wachtwoord (de link werkt één uur; vroeg je niets, negeer dan dit bericht): {url}\n\n\
                 Choose a new password (the link works for one hour; if you did not ask, ignore this message): {url}\n"
            ),
        )
        .for_account(&record.account.id);
        Ok(self.store.issue_link(&link, &message).await?)
    }

    /// Sets a new password from a reset link; every session of the account ends.
    pub async fn reset_password(&self, secret: &str, password: &str) -> AppResult<Account> {
        self.redeem_with_password(LinkPurpose::ResetPassword, secret, password)
            .await
    }

    /// A staff member sets their first password from their invitation.
    pub async fn accept_invitation(&self, secret: &str, password: &str) -> AppResult<Account> {
        self.redeem_with_password(LinkPurpose::Invitation, secret, password)
            .await
    }

    async fn redeem_with_password(
        &self,
        purpose: LinkPurpose,
        secret: &str,
        password: &str,
    ) -> AppResult<Account> {
        // The link's address is known only once it is redeemed: the rule is checked without it.
        check_password(password, None).map_err(AppError::InvalidState)?;
        let hash = self.hash_password(password).await?;
        self.redeem(purpose, secret, Some(&hash)).await
    }

    /// Changes the signed-in person's password (the current one checked); every other session
    /// ends, and a new one is returned.
    pub async fn change_password(
        &self,
        principal: &Principal,
        current: &str,
        new: &str,
    ) -> AppResult<(String, OffsetDateTime)> {
        let account = principal
            .account()
            .ok_or_else(|| AppError::Forbidden("only an account has a password".to_owned()))?;
        let record = self.store.account(&account.id).await?;
        if !self
            .verify_password(current, record.password_hash.as_deref())
            .await
        {
            return Err(AppError::InvalidState(
                "the current password is not right".to_owned(),
            ));
        }
        check_password(new, Some(&account.email)).map_err(AppError::InvalidState)?;
        let hash = self.hash_password(new).await?;
        let audit = self.audit(
            principal.actor(),
            account.provider_id.as_ref(),
            "account.change_password",
            account.id.as_str(),
            "",
        );
        self.store
            .set_password(&account.id, &hash, Some(&audit))
            .await?;
        self.new_session(account).await
    }

    /// Whether `principal` may give `role` at `provider`: platform admins any role, a
    /// provider's admins its admins and issuers.
    fn may_grant(
        &self,
        principal: &Principal,
        role: Role,
        provider: Option<&ProviderId>,
    ) -> AppResult<()> {
        if principal.platform_admin().is_ok() {
            return Ok(());
        }
        match (role, provider) {
            (Role::ProviderAdmin | Role::Issuer, Some(provider)) => {
                principal.provider_admin(provider).map(|_| ())
            }
            _ => Err(AppError::Forbidden(format!(
                "only a platform admin can make a {}",
                role.code()
            ))),
        }
    }

    /// Invites a staff member: an account without a password, and a link to set one (7 days).
    pub async fn invite_staff(
        &self,
        principal: &Principal,
        invitation: &Invitation,
    ) -> AppResult<Account> {
        check_role_provider(invitation.role, invitation.provider.as_ref())
            .map_err(AppError::InvalidState)?;
        self.may_grant(principal, invitation.role, invitation.provider.as_ref())?;
        if let Some(provider) = &invitation.provider {
            self.load_provider(provider).await?;
        }
        let account = Account {
            id: AccountId::parse(&format!("acc-{}", self.random_hex(8)))
                .map_err(AppError::InvalidState)?,
            email: email(&invitation.email)?,
            name: clean_name(&invitation.name)?,
            role: Some(invitation.role),
            provider_id: invitation.provider.clone(),
            email_confirmed_at: None,
            created_at: self.now(),
            disabled_at: None,
        };
        let (link, secret) = self.new_link(LinkPurpose::Invitation, &account, INVITATION_LIFETIME);
        let url = self.link_url("invitation", &secret);
        let role = invitation.role.code();
        let message = self.message(
            &account.email,
            "Uitnodiging voor microcred / Invitation to microcred",
            &format!(
                "{inviter} nodigt je uit als {role}. Kies je wachtwoord (de link werkt 7 dagen): {url}\n\n\
                 {inviter} invites you as {role}. Choose your password (the link works for 7 days): {url}\n",
                inviter = principal.label()
            ),
        )
        .for_account(&account.id);
        let audit = self.audit(
            principal.actor(),
            account.provider_id.as_ref(),
            "staff.invite",
            account.id.as_str(),
            &format!("{} as {role}", account.email),
        );
        let record = AccountRecord {
            account: account.clone(),
            password_hash: None,
        };
        self.store
            .create_account(&record, Some(&link), Some(&message), Some(&audit))
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => {
                    AppError::Conflict(format!("{} has an account already", account.email))
                }
                other => other.into(),
            })?;
        Ok(account)
    }

    /// The accounts `principal` may see: every one for a platform admin (or one provider's
    /// staff), a provider's staff for its admins.
    pub async fn accounts(
        &self,
        principal: &Principal,
        provider: Option<&ProviderId>,
    ) -> AppResult<Vec<Account>> {
        match provider {
            Some(provider) => {
                principal.provider_admin(provider)?;
                Ok(self.store.accounts(Some(provider)).await?)
            }
            None => {
                principal.platform_admin()?;
                Ok(self.store.accounts(None).await?)
            }
        }
    }

    /// Removes a staff member (or closes any account, for a platform admin): no sign-in,
    /// session or API token of it works any more.
    pub async fn disable_account(&self, principal: &Principal, id: &AccountId) -> AppResult<()> {
        let record = self
            .store
            .account(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("account `{id}`")))?;
        let account = record.account;
        if principal.account().is_some_and(|own| own.id == account.id) {
            return Err(AppError::InvalidState(
                "you cannot remove your own account here".to_owned(),
            ));
        }
        if principal.platform_admin().is_err() {
            match (&account.role, &account.provider_id) {
                (Some(Role::ProviderAdmin | Role::Issuer), Some(provider)) => {
                    principal.provider_admin(provider)?;
                }
                _ => {
                    return Err(AppError::Forbidden(
                        "only a platform admin can close this account".to_owned(),
                    ));
                }
            }
        }
        let audit = self.audit(
            principal.actor(),
            account.provider_id.as_ref(),
            "staff.remove",
            account.id.as_str(),
            account.email.as_str(),
        );
        self.store
            .disable_account(id, self.now(), Some(&audit))
            .await
            .map_err(|error| AppError::from_store(error, || format!("active account `{id}`")))
    }
}

impl<S: Store> App<S> {
    /// The latest messages of the outbox, newest first, with their links: for the operator (the
    /// CLI at the machine; the web pages show them only on a demo register, whose messages go
    /// nowhere).
    pub async fn outbox_messages(&self, limit: usize) -> AppResult<Vec<OutboxMessage>> {
        Ok(self.store.outbox(false, limit).await?)
    }

    /// A page of the audit log: a provider's for its admins, every provider's (or one's) for
    /// platform admins; newest first, before `before`.
    pub async fn audit_log(
        &self,
        principal: &Principal,
        provider: Option<&ProviderId>,
        before: Option<(OffsetDateTime, String)>,
        limit: usize,
    ) -> AppResult<Vec<AuditEntry>> {
        match provider {
            Some(provider) => {
                principal.provider_admin(provider)?;
            }
            None => {
                principal.platform_admin()?;
            }
        }
        Ok(self
            .store
            .audit_entries(&store::AuditQuery {
                provider: provider.cloned(),
                before,
                limit: limit.clamp(1, 500),
            })
            .await?)
    }
}

impl<S: Store> App<S> {
    /// Delivers the messages waiting in the outbox by writing them to the log (no SMTP server
    /// is configured): the operator passes links on from there. Returns how many.
    pub async fn deliver_outbox_to_log(&self) -> AppResult<usize> {
        let messages = self.store.outbox(true, 100).await?;
        let mut written = 0;
        for message in &messages {
            if !self.claim_lease("mail", &message.id).await? {
                continue;
            }
            written += 1;
            tracing::info!(
                to = %message.recipient,
                subject = %message.subject,
                body = %message.body,
                "message (no SMTP server configured: written to the log)"
            );
            self.store
                .mark_message(&message.id, Some(self.now()), None)
                .await?;
        }
        Ok(written)
    }
}
