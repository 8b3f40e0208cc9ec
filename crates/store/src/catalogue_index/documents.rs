//! The offerings of recent result pages, kept in memory beside the index: a search reads the
//! documents of its page from here, and from SQL only those it does not find (reading and
//! parsing twenty JSON documents was the largest part of a search after the index itself).
//!
//! Every write of an offering — its document, its status, a new version — logs a change in the
//! same transaction, and catching up with the log forgets the changed offerings *before* the
//! index shows the change. A page read from SQL is kept only if nothing was forgotten while it
//! was read (`epoch`): otherwise a read that began before a change could put back what the
//! change replaced.
//!
//! Offerings are kept shared (`SharedOffering`): a page takes references, not copies, and the
//! JSON an offering's first page made serves the pages after it.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use model::SharedOffering;

/// Past this many offerings the cache starts over (~5 KB each, as much again once its JSON is
/// made: about 40 MB at most).
const CAPACITY: usize = 4_096;

#[derive(Default)]
pub(crate) struct OfferingCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Counts forgettings; a read keeps its offerings only if it has not moved since it began.
    epoch: u64,
    offerings: HashMap<String, SharedOffering>,
}

impl OfferingCache {
    /// The cached offerings among `ids`, and the epoch to hand back to [`Self::keep`].
    pub fn lookup(&self, ids: &[String]) -> (HashMap<String, SharedOffering>, u64) {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let found = ids
            .iter()
            .filter_map(|id| Some((id.clone(), inner.offerings.get(id)?.clone())))
            .collect();
        (found, inner.epoch)
    }

    /// Keeps offerings read from SQL after [`Self::lookup`] returned `epoch`, unless an offering
    /// was forgotten since.
    pub fn keep<'a>(&self, epoch: u64, offerings: impl IntoIterator<Item = &'a SharedOffering>) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.epoch != epoch {
            return;
        }
        for offering in offerings {
            if inner.offerings.len() >= CAPACITY {
                inner.offerings.clear();
            }
            inner
                .offerings
                .insert(offering.id.as_str().to_owned(), offering.clone());
        }
    }

    /// Forgets changed offerings (before the index shows their change).
    pub fn forget(&self, ids: &[String]) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.epoch += 1;
        for id in ids {
            inner.offerings.remove(id);
        }
    }

    /// Forgets everything (before the index is rebuilt).
    pub fn clear(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.epoch += 1;
        inner.offerings.clear();
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .offerings
            .len()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn offering(id: &str, version: u32) -> SharedOffering {
        let mut offering = model::credential::sample::offering().unwrap();
        offering.id = model::OfferingId::parse(id).unwrap();
        offering.version = version;
        SharedOffering::new(offering)
    }

    #[test]
    fn a_read_that_overlapped_a_forgetting_is_not_kept() {
        let cache = OfferingCache::default();
        let ids = vec!["offering-a".to_owned(), "offering-b".to_owned()];
        let (found, epoch) = cache.lookup(&ids);
        assert!(found.is_empty());
        cache.keep(
            epoch,
            &[offering("offering-a", 1), offering("offering-b", 1)],
        );
        let (found, epoch) = cache.lookup(&ids);
        assert_eq!(found.len(), 2);
        // A read begins (epoch), a change to `a` is caught up with, the read ends: its
        // version 1 of `a` must not come back.
        cache.forget(&["offering-a".to_owned()]);
        cache.keep(epoch, &[offering("offering-a", 1)]);
        let (found, epoch) = cache.lookup(&ids);
        assert_eq!(found.keys().collect::<Vec<_>>(), ["offering-b"]);
        cache.keep(epoch, &[offering("offering-a", 2)]);
        assert_eq!(cache.lookup(&ids).0["offering-a"].version, 2);
        cache.clear();
        assert!(cache.lookup(&ids).0.is_empty());
    }

    #[test]
    fn the_cache_stays_within_its_capacity() {
        let cache = OfferingCache::default();
        let many: Vec<SharedOffering> = (0..CAPACITY + 10)
            .map(|index| offering(&format!("offering-{index}"), 1))
            .collect();
        cache.keep(0, &many);
        assert!(cache.len() <= CAPACITY);
        assert!(cache.len() > 0);
    }
}
