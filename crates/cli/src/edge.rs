//! The binary's edge: the real clock, the OS random source, and opening the configured store.

use std::sync::Arc;

use anyhow::Context;
use app::{App, Clock, SqlStore, StoreOptions};
use time::OffsetDateTime;

use crate::StorageArgs;

/// The system clock; only the binary reads it.
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// 32 bytes from the operating system's random source.
pub fn os_seed() -> anyhow::Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|error| anyhow::anyhow!("the OS random source failed: {error}"))?;
    Ok(seed)
}

/// The database URL the arguments select: PostgreSQL if given, else SQLite in the data directory.
pub fn database_url(storage: &StorageArgs) -> anyhow::Result<String> {
    if let Some(url) = &storage.database_url {
        return Ok(url.clone());
    }
    std::fs::create_dir_all(&storage.data_dir).with_context(|| {
        format!(
            "cannot create data directory {}",
            storage.data_dir.display()
        )
    })?;
    Ok(format!(
        "sqlite://{}",
        storage.data_dir.join("microcred.db").display()
    ))
}

/// Opens (and migrates) the configured store and builds the app over it.
pub async fn open_app(storage: &StorageArgs) -> anyhow::Result<App> {
    let url = database_url(storage)?;
    let store = SqlStore::open(&url, StoreOptions::default())
        .await
        .with_context(|| format!("cannot open the register at {}", redact(&url)))?;
    let app = App::new(store, Arc::new(SystemClock), os_seed()?);
    app.ensure_default_funding_schemes().await?;
    Ok(app)
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
