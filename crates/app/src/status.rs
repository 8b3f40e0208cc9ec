//! Bitstring status lists: where each credential's revocation and suspension bits live, and
//! the signed status-list credentials the register publishes at `/status/{list-id}`.
//!
//! Every credential gets one slot — list number and index — used in both the provider's
//! revocation list and its suspension list. Indexes are drawn at random within a list of
//! 131,072 entries (herd privacy: a list says nothing about issuance order), and a list takes
//! new credentials only until it is three-quarters full, so a random draw rarely hits a used
//! index. The database refuses a reused slot; a clash makes the caller draw again.

use std::collections::HashSet;

use model::learning::{STATUS_LIST_FILL, STATUS_LIST_SIZE};
use model::{CredentialState, ProviderId, StatusSlot};
use store::{StatusListDocument, Store, StoreError};
use vc::status_list::{Bitstring, status_list_credential};

use crate::App;
use crate::error::{AppError, AppResult};

/// What a status list is for; one slot serves both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListPurpose {
    Revocation,
    Suspension,
}

impl ListPurpose {
    pub fn code(self) -> &'static str {
        match self {
            ListPurpose::Revocation => "revocation",
            ListPurpose::Suspension => "suspension",
        }
    }

    /// The credentials whose bit is set in this list.
    fn state(self) -> CredentialState {
        match self {
            ListPurpose::Revocation => CredentialState::Revoked,
            ListPurpose::Suspension => CredentialState::Suspended,
        }
    }
}

/// A status list's public identifier: `{provider}-{list}-{purpose}`, e.g.
/// `hogeschool-scheldeland-1-revocation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusListId {
    pub provider: ProviderId,
    pub list: u32,
    pub purpose: ListPurpose,
}

impl StatusListId {
    pub fn parse(text: &str) -> Option<StatusListId> {
        let mut parts = text.rsplitn(3, '-');
        let purpose = match parts.next()? {
            "revocation" => ListPurpose::Revocation,
            "suspension" => ListPurpose::Suspension,
            _ => return None,
        };
        let list = parts
            .next()?
            .parse::<u32>()
            .ok()
            .filter(|list| *list >= 1)?;
        let provider = ProviderId::parse(parts.next()?).ok()?;
        Some(StatusListId {
            provider,
            list,
            purpose,
        })
    }

    pub fn as_string(&self) -> String {
        format!("{}-{}-{}", self.provider, self.list, self.purpose.code())
    }
}

/// A signed status-list credential as served: the JSON text and its revision (the ETag).
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedStatusList {
    pub revision: u64,
    pub document: String,
}

impl<S: Store> App<S> {
    /// The URL a status list is published at.
    pub fn status_list_url(&self, id: &StatusListId) -> String {
        format!(
            "{}/status/{}",
            self.issuing().register_url.trim_end_matches('/'),
            id.as_string()
        )
    }

    /// Draws `count` free slots for new credentials of `provider`: random indexes in the
    /// provider's open list, opening the next list when it is full. Candidates are drawn at
    /// random and only they are looked up (the list is at most three-quarters full, so few
    /// draws are wasted); `reserved` slots are held by a batch not stored yet. The database
    /// still has the last word (unique constraint).
    pub(crate) async fn allocate_status_slots(
        &self,
        provider: &ProviderId,
        count: usize,
        reserved: &HashSet<StatusSlot>,
    ) -> AppResult<Vec<StatusSlot>> {
        let usage = self.store.status_list_usage(provider).await?;
        let (mut list, mut used) = match usage
            .iter()
            .rev()
            .find(|(_, used)| *used < STATUS_LIST_FILL)
        {
            Some(&(list, used)) => (list, used),
            None => (usage.last().map_or(1, |(list, _)| list + 1), 0),
        };
        let reserved_in = |list: u32| -> HashSet<u32> {
            reserved
                .iter()
                .filter(|slot| slot.list == list)
                .map(|slot| slot.index)
                .collect()
        };
        let mut taken = reserved_in(list);
        used += u32::try_from(taken.len()).unwrap_or(u32::MAX);
        let mut slots = Vec::with_capacity(count);
        while slots.len() < count {
            if used >= STATUS_LIST_FILL {
                list += 1;
                used = 0;
                taken = reserved_in(list);
            }
            let room = usize::try_from(STATUS_LIST_FILL - used).unwrap_or(usize::MAX);
            let wanted = (count - slots.len()).min(room);
            let mut candidates = Vec::with_capacity(wanted);
            while candidates.len() < wanted {
                let index = self.random_below(STATUS_LIST_SIZE);
                if taken.insert(index) {
                    candidates.push(index);
                }
            }
            let in_use: HashSet<u32> = if used > 0 {
                self.store
                    .used_status_indexes(provider, list, &candidates)
                    .await?
                    .into_iter()
                    .collect()
            } else {
                HashSet::new()
            };
            // (Indexes found in use are already counted in `used`.)
            for index in candidates
                .into_iter()
                .filter(|index| !in_use.contains(index))
            {
                slots.push(StatusSlot { list, index });
                used += 1;
            }
        }
        Ok(slots)
    }

    /// The signed status-list credential, re-signed only when a credential on the list changed
    /// state since it was last signed. Anyone may fetch it.
    pub async fn status_list(&self, id: &StatusListId) -> AppResult<PublishedStatusList> {
        let not_found = || format!("status list `{}`", id.as_string());
        let revision = self
            .store
            .status_list_revision(&id.provider, id.list)
            .await
            .map_err(|error| AppError::from_store(error, not_found))?;
        let purpose = id.purpose.code();
        if let Some(cached) = self
            .store
            .cached_status_list(&id.provider, id.list, purpose)
            .await?
            && cached.revision == revision
        {
            return Ok(PublishedStatusList {
                revision,
                document: cached.document,
            });
        }
        let (revision, indexes) = self
            .store
            .status_list_bits(&id.provider, id.list, id.purpose.state())
            .await
            .map_err(|error| AppError::from_store(error, not_found))?;
        let mut bits = Bitstring::new(STATUS_LIST_SIZE as usize);
        for index in indexes {
            bits.set(index as usize, true)?;
        }
        let provider = self.load_provider(&id.provider).await?;
        let signer = self.signer(&provider).await?;
        let now = vc::ob3::timestamp(self.now());
        let unsigned =
            status_list_credential(&self.status_list_url(id), &signer.did, purpose, &now, &bits)?;
        let options = vc::proof::SignOptions {
            verification_method: signer.verification_method.clone(),
            created: now,
        };
        let signed = vc::proof::sign(vc::contexts::processor(), &unsigned, &signer.key, &options)?;
        let document = serde_json::to_string(&signed)
            .map_err(|error| AppError::Store(StoreError::Corrupt(error.to_string())))?;
        self.store
            .cache_status_list(
                &id.provider,
                id.list,
                purpose,
                &StatusListDocument {
                    revision,
                    document: document.clone(),
                },
            )
            .await?;
        Ok(PublishedStatusList { revision, document })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_list_opens_the_next_and_no_slot_is_drawn_twice() {
        let directory =
            std::env::temp_dir().join(format!("microcred_slots_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory).unwrap();
        let url = format!("sqlite://{}", directory.join("slots.db").display());
        let store = store::SqlStore::open(&url, store::StoreOptions::default())
            .await
            .unwrap();
        let clock = std::sync::Arc::new(crate::FixedClock::new(time::OffsetDateTime::UNIX_EPOCH));
        let app = App::new(store, clock, [4; 32]);
        let provider = ProviderId::parse("slot-provider").unwrap();
        let count = STATUS_LIST_FILL as usize + 1_000;
        let reserved: HashSet<StatusSlot> = [StatusSlot { list: 1, index: 7 }].into();
        let slots = app
            .allocate_status_slots(&provider, count, &reserved)
            .await
            .unwrap();
        assert_eq!(slots.len(), count);
        let unique: HashSet<StatusSlot> = slots.iter().copied().collect();
        assert_eq!(unique.len(), count, "no slot twice");
        assert!(
            !unique.contains(&StatusSlot { list: 1, index: 7 }),
            "a reserved slot is never drawn"
        );
        let first = slots.iter().filter(|slot| slot.list == 1).count();
        assert_eq!(
            first,
            STATUS_LIST_FILL as usize - 1,
            "the first list fills to three quarters, the reserved slot included"
        );
        assert!(
            slots
                .iter()
                .all(|slot| slot.index < STATUS_LIST_SIZE && slot.list <= 2)
        );
        app.store.close().await;
        let _ = std::fs::remove_dir_all(&directory);
    }

    #[test]
    fn status_list_ids_round_trip_and_refuse_nonsense() {
        let id = StatusListId::parse("hogeschool-scheldeland-12-suspension").unwrap();
        assert_eq!(id.provider.as_str(), "hogeschool-scheldeland");
        assert_eq!(id.list, 12);
        assert_eq!(id.purpose, ListPurpose::Suspension);
        assert_eq!(id.as_string(), "hogeschool-scheldeland-12-suspension");
        for bad in [
            "",
            "revocation",
            "x-1-revocation",
            "provider-0-revocation",
            "provider-1-deletion",
            "provider--1-revocation",
            "provider-one-revocation",
            "../etc-1-revocation",
        ] {
            assert!(StatusListId::parse(bad).is_none(), "{bad}");
        }
    }
}
