//! `WalletStore` over SQL. A wallet is read at the time from the addresses and student numbers
//! an account has proven, so records an issuer makes later appear without a copy.

use model::{AccountId, EmailAddress, Enrolment, ProviderId};
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::SqlStore;
use super::rows::*;
use crate::accounts::AuditEntry;
use crate::wallet::{ImportedCredential, LearnerKeyRecord, StudentNumberClaim, WalletStore};
use crate::{StoreError, StoreResult};

pub(super) fn account_id(text: &str) -> StoreResult<AccountId> {
    AccountId::parse(text).map_err(StoreError::Corrupt)
}

fn claim_from_row(row: &AnyRow) -> StoreResult<StudentNumberClaim> {
    Ok(StudentNumberClaim {
        id: get(row, "id")?,
        account_id: account_id(&get::<String>(row, "account_id")?)?,
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        student_number: get(row, "student_number")?,
        requested_at: parse_timestamp(&get::<String>(row, "requested_at")?)?,
        confirmed_at: parse_optional_timestamp(get(row, "confirmed_at")?)?,
        confirmed_by: get(row, "confirmed_by")?,
    })
}

fn imported_from_row(row: &AnyRow) -> StoreResult<ImportedCredential> {
    Ok(ImportedCredential {
        id: get(row, "id")?,
        account_id: account_id(&get::<String>(row, "account_id")?)?,
        document: from_json(&get::<String>(row, "document")?)?,
        report: from_json(&get::<String>(row, "report")?)?,
        verified: get::<i64>(row, "verified")? != 0,
        title: get(row, "title")?,
        issuer: get(row, "issuer")?,
        imported_at: parse_timestamp(&get::<String>(row, "imported_at")?)?,
    })
}

/// The enrolments an account's proven addresses and confirmed student numbers reach.
const WALLET_ENROLMENTS: &str = "SELECT * FROM enrolments WHERE id IN (\
     SELECT e.id FROM account_addresses a \
     JOIN enrolments e ON e.learner_email = a.email WHERE a.account_id = $1 \
     UNION SELECT e.id FROM account_student_numbers s \
     JOIN enrolments e ON e.provider_id = s.provider_id AND e.learner_student = s.student_number \
     WHERE s.account_id = $1 AND s.confirmed_at IS NOT NULL) \
     ORDER BY enrolled_on DESC, id";

impl SqlStore {
    async fn delete_where_account(
        &self,
        tx: &mut Transaction,
        statements: &[&'static str],
        account: &AccountId,
    ) -> StoreResult<()> {
        for statement in statements {
            sqlx::query(*statement)
                .bind(account.as_str())
                .execute(&mut **tx)
                .await
                .map_err(db)?;
        }
        Ok(())
    }
}

impl WalletStore for SqlStore {
    async fn account_addresses(
        &self,
        account: &AccountId,
    ) -> StoreResult<Vec<(EmailAddress, OffsetDateTime)>> {
        let rows = sqlx::query(
            "SELECT email, confirmed_at FROM account_addresses WHERE account_id = $1 ORDER BY confirmed_at, email",
        )
        .bind(account.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok((
                    EmailAddress::parse(&get::<String>(row, "email")?)
                        .map_err(StoreError::Corrupt)?,
                    parse_timestamp(&get::<String>(row, "confirmed_at")?)?,
                ))
            })
            .collect()
    }

    async fn remove_account_address(
        &self,
        account: &AccountId,
        email: &EmailAddress,
    ) -> StoreResult<()> {
        retried!(
            async {
                let removed = sqlx::query(
                    "DELETE FROM account_addresses WHERE account_id = $1 AND email = $2 \
                 AND email <> (SELECT email FROM accounts WHERE id = $1)",
                )
                .bind(account.as_str())
                .bind(email.as_str())
                .execute(&self.pool)
                .await
                .map_err(db)?;
                if removed.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(StoreError::NotFound)
                }
            }
            .await
        )
    }

    async fn request_student_number(&self, claim: &StudentNumberClaim) -> StoreResult<()> {
        retried!(async {
            sqlx::query(
                "INSERT INTO account_student_numbers (id, account_id, provider_id, student_number, requested_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(claim.id.as_str())
            .bind(claim.account_id.as_str())
            .bind(claim.provider_id.as_str())
            .bind(claim.student_number.as_str())
            .bind(timestamp(claim.requested_at))
            .execute(&self.pool)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn student_numbers(
        &self,
        account: Option<&AccountId>,
        provider: Option<&ProviderId>,
        pending_only: bool,
    ) -> StoreResult<Vec<StudentNumberClaim>> {
        let rows = sqlx::query(
            "SELECT * FROM account_student_numbers WHERE ($1 IS NULL OR account_id = $1) \
             AND ($2 IS NULL OR provider_id = $2) AND ($3 = 0 OR confirmed_at IS NULL) \
             ORDER BY requested_at, id",
        )
        .bind(account.map(|id| id.as_str().to_owned()))
        .bind(provider.map(|id| id.as_str().to_owned()))
        .bind(i64::from(pending_only))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(claim_from_row).collect()
    }

    async fn confirm_student_number(
        &self,
        provider: &ProviderId,
        id: &str,
        at: OffsetDateTime,
        by: &str,
        audit: &AuditEntry,
    ) -> StoreResult<StudentNumberClaim> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                let updated = sqlx::query(
                    "UPDATE account_student_numbers SET confirmed_at = $3, confirmed_by = $4 \
                 WHERE id = $1 AND provider_id = $2 AND confirmed_at IS NULL",
                )
                .bind(id)
                .bind(provider.as_str())
                .bind(timestamp(at))
                .bind(by)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if updated.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                let row = sqlx::query("SELECT * FROM account_student_numbers WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
                self.insert_audit(&mut tx, Some(audit)).await?;
                tx.commit().await.map_err(db)?;
                claim_from_row(&row)
            }
            .await
        )
    }

    async fn remove_student_number(
        &self,
        account: Option<&AccountId>,
        provider: Option<&ProviderId>,
        id: &str,
    ) -> StoreResult<()> {
        retried!(
            async {
                let removed = sqlx::query(
                    "DELETE FROM account_student_numbers WHERE id = $1 \
                 AND ($2 IS NULL OR account_id = $2) AND ($3 IS NULL OR provider_id = $3)",
                )
                .bind(id)
                .bind(account.map(|id| id.as_str().to_owned()))
                .bind(provider.map(|id| id.as_str().to_owned()))
                .execute(&self.pool)
                .await
                .map_err(db)?;
                if removed.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(StoreError::NotFound)
                }
            }
            .await
        )
    }

    async fn wallet_enrolments(&self, account: &AccountId) -> StoreResult<Vec<Enrolment>> {
        let rows = sqlx::query(WALLET_ENROLMENTS)
            .bind(account.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(enrolment_from_row).collect()
    }

    async fn learner_key(&self, account: &AccountId) -> StoreResult<Option<LearnerKeyRecord>> {
        let row = sqlx::query("SELECT * FROM learner_keys WHERE account_id = $1")
            .bind(account.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|row| {
            Ok(LearnerKeyRecord {
                account_id: account.clone(),
                did: get(&row, "did")?,
                sealed_key: get(&row, "sealed_key")?,
                created_at: parse_timestamp(&get::<String>(&row, "created_at")?)?,
            })
        })
        .transpose()
    }

    async fn sealed_learner_keys(&self) -> StoreResult<Vec<LearnerKeyRecord>> {
        let rows = sqlx::query(
            "SELECT * FROM learner_keys WHERE sealed_key IS NOT NULL ORDER BY account_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(LearnerKeyRecord {
                    account_id: account_id(&get::<String>(row, "account_id")?)?,
                    did: get(row, "did")?,
                    sealed_key: get(row, "sealed_key")?,
                    created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
                })
            })
            .collect()
    }

    async fn learner_dids(
        &self,
        enrolments: &[model::EnrolmentId],
    ) -> StoreResult<Vec<(model::EnrolmentId, String)>> {
        let mut found = Vec::new();
        for chunk in enrolments.chunks(400) {
            let list = placeholders(1, chunk.len());
            let sql = format!(
                "SELECT e.id AS enrolment_id, k.did FROM enrolments e \
                 JOIN account_addresses a ON a.email = e.learner_email \
                 JOIN learner_keys k ON k.account_id = a.account_id WHERE e.id IN ({list}) \
                 UNION SELECT e.id AS enrolment_id, k.did FROM enrolments e \
                 JOIN account_student_numbers s ON s.provider_id = e.provider_id \
                 AND s.student_number = e.learner_student AND s.confirmed_at IS NOT NULL \
                 JOIN learner_keys k ON k.account_id = s.account_id WHERE e.id IN ({list})"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pool).await.map_err(db)? {
                found.push((
                    parse_id(
                        &get::<String>(&row, "enrolment_id")?,
                        model::EnrolmentId::parse,
                    )?,
                    get(&row, "did")?,
                ));
            }
        }
        Ok(found)
    }

    async fn put_learner_key(&self, record: &LearnerKeyRecord) -> StoreResult<()> {
        retried!(async {
            // One statement: as a delete then an insert, two puts at once on PostgreSQL both found
            // nothing to delete and the second insert failed on the key instead of replacing.
            sqlx::query(
                "INSERT INTO learner_keys (account_id, did, sealed_key, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (account_id) DO UPDATE SET did = excluded.did, \
                 sealed_key = excluded.sealed_key, created_at = excluded.created_at",
            )
            .bind(record.account_id.as_str())
            .bind(record.did.as_str())
            .bind(record.sealed_key.clone())
            .bind(timestamp(record.created_at))
            .execute(&self.pool)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn insert_imported_credential(&self, credential: &ImportedCredential) -> StoreResult<()> {
        retried!(async {
            sqlx::query(
                "INSERT INTO imported_credentials (id, account_id, document, report, verified, title, issuer, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(credential.id.as_str())
            .bind(credential.account_id.as_str())
            .bind(to_json(&credential.document)?)
            .bind(to_json(&credential.report)?)
            .bind(i64::from(credential.verified))
            .bind(credential.title.as_str())
            .bind(credential.issuer.as_str())
            .bind(timestamp(credential.imported_at))
            .execute(&self.pool)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn imported_credentials(
        &self,
        account: &AccountId,
    ) -> StoreResult<Vec<ImportedCredential>> {
        let rows = sqlx::query(
            "SELECT * FROM imported_credentials WHERE account_id = $1 ORDER BY imported_at DESC, id",
        )
        .bind(account.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(imported_from_row).collect()
    }

    async fn delete_imported_credential(&self, account: &AccountId, id: &str) -> StoreResult<()> {
        retried!(
            async {
                let removed = sqlx::query(
                    "DELETE FROM imported_credentials WHERE id = $1 AND account_id = $2",
                )
                .bind(id)
                .bind(account.as_str())
                .execute(&self.pool)
                .await
                .map_err(db)?;
                if removed.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(StoreError::NotFound)
                }
            }
            .await
        )
    }

    async fn erase_account(
        &self,
        account: &AccountId,
        at: OffsetDateTime,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            // The messages to the account's addresses, sent or not, hold an address. The outbox
            // knows only recipients, and a link can be asked for to any address: the mail of an
            // address another account signs in with or proved is that account's too, and stays.
            sqlx::query("DELETE FROM outbox WHERE account_id = $1")
                .bind(account.as_str())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            sqlx::query(
                "DELETE FROM outbox WHERE (recipient IN (SELECT email FROM account_addresses WHERE account_id = $1) \
                 OR recipient = (SELECT email FROM accounts WHERE id = $1) \
                 OR recipient IN (SELECT email FROM account_links WHERE account_id = $1)) \
                 AND recipient NOT IN (SELECT email FROM accounts WHERE id <> $1) \
                 AND recipient NOT IN (SELECT email FROM account_addresses WHERE account_id <> $1)",
            )
            .bind(account.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            // The waits after failed sign-ins are kept per address.
            sqlx::query(
                "DELETE FROM sign_in_failures WHERE subject = 'email:' || (SELECT email FROM accounts WHERE id = $1)",
            )
            .bind(account.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            let erased = sqlx::query(
                "UPDATE accounts SET email = $2, name = '', password_hash = NULL, \
                 email_confirmed_at = NULL, disabled_at = COALESCE(disabled_at, $3), erased_at = $3 \
                 WHERE id = $1 AND erased_at IS NULL",
            )
            .bind(account.as_str())
            .bind(format!("erased-{}@erased.invalid", account.as_str()))
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if erased.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL",
            )
            .bind(account.as_str())
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            self.delete_where_account(
                &mut tx,
                &[
                    "DELETE FROM share_link_views WHERE share_id IN (SELECT id FROM share_links WHERE account_id = $1)",
                    "DELETE FROM share_link_items WHERE share_id IN (SELECT id FROM share_links WHERE account_id = $1)",
                    "DELETE FROM share_links WHERE account_id = $1",
                    "DELETE FROM imported_credentials WHERE account_id = $1",
                    "DELETE FROM learner_keys WHERE account_id = $1",
                    "DELETE FROM account_student_numbers WHERE account_id = $1",
                    "DELETE FROM account_addresses WHERE account_id = $1",
                    "DELETE FROM account_sessions WHERE account_id = $1",
                    "DELETE FROM account_links WHERE account_id = $1",
                    "DELETE FROM account_identities WHERE account_id = $1",
                    // Feedback stays in the counts, without who gave it or their words.
                    "UPDATE offering_feedback SET account_id = NULL, comment = '' WHERE account_id = $1",
                    "DELETE FROM oidc_logins WHERE link_account_id = $1",
                    // Recognition requests carry the credential sent; a pathway award not yet made
                    // goes; one made stays (its credential does), without the name.
                    "DELETE FROM recognition_requests WHERE account_id = $1",
                    "DELETE FROM vci_tokens WHERE offer_id IN (SELECT id FROM vci_offers WHERE account_id = $1)",
                    "DELETE FROM vci_deliveries WHERE offer_id IN (SELECT id FROM vci_offers WHERE account_id = $1)",
                    "DELETE FROM vci_offers WHERE account_id = $1",
                    "DELETE FROM pathway_awards WHERE account_id = $1 AND credential_id IS NULL",
                    "UPDATE pathway_awards SET learner_name = '' WHERE account_id = $1",
                    "DELETE FROM web_sessions WHERE token_id IN (SELECT id FROM api_tokens WHERE account_id = $1)",
                ],
                account,
            )
            .await?;
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }
}
