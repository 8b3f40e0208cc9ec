//! Every write transaction is run again when the database aborted it for a serialization
//! failure or a deadlock (SQLSTATE `40001` / `40P01`, `StoreError::Busy`): such a transaction
//! stored nothing, and running it again is what PostgreSQL under `SERIALIZABLE`, CockroachDB and
//! YugabyteDB expect of their clients (docs/scaling.md, the portable subset).

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// How many times a write is run again before the caller hears `Busy` (a `503`).
pub(crate) const RETRIES: u32 = 8;

/// Runs `$attempt` — an expression that runs one write transaction to its commit and evaluates
/// to a `StoreResult` — again while it fails with `StoreError::Busy`, at most `RETRIES` more
/// times, waiting a little longer (with jitter) each time. Write it around the whole
/// transaction and nothing after its commit, so that a retry never repeats a committed write:
/// `retried!(async { let mut tx = self.begin().await?; …; tx.commit().await.map_err(db) }.await)`.
macro_rules! retried {
    ($attempt:expr) => {{
        let mut attempt = 0u32;
        loop {
            match $attempt {
                Err($crate::StoreError::Busy(_)) if attempt < $crate::sql_store::retry::RETRIES => {
                    attempt += 1;
                    tokio::time::sleep($crate::sql_store::retry::back_off(attempt)).await;
                }
                outcome => break outcome,
            }
        }
    }};
}

/// The wait before retry number `attempt` (from 1): 5 ms doubling to at most 320 ms, each
/// spread over its upper half at random, so that writers aborted together do not meet again.
pub(crate) fn back_off(attempt: u32) -> Duration {
    let ceiling = 5u64 << attempt.clamp(1, 7).saturating_sub(1);
    // A fresh RandomState is seeded from the OS once per thread and then varied per call: enough
    // to spread writers apart, with no RNG to pass through every store method.
    let spread = RandomState::new().hash_one(attempt) % (ceiling / 2 + 1);
    Duration::from_millis(ceiling / 2 + spread)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{StoreError, StoreResult};

    #[tokio::test]
    async fn a_busy_write_is_run_again_until_it_passes_and_then_no_more() {
        let mut runs = 0;
        let outcome: StoreResult<u32> = retried!(
            async {
                runs += 1;
                if runs < 3 {
                    Err(StoreError::Busy("could not serialize access".into()))
                } else {
                    Ok(runs)
                }
            }
            .await
        );
        assert_eq!(outcome.unwrap(), 3);
        assert_eq!(runs, 3);
    }

    #[tokio::test]
    async fn a_write_that_stays_busy_gives_up_and_other_errors_are_not_retried() {
        let mut runs = 0;
        let outcome: StoreResult<()> = retried!(
            async {
                runs += 1;
                Err(StoreError::Busy("deadlock detected".into()))
            }
            .await
        );
        assert!(matches!(outcome, Err(StoreError::Busy(_))));
        assert_eq!(runs, RETRIES + 1);

        let mut runs = 0;
        let outcome: StoreResult<()> = retried!(
            async {
                runs += 1;
                Err(StoreError::Conflict("duplicate key".into()))
            }
            .await
        );
        assert!(matches!(outcome, Err(StoreError::Conflict(_))));
        assert_eq!(runs, 1);
    }

    #[test]
    fn the_wait_grows_and_is_capped() {
        for attempt in 1..=12 {
            let wait = back_off(attempt).as_millis();
            let ceiling = 5u128 << (attempt.min(7) - 1);
            assert!(wait >= ceiling / 2 && wait <= ceiling, "{attempt}: {wait}");
        }
    }
}
