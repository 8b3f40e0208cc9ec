//! `ShareStore` over SQL: share links, what each shows, and when it was opened.

use model::{AccountId, CredentialId};
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::SqlStore;
use super::rows::*;
use super::wallet::account_id;
use crate::accounts::AuditEntry;
use crate::wallet::{ShareLink, ShareStore, SharedItem};
use crate::{StoreError, StoreResult};

fn share_from_row(row: &AnyRow) -> StoreResult<ShareLink> {
    let limit: Option<i64> = get(row, "view_limit")?;
    Ok(ShareLink {
        id: get(row, "id")?,
        account_id: account_id(&get::<String>(row, "account_id")?)?,
        name: get(row, "name")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        expires_at: parse_timestamp(&get::<String>(row, "expires_at")?)?,
        view_limit: limit.map(|limit| small(limit, "view limit")).transpose()?,
        views: small(get(row, "views")?, "views")?,
        revoked_at: parse_optional_timestamp(get(row, "revoked_at")?)?,
        items: Vec::new(),
    })
}

impl SqlStore {
    async fn share_items(&self, links: &mut [ShareLink]) -> StoreResult<()> {
        for link in links {
            let rows = sqlx::query(
                "SELECT kind, credential_id FROM share_link_items WHERE share_id = $1 ORDER BY position",
            )
            .bind(link.id.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
            link.items = rows
                .iter()
                .map(|row| {
                    let id: String = get(row, "credential_id")?;
                    match get::<String>(row, "kind")?.as_str() {
                        "issued" => Ok(SharedItem::Issued(parse_id(&id, CredentialId::parse)?)),
                        _ => Ok(SharedItem::Imported(id)),
                    }
                })
                .collect::<StoreResult<_>>()?;
        }
        Ok(())
    }
}

impl ShareStore for SqlStore {
    async fn insert_share_link(
        &self,
        link: &ShareLink,
        token_hash: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            sqlx::query(
                "INSERT INTO share_links (id, account_id, token_hash, name, created_at, expires_at, view_limit, views) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
            )
            .bind(link.id.as_str())
            .bind(link.account_id.as_str())
            .bind(token_hash)
            .bind(link.name.as_str())
            .bind(timestamp(link.created_at))
            .bind(timestamp(link.expires_at))
            .bind(link.view_limit.map(i64::from))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            for (position, item) in link.items.iter().enumerate() {
                let (kind, id) = match item {
                    SharedItem::Issued(id) => ("issued", id.as_str()),
                    SharedItem::Imported(id) => ("imported", id.as_str()),
                };
                sqlx::query(
                    "INSERT INTO share_link_items (share_id, position, kind, credential_id) VALUES ($1, $2, $3, $4)",
                )
                .bind(link.id.as_str())
                .bind(int(position))
                .bind(kind)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn share_links(&self, account: &AccountId) -> StoreResult<Vec<ShareLink>> {
        let rows = sqlx::query(
            "SELECT * FROM share_links WHERE account_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(account.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut links = rows
            .iter()
            .map(share_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        self.share_items(&mut links).await?;
        Ok(links)
    }

    async fn share_link_views(
        &self,
        account: &AccountId,
        id: &str,
    ) -> StoreResult<Vec<OffsetDateTime>> {
        let owned = sqlx::query("SELECT id FROM share_links WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        if owned.is_none() {
            return Err(StoreError::NotFound);
        }
        let rows = sqlx::query(
            "SELECT opened_at FROM share_link_views WHERE share_id = $1 ORDER BY opened_at DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| parse_timestamp(&get::<String>(row, "opened_at")?))
            .collect()
    }

    async fn revoke_share_link(
        &self,
        account: &AccountId,
        id: &str,
        at: OffsetDateTime,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let updated = sqlx::query(
                "UPDATE share_links SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(account.as_str())
            .bind(timestamp(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if updated.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn share_link_live(&self, token_hash: &str, now: OffsetDateTime) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT id FROM share_links WHERE token_hash = $1 AND revoked_at IS NULL \
             AND expires_at > $2 AND (view_limit IS NULL OR views < view_limit)",
        )
        .bind(token_hash)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(row.is_some())
    }

    async fn open_share_link(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<ShareLink> {
        let link = retried!(async {
            let mut tx = self.begin().await?;
            let now_text = timestamp(now);
            // The update is the check: two openings of a link with one view left cannot both count.
            let opened = sqlx::query(
                "UPDATE share_links SET views = views + 1 WHERE token_hash = $1 AND revoked_at IS NULL \
                 AND expires_at > $2 AND (view_limit IS NULL OR views < view_limit)",
            )
            .bind(token_hash)
            .bind(now_text.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if opened.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            let row = sqlx::query("SELECT * FROM share_links WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
            let link = share_from_row(&row)?;
            sqlx::query("INSERT INTO share_link_views (share_id, opened_at) VALUES ($1, $2)")
                .bind(link.id.as_str())
                .bind(now_text.as_str())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            tx.commit().await.map_err(db)?;
            Ok(link)
        }
        .await)?;
        // Read after the commit, outside the retried transaction: a retry never counts a view twice.
        let mut links = [link];
        self.share_items(&mut links).await?;
        let [link] = links;
        Ok(link)
    }
}
