//! What the people side stores: accounts, their browser sessions, the single-use links sent to
//! them, failed sign-ins, the outbox of messages and the audit log. Secrets arrive hashed.

use std::future::Future;

use model::{Account, AccountId, EmailAddress, ProviderId};
use time::OffsetDateTime;

use crate::StoreResult;

/// An account with its password hash (an Argon2id PHC string; `None` until an invitation is
/// accepted).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecord {
    pub account: Account,
    pub password_hash: Option<String>,
}

/// What a single-use link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Proves the account's address.
    ConfirmEmail,
    /// Sets a new password (and proves the address).
    ResetPassword,
    /// A staff member's first password (and proves the address).
    Invitation,
}

impl LinkPurpose {
    pub fn code(self) -> &'static str {
        match self {
            LinkPurpose::ConfirmEmail => "confirm_email",
            LinkPurpose::ResetPassword => "reset_password",
            LinkPurpose::Invitation => "invitation",
        }
    }
}

/// A single-use link, as stored: the hash of its secret.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLink {
    pub id_hash: String,
    pub purpose: LinkPurpose,
    pub account_id: AccountId,
    pub email: EmailAddress,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    pub id: String,
    pub recipient: EmailAddress,
    pub subject: String,
    pub body: String,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub attempts: u32,
    pub last_error: Option<String>,
    /// The account it was written for (erasing the account deletes it).
    pub account_id: Option<AccountId>,
}

impl OutboxMessage {
    /// Marks the message as written for `account` (erasing the account deletes it).
    pub fn for_account(mut self, account: &AccountId) -> OutboxMessage {
        self.account_id = Some(account.clone());
        self
    }
}

/// One line of the audit log: who (`actor`: an account id, a token id or `operator`) did
/// `action` to `subject`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: String,
    pub at: OffsetDateTime,
    pub actor: String,
    pub actor_label: String,
    pub provider_id: Option<ProviderId>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// A page of the audit log: one provider's or everyone's, newest first, before a cursor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditQuery {
    pub provider: Option<ProviderId>,
    /// The `(at, id)` of the last entry of the previous page.
    pub before: Option<(OffsetDateTime, String)>,
    pub limit: usize,
}

pub trait AccountStore {
    /// Stores a new account, with what its creation sends and records, in one transaction
    /// (`Conflict` when the address has an account).
    fn create_account(
        &self,
        record: &AccountRecord,
        link: Option<&NewLink>,
        message: Option<&OutboxMessage>,
        audit: Option<&AuditEntry>,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn account_by_email(
        &self,
        email: &EmailAddress,
    ) -> impl Future<Output = StoreResult<AccountRecord>> + Send;
    fn account(&self, id: &AccountId) -> impl Future<Output = StoreResult<AccountRecord>> + Send;
    /// Every account, or a provider's staff, oldest first.
    fn accounts(
        &self,
        provider: Option<&ProviderId>,
    ) -> impl Future<Output = StoreResult<Vec<Account>>> + Send;
    /// Queues a message on its own.
    fn queue_message(
        &self,
        message: &OutboxMessage,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Stores a link and the message that carries it, in one transaction.
    fn issue_link(
        &self,
        link: &NewLink,
        message: &OutboxMessage,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Uses a live link of `purpose` once, in one transaction: marks it used, proves its
    /// address, and with `password_hash` sets the password and ends every session of the
    /// account. `NotFound` for an unknown, used, expired or other-purpose link, or a disabled
    /// account.
    fn redeem_link(
        &self,
        purpose: LinkPurpose,
        id_hash: &str,
        now: OffsetDateTime,
        password_hash: Option<&str>,
    ) -> impl Future<Output = StoreResult<Account>> + Send;
    /// Sets the password of an account and ends its sessions.
    fn set_password(
        &self,
        id: &AccountId,
        password_hash: &str,
        audit: Option<&AuditEntry>,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Disables an account: its sessions end and its API tokens are revoked.
    fn disable_account(
        &self,
        id: &AccountId,
        at: OffsetDateTime,
        audit: Option<&AuditEntry>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    fn insert_account_session(
        &self,
        id_hash: &str,
        account: &AccountId,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The account of a live session (`NotFound` when expired, ended or the account disabled).
    fn find_account_session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<Account>> + Send;
    fn delete_account_session(&self, id_hash: &str)
    -> impl Future<Output = StoreResult<()>> + Send;

    /// When `subject` (an account or an address) may try to sign in again, if it must wait.
    fn sign_in_locked_until(
        &self,
        subject: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<Option<OffsetDateTime>>> + Send;
    /// Counts a failed sign-in of `subject` (failures older than `window` forgotten) and locks
    /// it until `lock(failures)` after `now` when that says so; returns the failures counted.
    fn record_sign_in_failure(
        &self,
        subject: &str,
        now: OffsetDateTime,
        window: time::Duration,
        lock: fn(u64) -> Option<time::Duration>,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    fn clear_sign_in_failures(&self, subject: &str)
    -> impl Future<Output = StoreResult<()>> + Send;

    /// With `unsent_only`, the messages not sent yet, oldest first; otherwise the latest
    /// messages, newest first.
    fn outbox(
        &self,
        unsent_only: bool,
        limit: usize,
    ) -> impl Future<Output = StoreResult<Vec<OutboxMessage>>> + Send;
    /// Records an attempt to send a message: sent (at), or the error.
    fn mark_message(
        &self,
        id: &str,
        sent_at: Option<OffsetDateTime>,
        error: Option<&str>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    fn append_audit(&self, entry: &AuditEntry) -> impl Future<Output = StoreResult<()>> + Send;
    fn audit_entries(
        &self,
        query: &AuditQuery,
    ) -> impl Future<Output = StoreResult<Vec<AuditEntry>>> + Send;
}
