//! The learner's own data: everything the register holds about them as one zip (a JSON
//! document plus the credential files), and erasure of the account.

use std::io::Write;

use serde_json::json;
use store::Store;
use zip::write::SimpleFileOptions;

use crate::App;
use crate::auth::LearnerRight;
use crate::error::{AppError, AppResult};

impl<S: Store> App<S> {
    /// A zip of everything the register holds about the learner: `wallet.json` (the account,
    /// its addresses and student numbers, DID, enrolments, results, credentials with their
    /// status, share links with their openings, imported credentials) and every credential as
    /// signed, under `credentials/` and `imported/`.
    pub async fn export_wallet(&self, learner: &LearnerRight) -> AppResult<Vec<u8>> {
        let wallet = self.wallet(learner).await?;
        let mut openings = serde_json::Map::new();
        for link in &wallet.share_links {
            let times = self.share_link_openings(learner, &link.id).await?;
            openings.insert(
                link.id.clone(),
                json!(
                    times
                        .into_iter()
                        .map(vc::ob3::timestamp)
                        .collect::<Vec<_>>()
                ),
            );
        }
        let mut document = serde_json::to_value(&wallet).unwrap_or_default();
        if let Some(map) = document.as_object_mut() {
            map.insert("share_link_openings".to_owned(), openings.into());
            map.insert(
                "exported_at".to_owned(),
                json!(vc::ob3::timestamp(self.now())),
            );
        }
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(zip::DateTime::default());
        let mut add = |name: String, value: &serde_json::Value| -> AppResult<()> {
            let bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
            zip.start_file(name, options)
                .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
                .map_err(|error| {
                    AppError::InvalidState(format!("the export could not be written: {error}"))
                })
        };
        add("wallet.json".to_owned(), &document)?;
        for credential in wallet.credentials() {
            add(
                format!("credentials/{}.json", credential.id.as_str()),
                &credential.credential,
            )?;
        }
        for imported in &wallet.imported {
            add(format!("imported/{}.json", imported.id), &imported.document)?;
        }
        zip.finish().map_err(|error| {
            AppError::InvalidState(format!("the export could not be written: {error}"))
        })?;
        Ok(buffer.into_inner())
    }

    /// Erases the learner's account, after the password is given again: the account keeps its
    /// id and nothing that identifies anyone; its addresses, student numbers, DID, share links
    /// (which stop opening), imported credentials, sessions and pending messages go. Credentials
    /// issued stay valid in the learner's own copies; the providers' records, status lists and
    /// the statistics' counts are not changed.
    pub async fn erase_account(&self, learner: &LearnerRight, password: &str) -> AppResult<()> {
        let record = self
            .store
            .account(learner.account())
            .await
            .map_err(|error| AppError::from_store(error, || "account".to_owned()))?;
        if !self
            .verify_password(password, record.password_hash.as_deref())
            .await
        {
            return Err(AppError::InvalidState(
                "password: that is not your password; the account was not erased".to_owned(),
            ));
        }
        let audit = self.audit(
            (learner.account().to_string(), String::new()),
            None,
            "account.erase",
            learner.account().as_str(),
            "",
        );
        self.store
            .erase_account(learner.account(), self.now(), &audit)
            .await
            .map_err(|error| AppError::from_store(error, || "account".to_owned()))
    }
}
