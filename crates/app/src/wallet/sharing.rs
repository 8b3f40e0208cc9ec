//! Share links: a learner shows chosen credentials to someone through `/s/{token}` — a name,
//! an expiry, an optional view limit, a log of openings (the time, nothing about the visitor),
//! revocable at any moment. The token is 256 random bits, stored hashed; an unknown, expired,
//! used-up or revoked token is one and the same "not found".

use serde::{Deserialize, Serialize};
use store::{ShareLink, SharedItem, Store};
use time::{Date, Duration, OffsetDateTime};

use crate::auth::LearnerRight;
use crate::error::{AppError, AppResult};
use crate::verification::Verification;
use crate::{App, secret_hash};

/// Most credentials one link shows.
pub const MAX_SHARED: usize = 20;
/// Furthest expiry of a link.
const MAX_LIFETIME: Duration = Duration::days(366);
/// Highest view limit.
const MAX_VIEW_LIMIT: u32 = 10_000;

/// What a learner asks for.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShare {
    /// What the link is for ("for my application at X"), for the learner's own list.
    pub name: String,
    /// Ids of credentials in the wallet: issued here (`urn:uuid:…`) or imported (`imp-…`).
    pub credentials: Vec<String>,
    /// The last day the link works (it stops at the end of that day, UTC).
    #[schemars(with = "String")]
    pub expires_on: Date,
    /// Opened at most this many times, if given.
    #[serde(default)]
    pub view_limit: Option<u32>,
}

/// A share link as its owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ShareLinkView {
    pub id: String,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub expires_at: OffsetDateTime,
    pub view_limit: Option<u32>,
    pub views: u32,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub revoked_at: Option<OffsetDateTime>,
    /// Whether the link opens now (not revoked, expired or used up).
    pub live: bool,
    pub credentials: Vec<String>,
}

/// A credential as a share link shows it: verified now.
#[derive(Debug, Clone)]
pub struct SharedCredential {
    /// `issued` here or `imported` by the learner.
    pub kind: &'static str,
    pub id: String,
    pub document: serde_json::Value,
    pub verification: Verification,
}

/// What `/s/{token}` shows.
#[derive(Debug, Clone)]
pub struct SharedView {
    pub name: String,
    pub expires_at: OffsetDateTime,
    pub credentials: Vec<SharedCredential>,
}

fn view(link: ShareLink, now: OffsetDateTime) -> ShareLinkView {
    ShareLinkView {
        live: link.revoked_at.is_none()
            && link.expires_at > now
            && link.view_limit.is_none_or(|limit| link.views < limit),
        credentials: link
            .items
            .iter()
            .map(|item| match item {
                SharedItem::Issued(id) => id.urn(),
                SharedItem::Imported(id) => id.clone(),
            })
            .collect(),
        id: link.id,
        name: link.name,
        created_at: link.created_at,
        expires_at: link.expires_at,
        view_limit: link.view_limit,
        views: link.views,
        revoked_at: link.revoked_at,
    }
}

impl<S: Store> App<S> {
    pub(crate) async fn share_links(
        &self,
        learner: &LearnerRight,
    ) -> AppResult<Vec<ShareLinkView>> {
        let now = self.now();
        Ok(self
            .store
            .share_links(learner.account())
            .await?
            .into_iter()
            .map(|link| view(link, now))
            .collect())
    }

    /// Makes a share link; returns it with its address (shown once: only its hash is kept).
    pub async fn create_share_link(
        &self,
        learner: &LearnerRight,
        share: &NewShare,
    ) -> AppResult<(ShareLinkView, String)> {
        let name = share.name.trim();
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(AppError::InvalidState(
                "name: 1 to 200 characters, without control characters".to_owned(),
            ));
        }
        if share.credentials.is_empty() || share.credentials.len() > MAX_SHARED {
            return Err(AppError::InvalidState(format!(
                "credentials: choose 1 to {MAX_SHARED} credentials to share"
            )));
        }
        let now = self.now();
        let expires_at = share
            .expires_on
            .next_day()
            .unwrap_or(share.expires_on)
            .midnight()
            .assume_utc();
        if expires_at <= now || expires_at > now + MAX_LIFETIME {
            return Err(AppError::InvalidState(format!(
                "expires_on: {} is not between today and a year from now",
                share.expires_on
            )));
        }
        if share
            .view_limit
            .is_some_and(|limit| limit == 0 || limit > MAX_VIEW_LIMIT)
        {
            return Err(AppError::InvalidState(format!(
                "view_limit: between 1 and {MAX_VIEW_LIMIT}, or none"
            )));
        }
        let held = self.held_credentials(learner.account()).await?;
        let mut items = Vec::with_capacity(share.credentials.len());
        for wanted in &share.credentials {
            let Some((item, _)) = held.iter().find(|(item, _)| super::named(item, wanted)) else {
                return Err(AppError::NotFound(format!(
                    "credential {wanted} in your wallet"
                )));
            };
            let item = item.clone();
            if items.contains(&item) {
                return Err(AppError::InvalidState(format!(
                    "credentials: {wanted} is listed twice"
                )));
            }
            items.push(item);
        }
        let secret = self.random_hex(32);
        let link = ShareLink {
            id: format!("shr-{}", self.random_hex(8)),
            account_id: learner.account().clone(),
            name: name.to_owned(),
            created_at: now,
            expires_at,
            view_limit: share.view_limit,
            views: 0,
            revoked_at: None,
            items,
        };
        let audit = self.audit(
            (learner.account().to_string(), String::new()),
            None,
            "share_link.create",
            &link.id,
            &format!(
                "{} credential(s), until {}",
                link.items.len(),
                share.expires_on
            ),
        );
        self.store
            .insert_share_link(&link, &secret_hash(&secret), &audit)
            .await?;
        let url = format!("{}/s/{secret}", self.issuing.register_url);
        Ok((view(link, now), url))
    }

    /// Revokes one of the learner's links: it stops opening at once.
    pub async fn revoke_share_link(&self, learner: &LearnerRight, id: &str) -> AppResult<()> {
        let audit = self.audit(
            (learner.account().to_string(), String::new()),
            None,
            "share_link.revoke",
            id,
            "",
        );
        self.store
            .revoke_share_link(learner.account(), id, self.now(), &audit)
            .await
            .map_err(|error| AppError::from_store(error, || format!("live share link {id}")))
    }

    /// When one of the learner's links was opened, newest first.
    pub async fn share_link_openings(
        &self,
        learner: &LearnerRight,
        id: &str,
    ) -> AppResult<Vec<OffsetDateTime>> {
        self.store
            .share_link_views(learner.account(), id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("share link {id}")))
    }

    /// Whether a share link opens now, without counting an opening (a HEAD request, which
    /// link checkers and previews send).
    pub async fn share_link_live(&self, token: &str) -> AppResult<bool> {
        if token.len() != 64 || !token.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Ok(false);
        }
        Ok(self
            .store
            .share_link_live(&secret_hash(token), self.now())
            .await?)
    }

    /// Opens a share link for anyone holding it: counts the opening and verifies each
    /// credential now. A credential no longer in the learner's wallet is left out.
    pub async fn open_share_link(&self, token: &str) -> AppResult<SharedView> {
        let not_found = || AppError::NotFound("share link".to_owned());
        if token.len() != 64 || !token.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(not_found());
        }
        let link = self
            .store
            .open_share_link(&secret_hash(token), self.now())
            .await
            .map_err(|error| match error {
                store::StoreError::NotFound => not_found(),
                other => other.into(),
            })?;
        let held = self.held_credentials(&link.account_id).await?;
        let mut credentials = Vec::new();
        for item in &link.items {
            let Some((_, document)) = held.iter().find(|(held, _)| held == item) else {
                continue;
            };
            let document = document.clone();
            let (kind, id) = match item {
                SharedItem::Issued(id) => ("issued", id.urn()),
                SharedItem::Imported(id) => ("imported", id.clone()),
            };
            let bytes = serde_json::to_vec(&document).unwrap_or_default();
            credentials.push(SharedCredential {
                kind,
                id,
                verification: self.verify_credential(&bytes).await?,
                document,
            });
        }
        Ok(SharedView {
            name: link.name,
            expires_at: link.expires_at,
            credentials,
        })
    }
}
