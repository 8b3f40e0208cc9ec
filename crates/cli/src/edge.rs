//! The binary's edge: the real clock, the OS random source, and opening the configured store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use app::{App, Clock, IssuingConfig, SqlStore, StoreOptions};
use time::OffsetDateTime;
use vc::keystore::MasterKey;

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

/// Opens (and migrates) the configured store.
pub async fn open_store(storage: &StorageArgs) -> anyhow::Result<SqlStore> {
    let url = database_url(storage)?;
    let options = StoreOptions {
        migration_lock: storage.migration_lock.into(),
        ..StoreOptions::default()
    };
    SqlStore::open(&url, options)
        .await
        .with_context(|| format!("cannot open the register at {}", redact(&url)))
}

/// Opens (and migrates) the configured store and builds the app over it.
pub async fn open_app(storage: &StorageArgs) -> anyhow::Result<App> {
    let store = open_store(storage).await?;
    let issuing = IssuingConfig {
        register_url: storage
            .public_url
            .clone()
            .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned())
            .trim_end_matches('/')
            .to_owned(),
        master_key: master_key(storage)?,
    };
    let app = App::new(store, Arc::new(SystemClock), os_seed()?)
        .with_issuing(issuing)
        .with_resolver(Arc::new(NetworkResolver::new()?))
        .with_identity_fetch_policy(app::oidc::FetchPolicy {
            allow_http_localhost: storage.identity_http_localhost,
            ..app::oidc::FetchPolicy::default()
        });
    app.ensure_default_funding_schemes().await?;
    Ok(app)
}

/// Where the master key file is by default.
pub fn default_master_key_path(storage: &StorageArgs) -> PathBuf {
    storage.data_dir.join("master.key")
}

/// The master key: `MICROCRED_MASTER_KEY`, else the named file, else `master.key` in the data
/// directory if it exists. `None`: the register runs, but cannot sign.
fn master_key(storage: &StorageArgs) -> anyhow::Result<Option<MasterKey>> {
    if let Ok(hex) = std::env::var("MICROCRED_MASTER_KEY") {
        return Ok(Some(MasterKey::from_hex(&hex).map_err(|error| {
            anyhow::anyhow!("MICROCRED_MASTER_KEY: {error}")
        })?));
    }
    let path = match &storage.master_key_file {
        Some(path) => path.clone(),
        None => {
            let path = default_master_key_path(storage);
            if !path.is_file() {
                return Ok(None);
            }
            path
        }
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the master key file {}", path.display()))?;
    Ok(Some(MasterKey::from_hex(&text).map_err(|error| {
        anyhow::anyhow!("{}: {error}", path.display())
    })?))
}

/// Writes a new random master key to `path` (readable by the owner only); refuses to overwrite.
pub fn write_new_master_key(path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        anyhow::bail!(
            "{} exists; a master key is never overwritten (the signing keys sealed under it would be lost)",
            path.display()
        );
    }
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let key = MasterKey::from_bytes(os_seed()?);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    use std::io::Write;
    writeln!(file, "{}", key.to_hex())?;
    file.sync_all()?;
    Ok(())
}

/// Foreign did:web documents and status lists, fetched with SSRF protection (`fetch`).
pub struct NetworkResolver {
    fetcher: fetch::SafeFetcher,
}

impl NetworkResolver {
    pub fn new() -> anyhow::Result<NetworkResolver> {
        let fetcher = fetch::SafeFetcher::new(fetch::FetchPolicy::default())
            .map_err(|error| anyhow::anyhow!("cannot set up fetching: {error}"))?;
        Ok(NetworkResolver { fetcher })
    }
}

impl app::verification::Resolver for NetworkResolver {
    fn resolve_did<'a>(&'a self, did: &'a str) -> app::verification::Resolving<'a> {
        Box::pin(async move {
            self.fetcher
                .resolve_did_web(did)
                .await
                .map_err(|error| error.to_string())
        })
    }

    fn fetch_status_list<'a>(&'a self, url: &'a str) -> app::verification::Resolving<'a> {
        Box::pin(async move {
            self.fetcher
                .get_json(url)
                .await
                .map_err(|error| error.to_string())
        })
    }
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
