//! The printable PDF certificate of a stored credential: what the credential says
//! (`vc::content`, read from its signed graph), its state, and a QR code that opens its verification page.

use model::display::date;
use model::{CredentialId, CredentialRecord, CredentialState, UiLang};
use store::Store;

use crate::App;
use crate::error::{AppError, AppResult};

impl<S: Store> App<S> {
    /// The printable certificate of a stored credential, in Dutch or English, naming the issuer
    /// as the register holds the provider (or, if the provider cannot be read, as the credential
    /// names it).
    pub async fn certificate_pdf(&self, id: &CredentialId, lang: UiLang) -> AppResult<Vec<u8>> {
        let record = self.stored_credential(id).await?;
        let issuer = self.provider(&record.provider_id, None).await.ok();
        render(
            &self.issuing().register_url,
            &record,
            issuer.as_ref().map(|provider| &provider.content.legal_name),
            lang,
        )
    }
}

/// The verification page of a stored credential: what its QR code opens.
fn verify_url(register_url: &str, record: &CredentialRecord) -> String {
    format!(
        "{}/verify/{}",
        register_url.trim_end_matches('/'),
        record.id.as_str()
    )
}

/// The certificate PDF of `record` in Dutch or English (other languages print in English).
/// `issuer_name` is the issuing provider's name as the register holds it (in every language it
/// has): the credential itself carries one name, in the credential's language.
fn render(
    register_url: &str,
    record: &CredentialRecord,
    issuer_name: Option<&model::LangText>,
    lang: UiLang,
) -> AppResult<Vec<u8>> {
    let lang = if lang == UiLang::Nl {
        UiLang::Nl
    } else {
        UiLang::En
    };
    let nl = lang == UiLang::Nl;
    let graph = vc::verify::signed_graph(vc::contexts::processor(), &record.credential).map_err(
        |error| AppError::Certificate(format!("the stored credential cannot be read: {error}")),
    )?;
    let rows = vc::content::rows(&graph, lang);
    let find = |element: &str| {
        rows.iter()
            .find(|row| row.element == element)
            .map(|row| row.value.clone())
            .unwrap_or_default()
    };
    let issuer = find("awarding_body");
    let status_note = match record.state {
        CredentialState::Active => None,
        state => {
            let when = record
                .status_changed_at
                .map(|at| date(at.date(), lang))
                .unwrap_or_default();
            let what = match (state, nl) {
                (CredentialState::Revoked, true) => "INGETROKKEN",
                (CredentialState::Revoked, false) => "REVOKED",
                (_, true) => "GESCHORST",
                (_, false) => "SUSPENDED",
            };
            Some(format!("{what} {when}").trim().to_owned())
        }
    };
    let certificate = certificate::Certificate {
        language: lang.code().to_owned(),
        heading: if nl {
            "Microcredential"
        } else {
            "Micro-credential"
        }
        .to_owned(),
        title: find("title"),
        learner_name: record.learner_name.clone(),
        issuer_name: match issuer_name {
            Some(name) if !name.is_empty() => name.best(lang).to_owned(),
            _ => issuer.lines().next().unwrap_or_default().to_owned(),
        },
        issued_on: date(record.issued_at.date(), lang),
        sections: rows
            .iter()
            .filter(|row| !matches!(row.element, "title"))
            .map(|row| (row.label.to_owned(), row.value.clone()))
            .collect(),
        credential_id: record.id.urn(),
        verify_url: verify_url(register_url, record),
        status_note,
    };
    certificate::render_pdf(&certificate).map_err(|error| AppError::Certificate(error.to_string()))
}
