//! `AccountStore` over SQL: accounts, sessions, single-use links, failed sign-ins, the outbox
//! and the audit log. Every write that belongs together is one transaction (an account and
//! the message that confirms it; a password and the end of the account's sessions).

use model::{Account, AccountId, EmailAddress, ProviderId, Role};
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::SqlStore;
use super::rows::*;
use crate::accounts::{
    AccountRecord, AccountStore, AuditEntry, AuditQuery, LinkPurpose, NewLink, OutboxMessage,
};
use crate::{StoreError, StoreResult};

type Transaction = sqlx::Transaction<'static, sqlx::Any>;

pub(super) fn account_from_row(row: &AnyRow) -> StoreResult<AccountRecord> {
    let role: Option<String> = get(row, "role")?;
    let provider: Option<String> = get(row, "provider_id")?;
    let email: String = get(row, "email")?;
    Ok(AccountRecord {
        account: Account {
            id: AccountId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?,
            email: EmailAddress::parse(&email).map_err(StoreError::Corrupt)?,
            name: get(row, "name")?,
            role: role
                .map(|code| {
                    Role::from_code(&code)
                        .ok_or_else(|| StoreError::Corrupt(format!("role `{code}`")))
                })
                .transpose()?,
            provider_id: provider
                .as_deref()
                .map(ProviderId::parse)
                .transpose()
                .map_err(StoreError::Corrupt)?,
            email_confirmed_at: parse_optional_timestamp(get(row, "email_confirmed_at")?)?,
            created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
            disabled_at: parse_optional_timestamp(get(row, "disabled_at")?)?,
        },
        password_hash: get(row, "password_hash")?,
    })
}

fn message_from_row(row: &AnyRow) -> StoreResult<OutboxMessage> {
    let recipient: String = get(row, "recipient")?;
    Ok(OutboxMessage {
        id: get(row, "id")?,
        recipient: EmailAddress::parse(&recipient).map_err(StoreError::Corrupt)?,
        subject: get(row, "subject")?,
        body: get(row, "body")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        sent_at: parse_optional_timestamp(get(row, "sent_at")?)?,
        attempts: u32::try_from(get::<i64>(row, "attempts")?).unwrap_or(u32::MAX),
        last_error: get(row, "last_error")?,
        account_id: get::<Option<String>>(row, "account_id")?
            .as_deref()
            .map(AccountId::parse)
            .transpose()
            .map_err(StoreError::Corrupt)?,
    })
}

fn audit_from_row(row: &AnyRow) -> StoreResult<AuditEntry> {
    let provider: Option<String> = get(row, "provider_id")?;
    Ok(AuditEntry {
        id: get(row, "id")?,
        at: parse_timestamp(&get::<String>(row, "at")?)?,
        actor: get(row, "actor")?,
        actor_label: get(row, "actor_label")?,
        provider_id: provider
            .as_deref()
            .map(ProviderId::parse)
            .transpose()
            .map_err(StoreError::Corrupt)?,
        action: get(row, "action")?,
        subject: get(row, "subject")?,
        detail: get(row, "detail")?,
    })
}

impl SqlStore {
    async fn insert_link(&self, tx: &mut Transaction, link: &NewLink) -> StoreResult<()> {
        sqlx::query("INSERT INTO account_links (id_hash, purpose, account_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(link.id_hash.as_str())
            .bind(link.purpose.code())
            .bind(link.account_id.as_str())
            .bind(link.email.as_str())
            .bind(timestamp(link.created_at))
            .bind(timestamp(link.expires_at))
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn insert_message(
        &self,
        tx: &mut Transaction,
        message: &OutboxMessage,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO outbox (id, recipient, subject, body, created_at, sent_at, attempts, last_error, account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(message.id.as_str())
            .bind(message.recipient.as_str())
            .bind(message.subject.as_str())
            .bind(message.body.as_str())
            .bind(timestamp(message.created_at))
            .bind(message.sent_at.map(timestamp))
            .bind(i64::from(message.attempts))
            .bind(message.last_error.clone())
            .bind(message.account_id.as_ref().map(|id| id.as_str().to_owned()))
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    pub(crate) async fn insert_audit(
        &self,
        tx: &mut Transaction,
        entry: Option<&AuditEntry>,
    ) -> StoreResult<()> {
        let Some(entry) = entry else {
            return Ok(());
        };
        sqlx::query("INSERT INTO audit_log (id, at, actor, actor_label, provider_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(entry.id.as_str())
            .bind(timestamp(entry.at))
            .bind(entry.actor.as_str())
            .bind(entry.actor_label.as_str())
            .bind(entry.provider_id.as_ref().map(|id| id.as_str().to_owned()))
            .bind(entry.action.as_str())
            .bind(entry.subject.as_str())
            .bind(entry.detail.as_str())
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn end_sessions(&self, tx: &mut Transaction, account: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM account_sessions WHERE account_id = $1")
            .bind(account)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        Ok(())
    }
}

impl AccountStore for SqlStore {
    async fn create_account(
        &self,
        record: &AccountRecord,
        link: Option<&NewLink>,
        message: Option<&OutboxMessage>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                self.insert_account(&mut tx, record).await?;
                if let Some(link) = link {
                    self.insert_link(&mut tx, link).await?;
                }
                if let Some(message) = message {
                    self.insert_message(&mut tx, message).await?;
                }
                self.insert_audit(&mut tx, audit).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn account_by_email(&self, email: &EmailAddress) -> StoreResult<AccountRecord> {
        let row = sqlx::query("SELECT * FROM accounts WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        account_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn account(&self, id: &AccountId) -> StoreResult<AccountRecord> {
        let row = sqlx::query("SELECT * FROM accounts WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        account_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn accounts(&self, provider: Option<&ProviderId>) -> StoreResult<Vec<Account>> {
        let rows = match provider {
            Some(provider) => {
                sqlx::query("SELECT * FROM accounts WHERE provider_id = $1 ORDER BY created_at, id")
                    .bind(provider.as_str())
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query("SELECT * FROM accounts ORDER BY created_at, id")
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db)?;
        rows.iter()
            .map(|row| account_from_row(row).map(|record| record.account))
            .collect()
    }

    async fn queue_message(&self, message: &OutboxMessage) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                self.insert_message(&mut tx, message).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn issue_link(&self, link: &NewLink, message: &OutboxMessage) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                self.insert_link(&mut tx, link).await?;
                self.insert_message(&mut tx, message).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn redeem_link(
        &self,
        purpose: LinkPurpose,
        id_hash: &str,
        now: OffsetDateTime,
        password_hash: Option<&str>,
    ) -> StoreResult<Account> {
        retried!(async {
            let mut tx = self.begin().await?;
            let now_text = timestamp(now);
            // Used once: the update that marks it used is the check (two redeemers cannot both
            // see it unused).
            let used = sqlx::query(
                "UPDATE account_links SET used_at = $3 WHERE id_hash = $1 AND purpose = $2 \
                 AND used_at IS NULL AND expires_at > $3",
            )
            .bind(id_hash)
            .bind(purpose.code())
            .bind(now_text.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if used.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            let row = sqlx::query(
                "SELECT a.*, l.email AS link_email FROM account_links l JOIN accounts a ON a.id = l.account_id \
                 WHERE l.id_hash = $1 AND a.disabled_at IS NULL",
            )
            .bind(id_hash)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
            let mut record = account_from_row(&row)?;
            let link_email: String = get(&row, "link_email")?;
            // The link proves the address it was sent to: the wallet reaches what was recorded
            // under it (unless another account proved it first).
            sqlx::query(
                "INSERT INTO account_addresses (email, account_id, confirmed_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (email) DO NOTHING",
            )
            .bind(link_email.as_str())
            .bind(record.account.id.as_str())
            .bind(now_text.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            // It confirms the account's own address, if that is still the one it was sent to.
            if link_email == record.account.email.as_str()
                && record.account.email_confirmed_at.is_none()
            {
                sqlx::query("UPDATE accounts SET email_confirmed_at = $2 WHERE id = $1")
                    .bind(record.account.id.as_str())
                    .bind(now_text.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                record.account.email_confirmed_at = Some(now);
            }
            if let Some(hash) = password_hash {
                sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
                    .bind(record.account.id.as_str())
                    .bind(hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                self.end_sessions(&mut tx, record.account.id.as_str())
                    .await?;
            }
            tx.commit().await.map_err(db)?;
            Ok(record.account)
        }
        .await)
    }

    async fn set_password(
        &self,
        id: &AccountId,
        password_hash: &str,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                let updated = sqlx::query(
                    "UPDATE accounts SET password_hash = $2 WHERE id = $1 AND disabled_at IS NULL",
                )
                .bind(id.as_str())
                .bind(password_hash)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if updated.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                self.end_sessions(&mut tx, id.as_str()).await?;
                self.insert_audit(&mut tx, audit).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn disable_account(
        &self,
        id: &AccountId,
        at: OffsetDateTime,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let updated = sqlx::query(
                "UPDATE accounts SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
            )
            .bind(id.as_str())
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if updated.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            self.end_sessions(&mut tx, id.as_str()).await?;
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL",
            )
            .bind(id.as_str())
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            sqlx::query(
                "DELETE FROM web_sessions WHERE token_id IN (SELECT id FROM api_tokens WHERE account_id = $1)",
            )
            .bind(id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            self.insert_audit(&mut tx, audit).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn insert_account_session(
        &self,
        id_hash: &str,
        account: &AccountId,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        retried!(async {
            sqlx::query("INSERT INTO account_sessions (id_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(id_hash)
                .bind(account.as_str())
                .bind(timestamp(created_at))
                .bind(timestamp(expires_at))
                .execute(&self.pool)
                .await
                .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn find_account_session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Account> {
        let row = sqlx::query(
            "SELECT a.* FROM account_sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL",
        )
        .bind(id_hash)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        Ok(account_from_row(&row)?.account)
    }

    async fn delete_account_session(&self, id_hash: &str) -> StoreResult<()> {
        retried!(
            async {
                sqlx::query("DELETE FROM account_sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
            .await
        )
    }

    async fn sign_in_locked_until(
        &self,
        subject: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<OffsetDateTime>> {
        let row = sqlx::query(
            "SELECT locked_until FROM sign_in_failures WHERE subject = $1 AND locked_until > $2",
        )
        .bind(subject)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        match row {
            Some(row) => Ok(Some(parse_timestamp(&get::<String>(
                &row,
                "locked_until",
            )?)?)),
            None => Ok(None),
        }
    }

    async fn record_sign_in_failure(
        &self,
        subject: &str,
        now: OffsetDateTime,
        window: time::Duration,
        lock: fn(u64) -> Option<time::Duration>,
    ) -> StoreResult<u64> {
        retried!(async {
            let mut tx = self.begin().await?;
            let forgotten = timestamp(now - window);
            // One statement counts, so concurrent failures are all counted.
            sqlx::query(
                "INSERT INTO sign_in_failures (subject, failures, last_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (subject) DO UPDATE SET failures = CASE WHEN sign_in_failures.last_at < $3 \
                 THEN 1 ELSE sign_in_failures.failures + 1 END, last_at = $2",
            )
            .bind(subject)
            .bind(timestamp(now))
            .bind(forgotten.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            let row = sqlx::query("SELECT failures FROM sign_in_failures WHERE subject = $1")
                .bind(subject)
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
            let failures = u64::try_from(get::<i64>(&row, "failures")?).unwrap_or(0);
            if let Some(wait) = lock(failures) {
                sqlx::query("UPDATE sign_in_failures SET locked_until = $2 WHERE subject = $1")
                    .bind(subject)
                    .bind(timestamp(now + wait))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
            tx.commit().await.map_err(db)?;
            Ok(failures)
        }
        .await)
    }

    async fn clear_sign_in_failures(&self, subject: &str) -> StoreResult<()> {
        retried!(
            async {
                sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
                    .bind(subject)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
            .await
        )
    }

    async fn outbox(&self, unsent_only: bool, limit: usize) -> StoreResult<Vec<OutboxMessage>> {
        let sql = if unsent_only {
            "SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1"
        } else {
            "SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1"
        };
        let rows = sqlx::query(sql)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(message_from_row).collect()
    }

    async fn mark_message(
        &self,
        id: &str,
        sent_at: Option<OffsetDateTime>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        retried!(async {
            sqlx::query(
                "UPDATE outbox SET sent_at = $2, last_error = $3, attempts = attempts + 1 WHERE id = $1",
            )
            .bind(id)
            .bind(sent_at.map(timestamp))
            .bind(error.map(str::to_owned))
            .execute(&self.pool)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn append_audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                self.insert_audit(&mut tx, Some(entry)).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn audit_entries(&self, query: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        let mut conditions = Vec::new();
        let mut values: Vec<String> = Vec::new();
        if let Some(provider) = &query.provider {
            values.push(provider.as_str().to_owned());
            conditions.push(format!("provider_id = ${}", values.len()));
        }
        if let Some((at, id)) = &query.before {
            values.push(timestamp(*at));
            values.push(id.clone());
            conditions.push(format!(
                "(at < ${0} OR (at = ${0} AND id < ${1}))",
                values.len() - 1,
                values.len()
            ));
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT * FROM audit_log{filter} ORDER BY at DESC, id DESC LIMIT {}",
            query.limit.clamp(1, 1000)
        );
        let rows = super::catalogue_sync::fetch(&self.pool, sql, &values).await?;
        rows.iter().map(audit_from_row).collect()
    }
}

impl SqlStore {
    /// Inserts an account row (account creation in every form).
    pub(super) async fn insert_account(
        &self,
        tx: &mut Transaction,
        record: &AccountRecord,
    ) -> StoreResult<()> {
        let account = &record.account;
        sqlx::query("INSERT INTO accounts (id, email, name, role, provider_id, password_hash, email_confirmed_at, created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(account.id.as_str())
            .bind(account.email.as_str())
            .bind(account.name.as_str())
            .bind(account.role.map(|role| role.code()))
            .bind(account.provider_id.as_ref().map(|id| id.as_str().to_owned()))
            .bind(record.password_hash.clone())
            .bind(account.email_confirmed_at.map(timestamp))
            .bind(timestamp(account.created_at))
            .bind(account.disabled_at.map(timestamp))
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        Ok(())
    }
}
