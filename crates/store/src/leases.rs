//! Leases on work any server could do (issue 14): one holder at a time, until it expires.

use std::future::Future;

use time::OffsetDateTime;

use crate::StoreResult;

pub trait LeaseStore {
    /// Takes or renews the lease on (`kind`, `id`) for `owner` until `until`: `true` if it was
    /// free, expired at `now`, or `owner`'s already. Of servers racing for it, one gets it.
    fn claim_lease(
        &self,
        kind: &str,
        id: &str,
        owner: &str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Lets `owner`'s lease go (another lease's holder is left alone).
    fn release_lease(
        &self,
        kind: &str,
        id: &str,
        owner: &str,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
