//! Use cases of the provider register.

use model::{
    ElementError, FundingScheme, Provider, ProviderContent, ProviderId, PublicationStatus,
    ValidationErrors, ViolationCode,
};
use serde_json::Value;
use store::Store;

use crate::App;
use crate::auth::{PlatformAdmin, Principal, ProviderAdmin};
use crate::error::{AppError, AppResult};

impl<S: Store> App<S> {
    pub async fn funding_scheme_codes(&self) -> AppResult<Vec<String>> {
        Ok(self
            .store
            .list_funding_schemes()
            .await?
            .into_iter()
            .map(|scheme| scheme.code)
            .collect())
    }

    pub async fn funding_schemes(&self) -> AppResult<Vec<FundingScheme>> {
        Ok(self.store.list_funding_schemes().await?)
    }

    /// Adds or renames a funding scheme offerings and providers can refer to.
    pub async fn save_funding_scheme(
        &self,
        _admin: &PlatformAdmin,
        scheme: FundingScheme,
    ) -> AppResult<()> {
        let code_ok = (3..=64).contains(&scheme.code.len())
            && scheme
                .code
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_');
        if !code_ok {
            return Err(ValidationErrors::single(
                "code",
                ViolationCode::InvalidValue,
                format!(
                    "`{}` is not a scheme code: 3–64 lower-case letters, digits and underscores",
                    scheme.code
                ),
            )
            .into());
        }
        let mut errors = model::reader::Errors::default();
        let document = serde_json::json!({ "name": scheme.name });
        if let Some(object) = model::reader::Object::new("", &document, &mut errors) {
            object.required_lang_text("name", model::reader::MAX_SHORT_TEXT, &mut errors);
        }
        errors.into_result(())?;
        Ok(self.store.upsert_funding_scheme(&scheme).await?)
    }

    /// Makes sure the configured schemes exist (a new register starts with the defaults).
    pub async fn ensure_default_funding_schemes(&self) -> AppResult<()> {
        if self.store.list_funding_schemes().await?.is_empty() {
            for scheme in model::default_funding_schemes() {
                self.store.upsert_funding_scheme(&scheme).await?;
            }
        }
        Ok(())
    }

    /// Registers a provider (as a draft: a platform admin publishes it after checking it).
    pub async fn create_provider(
        &self,
        _admin: &PlatformAdmin,
        document: &Value,
    ) -> AppResult<Provider> {
        let slug = match document.get("slug").or_else(|| document.get("id")) {
            Some(Value::String(slug)) => ProviderId::parse(slug).map_err(|message| ValidationErrors::single("slug", ViolationCode::InvalidValue, message))?,
            Some(_) => return Err(ValidationErrors::single("slug", ViolationCode::InvalidType, "expected text").into()),
            None => return Err(ValidationErrors::single("slug", ViolationCode::MissingElement, "`slug` is mandatory: the provider's identifier in URLs, e.g. hogeschool-scheldeland").into()),
        };
        let content = ProviderContent::from_json(document, &self.funding_scheme_codes().await?)?;
        let now = self.now();
        let provider = Provider {
            id: slug,
            status: PublicationStatus::Draft,
            created_at: now,
            updated_at: now,
            content,
        };
        self.store
            .insert_provider(&provider)
            .await
            .map_err(|error| match error {
                store::StoreError::Conflict(_) => {
                    AppError::Conflict(format!("provider `{}` already exists", provider.id))
                }
                other => other.into(),
            })?;
        Ok(provider)
    }

    pub async fn update_provider(
        &self,
        admin: &ProviderAdmin,
        document: &Value,
    ) -> AppResult<Provider> {
        let mut provider = self.load_provider(admin.provider()).await?;
        if let Some(Value::String(slug)) = document.get("slug").or_else(|| document.get("id"))
            && slug != provider.id.as_str()
        {
            return Err(ValidationErrors::single(
                "slug",
                ViolationCode::InvalidValue,
                "a provider's identifier cannot change",
            )
            .into());
        }
        provider.content =
            ProviderContent::from_json(document, &self.funding_scheme_codes().await?)?;
        provider.updated_at = self.now();
        self.store.update_provider(&provider).await?;
        Ok(provider)
    }

    pub async fn set_provider_status(
        &self,
        _admin: &PlatformAdmin,
        id: &ProviderId,
        status: PublicationStatus,
    ) -> AppResult<Provider> {
        let mut provider = self.load_provider(id).await?;
        if status == PublicationStatus::Draft {
            return Err(AppError::InvalidState(
                "a provider can be published or withdrawn, not made a draft again".to_owned(),
            ));
        }
        provider.status = status;
        provider.updated_at = self.now();
        self.store.update_provider(&provider).await?;
        Ok(provider)
    }

    /// A provider as `viewer` may see it: unpublished providers only by their admins.
    pub async fn provider(
        &self,
        id: &ProviderId,
        viewer: Option<&Principal>,
    ) -> AppResult<Provider> {
        let provider = self.load_provider(id).await?;
        if provider.status == PublicationStatus::Published
            || viewer.is_some_and(|viewer| viewer.can_see_unpublished_of(id))
        {
            Ok(provider)
        } else {
            Err(AppError::NotFound(format!("provider `{id}`")))
        }
    }

    /// Providers as `viewer` may see them.
    pub async fn providers(&self, viewer: Option<&Principal>) -> AppResult<Vec<Provider>> {
        let all = self.store.list_providers(false).await?;
        Ok(all
            .into_iter()
            .filter(|provider| {
                provider.status == PublicationStatus::Published
                    || viewer.is_some_and(|viewer| viewer.can_see_unpublished_of(&provider.id))
            })
            .collect())
    }

    pub(crate) async fn load_provider(&self, id: &ProviderId) -> AppResult<Provider> {
        self.store
            .get_provider(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("provider `{id}`")))
    }

    /// Checks that every awarding body exists and that the publishing provider is one of them.
    pub(crate) async fn check_awarding_bodies(
        &self,
        own: &ProviderId,
        bodies: &[ProviderId],
    ) -> AppResult<()> {
        let mut errors = Vec::new();
        if !bodies.contains(own) {
            errors.push(ElementError {
                element: "awarding_bodies".into(),
                code: ViolationCode::InvalidValue,
                message: format!(
                    "the awarding bodies must include the publishing provider `{own}`"
                ),
                allowed: None,
            });
        }
        for (index, body) in bodies.iter().enumerate() {
            if body != own && self.store.get_provider(body).await.is_err() {
                errors.push(ElementError {
                    element: format!("awarding_bodies[{index}]"),
                    code: ViolationCode::UnknownProvider,
                    message: format!("`{body}` is not a provider in this register"),
                    allowed: None,
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors).into())
        }
    }
}
