//! `VciStore` over SQL.

use model::{AccountId, CredentialId};
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::SqlStore;
use super::rows::*;
use crate::accounts::AuditEntry;
use crate::vci::{VciOffer, VciStore, VciToken, VpRequest, VpStore, WalletAuthorization};
use crate::{StoreError, StoreResult};

fn offer_from_row(row: &AnyRow) -> StoreResult<VciOffer> {
    Ok(VciOffer {
        id: get(row, "id")?,
        credential_id: CredentialId::parse(&get::<String>(row, "credential_id")?)
            .map_err(StoreError::Corrupt)?,
        account_id: get::<Option<String>>(row, "account_id")?
            .map(|id| AccountId::parse(&id).map_err(StoreError::Corrupt))
            .transpose()?,
        code_hash: get(row, "code_hash")?,
        document: get(row, "document")?,
        tx_code_hash: get(row, "tx_code_hash")?,
        tx_attempts: u32::try_from(get::<i64>(row, "tx_attempts")?).unwrap_or(u32::MAX),
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        expires_at: parse_timestamp(&get::<String>(row, "expires_at")?)?,
        used_at: parse_optional_timestamp(get(row, "used_at")?)?,
        authorization: match (
            get::<Option<String>>(row, "client_id")?,
            get::<Option<String>>(row, "redirect_uri")?,
            get::<Option<String>>(row, "code_challenge")?,
        ) {
            (Some(client_id), Some(redirect_uri), Some(code_challenge)) => {
                Some(WalletAuthorization {
                    client_id,
                    redirect_uri,
                    code_challenge,
                })
            }
            _ => None,
        },
    })
}

impl SqlStore {
    async fn offer_where(&self, column: &str, value: &str) -> StoreResult<Option<VciOffer>> {
        let sql = format!("SELECT * FROM vci_offers WHERE {column} = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(offer_from_row).transpose()
    }
}

impl VciStore for SqlStore {
    async fn insert_offer(&self, offer: &VciOffer, audit: &AuditEntry) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            sqlx::query(
                "INSERT INTO vci_offers (id, credential_id, account_id, code_hash, document, tx_code_hash, tx_attempts, created_at, expires_at, used_at, client_id, redirect_uri, code_challenge) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(offer.id.as_str())
            .bind(offer.credential_id.as_str())
            .bind(offer.account_id.as_ref().map(|id| id.as_str().to_owned()))
            .bind(offer.code_hash.as_str())
            .bind(offer.document.as_str())
            .bind(offer.tx_code_hash.clone())
            .bind(i64::from(offer.tx_attempts))
            .bind(timestamp(offer.created_at))
            .bind(timestamp(offer.expires_at))
            .bind(offer.used_at.map(timestamp))
            .bind(offer.authorization.as_ref().map(|a| a.client_id.clone()))
            .bind(offer.authorization.as_ref().map(|a| a.redirect_uri.clone()))
            .bind(offer.authorization.as_ref().map(|a| a.code_challenge.clone()))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            // An expired offer's document (which carries its code) is of no use any more.
            sqlx::query(
                "UPDATE vci_offers SET document = '' WHERE expires_at <= $1 AND document <> ''",
            )
            .bind(timestamp(offer.created_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn offer(&self, id: &str) -> StoreResult<Option<VciOffer>> {
        self.offer_where("id", id).await
    }

    async fn offer_by_code(&self, code_hash: &str) -> StoreResult<Option<VciOffer>> {
        self.offer_where("code_hash", code_hash).await
    }

    async fn fail_tx_code(&self, offer: &str, limit: u32, at: OffsetDateTime) -> StoreResult<u32> {
        retried!(async {
            let mut tx = self.begin().await?;
            sqlx::query(
                "UPDATE vci_offers SET tx_attempts = tx_attempts + 1, \
                 used_at = CASE WHEN tx_attempts + 1 >= $2 THEN COALESCE(used_at, $3) ELSE used_at END \
                 WHERE id = $1",
            )
            .bind(offer)
            .bind(i64::from(limit))
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            let attempts: i64 = sqlx::query_scalar("SELECT tx_attempts FROM vci_offers WHERE id = $1")
                .bind(offer)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?
                .ok_or(StoreError::NotFound)?;
            tx.commit().await.map_err(db)?;
            Ok(u32::try_from(attempts).unwrap_or(u32::MAX))
        }
        .await)
    }

    async fn redeem_offer(
        &self,
        offer: &str,
        at: OffsetDateTime,
        token: &VciToken,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let taken = sqlx::query(
                "UPDATE vci_offers SET used_at = $2, document = '' WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(offer)
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if taken.rows_affected() != 1 {
                return Err(StoreError::Conflict(
                    "the pre-authorized code was used or has expired".to_owned(),
                ));
            }
            sqlx::query(
                "INSERT INTO vci_tokens (token_hash, offer_id, credential_id, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token.token_hash.as_str())
            .bind(token.offer_id.as_str())
            .bind(token.credential_id.as_str())
            .bind(timestamp(token.expires_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn access_token(&self, token_hash: &str) -> StoreResult<Option<VciToken>> {
        let row = sqlx::query("SELECT * FROM vci_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|row| {
            Ok(VciToken {
                token_hash: get(&row, "token_hash")?,
                offer_id: get(&row, "offer_id")?,
                credential_id: CredentialId::parse(&get::<String>(&row, "credential_id")?)
                    .map_err(StoreError::Corrupt)?,
                expires_at: parse_timestamp(&get::<String>(&row, "expires_at")?)?,
            })
        })
        .transpose()
    }

    async fn spend_access_token(
        &self,
        token_hash: &str,
        configuration: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        retried!(async {
            let mut tx = self.begin().await?;
            let offer: Option<String> = sqlx::query_scalar(
                "SELECT offer_id FROM vci_tokens WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(timestamp(at))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
            let Some(offer) = offer else {
                return Ok(false);
            };
            let delivered = sqlx::query(
                "INSERT INTO vci_deliveries (offer_id, configuration, delivered_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (offer_id, configuration) DO NOTHING",
            )
            .bind(offer.as_str())
            .bind(configuration)
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            tx.commit().await.map_err(db)?;
            Ok(delivered.rows_affected() == 1)
        }
        .await)
    }

    async fn insert_nonce(&self, nonce_hash: &str, expires_at: OffsetDateTime) -> StoreResult<()> {
        retried!(
            async {
                sqlx::query("INSERT INTO vci_nonces (nonce_hash, expires_at) VALUES ($1, $2)")
                    .bind(nonce_hash)
                    .bind(timestamp(expires_at))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
            .await
        )
    }

    async fn take_nonce(&self, nonce_hash: &str, at: OffsetDateTime) -> StoreResult<bool> {
        retried!(
            async {
                // Expired nonces go with every take; the one asked for only if still live.
                let live =
                    sqlx::query("DELETE FROM vci_nonces WHERE nonce_hash = $1 AND expires_at > $2")
                        .bind(nonce_hash)
                        .bind(timestamp(at))
                        .execute(&self.pool)
                        .await
                        .map_err(db)?;
                sqlx::query("DELETE FROM vci_nonces WHERE expires_at <= $1")
                    .bind(timestamp(at))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(live.rows_affected() == 1)
            }
            .await
        )
    }
}

fn vp_request_from_row(row: &AnyRow) -> StoreResult<VpRequest> {
    Ok(VpRequest {
        id: get(row, "id")?,
        view_hash: get(row, "view_hash")?,
        nonce: get(row, "nonce")?,
        state: get(row, "state")?,
        query: get(row, "query")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        expires_at: parse_timestamp(&get::<String>(row, "expires_at")?)?,
        responded_at: parse_optional_timestamp(get(row, "responded_at")?)?,
        result: get(row, "result")?,
    })
}

impl SqlStore {
    async fn vp_request_where(&self, column: &str, value: &str) -> StoreResult<Option<VpRequest>> {
        let sql = format!("SELECT * FROM vp_requests WHERE {column} = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(vp_request_from_row).transpose()
    }
}

impl VpStore for SqlStore {
    async fn insert_vp_request(
        &self,
        request: &VpRequest,
        purge_before: OffsetDateTime,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            sqlx::query("DELETE FROM vp_requests WHERE expires_at <= $1")
                .bind(timestamp(purge_before))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            sqlx::query(
                "INSERT INTO vp_requests (id, view_hash, nonce, state, query, created_at, expires_at, responded_at, result) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL)",
            )
            .bind(request.id.as_str())
            .bind(request.view_hash.as_str())
            .bind(request.nonce.as_str())
            .bind(request.state.as_str())
            .bind(request.query.as_str())
            .bind(timestamp(request.created_at))
            .bind(timestamp(request.expires_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn vp_request(&self, id: &str) -> StoreResult<Option<VpRequest>> {
        self.vp_request_where("id", id).await
    }

    async fn vp_request_by_view(&self, view_hash: &str) -> StoreResult<Option<VpRequest>> {
        self.vp_request_where("view_hash", view_hash).await
    }

    async fn answer_vp_request(
        &self,
        id: &str,
        at: OffsetDateTime,
        result: &str,
        closing: bool,
    ) -> StoreResult<bool> {
        retried!(
            async {
                let answered = sqlx::query(
                    "UPDATE vp_requests SET responded_at = $3, result = $4 \
                 WHERE id = $1 AND responded_at IS NULL AND expires_at > $2",
                )
                .bind(id)
                .bind(timestamp(at))
                .bind(closing.then(|| timestamp(at)))
                .bind(result)
                .execute(&self.pool)
                .await
                .map_err(db)?;
                Ok(answered.rows_affected() == 1)
            }
            .await
        )
    }
}
