//! `microcred backup`, `microcred restore` and `microcred check` (issue 14): a consistent copy
//! of the embedded register while it serves; a restore into an empty data directory that then
//! verifies every credential; and that check on its own.

use std::path::Path;

use anyhow::Context;

use super::{explain, print_json};
use crate::StorageArgs;
use crate::edge::open_app;

/// What a PostgreSQL register's operator uses instead.
const POSTGRES_BACKUP: &str = "a PostgreSQL register is backed up with `pg_dump --format=custom --file=FILE DATABASE` and restored with `pg_restore --dbname=NEW_DATABASE FILE`, then `microcred check --database-url postgres://…/NEW_DATABASE` (docs/operations.md)";

/// `microcred backup --out FILE`.
pub async fn backup(out: &Path, storage: &StorageArgs) -> anyhow::Result<()> {
    if storage.database_url.is_some() {
        anyhow::bail!("{POSTGRES_BACKUP}");
    }
    if out.exists() {
        anyhow::bail!("{} exists; a backup never overwrites a file", out.display());
    }
    let app = open_app(storage).await?;
    app.backup_to(out).await.map_err(explain)?;
    let bytes = std::fs::metadata(out).map(|meta| meta.len()).unwrap_or(0);
    print_json(&serde_json::json!({
        "backup": out.display().to_string(),
        "bytes": bytes,
        "note": "the master key (master.key) is not in the backup: keep it apart, as safely; without it the providers' keys cannot sign again (their credentials still verify)",
    }))
}

/// `microcred restore --from FILE`: into a data directory without a register.
pub async fn restore(from: &Path, storage: &StorageArgs) -> anyhow::Result<()> {
    if storage.database_url.is_some() {
        anyhow::bail!("{POSTGRES_BACKUP}");
    }
    let target = storage.data_dir.join("microcred.db");
    if target.exists() {
        anyhow::bail!(
            "{} exists; restore into a data directory without a register (--data-dir)",
            target.display()
        );
    }
    std::fs::create_dir_all(&storage.data_dir)
        .with_context(|| format!("cannot make {}", storage.data_dir.display()))?;
    std::fs::copy(from, &target)
        .with_context(|| format!("cannot copy {} to {}", from.display(), target.display()))?;
    check(storage).await
}

/// `microcred check`: every credential verified again; fails if any does not as it should.
pub async fn check(storage: &StorageArgs) -> anyhow::Result<()> {
    let app = open_app(storage).await?;
    let check = app
        .check_every_credential(&|_, _| {})
        .await
        .map_err(explain)?;
    print_json(&check)?;
    if !check.problems.is_empty() {
        anyhow::bail!(
            "{} of {} credentials do not verify as their state says they should",
            check.problems.len(),
            check.credentials
        );
    }
    Ok(())
}
