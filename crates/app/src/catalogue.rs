//! Use cases of the catalogue: creating, editing, publishing and withdrawing offerings, and
//! finding them.

use model::{
    Offering, OfferingContent, OfferingId, OfferingQuery, OfferingRules, OfferingVersion,
    PublicationStatus, SearchPage,
};
use serde_json::Value;
use store::Store;

use crate::App;
use crate::auth::{Principal, ProviderAdmin};
use crate::error::{AppError, AppResult};

/// Results per page when the caller does not say; and the most a caller may ask for.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;

impl<S: Store> App<S> {
    async fn validate_offering(
        &self,
        admin: &ProviderAdmin,
        document: &Value,
    ) -> AppResult<OfferingContent> {
        let schemes = self.funding_scheme_codes().await?;
        let content = OfferingContent::from_json(
            document,
            &OfferingRules {
                funding_schemes: &schemes,
            },
        )?;
        self.check_awarding_bodies(admin.provider(), &content.awarding_bodies)
            .await?;
        Ok(content)
    }

    /// Creates an offering as a draft (version 1). Every Annex I element is checked now, so a
    /// draft can be published as it is.
    pub async fn create_offering(
        &self,
        admin: &ProviderAdmin,
        document: &Value,
    ) -> AppResult<Offering> {
        self.load_provider(admin.provider()).await?;
        let content = self.validate_offering(admin, document).await?;
        let now = self.now();
        let offering = Offering {
            id: self.new_offering_id()?,
            provider_id: admin.provider().clone(),
            status: PublicationStatus::Draft,
            version: 1,
            created_at: now,
            updated_at: now,
            published_at: None,
            withdrawn_at: None,
            content,
        };
        self.store.insert_offering(&offering).await?;
        Ok(offering)
    }

    /// Edits an offering. A draft is changed in place; a published or withdrawn offering gets a
    /// new version and every older version stays readable.
    pub async fn update_offering(
        &self,
        admin: &ProviderAdmin,
        id: &OfferingId,
        document: &Value,
    ) -> AppResult<Offering> {
        let mut offering = self.owned_offering(admin, id).await?;
        let content = self.validate_offering(admin, document).await?;
        if content == offering.content {
            return Ok(offering);
        }
        offering.content = content;
        offering.updated_at = self.now();
        if offering.status == PublicationStatus::Draft && offering.published_at.is_none() {
            self.store.replace_offering(&offering).await?;
        } else {
            offering.version += 1;
            self.store.add_offering_version(&offering).await?;
        }
        Ok(offering)
    }

    pub async fn publish_offering(
        &self,
        admin: &ProviderAdmin,
        id: &OfferingId,
    ) -> AppResult<Offering> {
        let mut offering = self.owned_offering(admin, id).await?;
        if offering.status == PublicationStatus::Published {
            return Ok(offering);
        }
        offering.status = PublicationStatus::Published;
        offering.published_at = offering.published_at.or(Some(self.now()));
        offering.withdrawn_at = None;
        self.store.set_offering_status(&offering).await?;
        Ok(offering)
    }

    pub async fn withdraw_offering(
        &self,
        admin: &ProviderAdmin,
        id: &OfferingId,
    ) -> AppResult<Offering> {
        let mut offering = self.owned_offering(admin, id).await?;
        match offering.status {
            PublicationStatus::Withdrawn => return Ok(offering),
            PublicationStatus::Draft => {
                return Err(AppError::InvalidState(
                    "a draft that was never published cannot be withdrawn".to_owned(),
                ));
            }
            PublicationStatus::Published => {}
        }
        offering.status = PublicationStatus::Withdrawn;
        offering.withdrawn_at = Some(self.now());
        self.store.set_offering_status(&offering).await?;
        Ok(offering)
    }

    /// An offering as `viewer` may see it: drafts and withdrawn ones only by their provider's admins.
    pub async fn offering(
        &self,
        id: &OfferingId,
        viewer: Option<&Principal>,
    ) -> AppResult<Offering> {
        let offering = self
            .store
            .get_offering(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("offering `{id}`")))?;
        if viewer.is_some_and(|viewer| viewer.can_see_unpublished_of(&offering.provider_id)) {
            return Ok(offering);
        }
        let provider = self.load_provider(&offering.provider_id).await?;
        // Withdrawn offerings stay readable (credentials point to them), drafts do not.
        if offering.status != PublicationStatus::Draft
            && provider.status == PublicationStatus::Published
        {
            Ok(offering)
        } else {
            Err(AppError::NotFound(format!("offering `{id}`")))
        }
    }

    pub async fn offering_versions(
        &self,
        id: &OfferingId,
        viewer: Option<&Principal>,
    ) -> AppResult<Vec<OfferingVersion>> {
        self.offering(id, viewer).await?;
        Ok(self.store.list_offering_versions(id).await?)
    }

    pub async fn offering_version(
        &self,
        id: &OfferingId,
        version: u32,
        viewer: Option<&Principal>,
    ) -> AppResult<OfferingVersion> {
        self.offering(id, viewer).await?;
        self.store
            .get_offering_version(id, version)
            .await
            .map_err(|error| {
                AppError::from_store(error, || format!("version {version} of offering `{id}`"))
            })
    }

    /// The public catalogue search (page size clamped to `MAX_PAGE_SIZE`).
    pub async fn search(&self, mut query: OfferingQuery) -> AppResult<SearchPage> {
        query.public_only = true;
        let mut sets: Vec<Vec<OfferingId>> = Vec::new();
        if let Some(pathway) = query.pathway.take() {
            let pathway = self.pathway(&pathway).await?;
            sets.push(
                pathway
                    .rules
                    .requirements
                    .iter()
                    .flat_map(|requirement| match requirement {
                        model::pathway::Requirement::Offerings { offerings, .. } => {
                            offerings.clone()
                        }
                        model::pathway::Requirement::Credentials { .. } => Vec::new(),
                    })
                    .collect(),
            );
        }
        if let Some(organisation) = query.recognised_by.take() {
            sets.push(
                self.recognitions(Some(&organisation), None)
                    .await?
                    .into_iter()
                    .filter(|decision| {
                        decision.applies_today
                            && decision.terms.scope != model::vocab::RecognitionScope::Refused
                    })
                    .filter_map(|decision| OfferingId::parse(decision.offering_id.as_deref()?).ok())
                    .collect(),
            );
        }
        if let Some(first) = sets.first() {
            query.offerings = Some(
                first
                    .iter()
                    .filter(|id| sets.iter().all(|set| set.contains(id)))
                    .cloned()
                    .collect(),
            );
        }
        query.limit = match query.limit {
            0 => DEFAULT_PAGE_SIZE,
            limit => limit.min(MAX_PAGE_SIZE),
        };
        Ok(self.store.search_offerings(&query).await?)
    }

    /// Every offering of a provider in any state, for its admins.
    pub async fn provider_offerings(&self, admin: &ProviderAdmin) -> AppResult<Vec<Offering>> {
        let query = OfferingQuery {
            provider: Some(admin.provider().clone()),
            public_only: false,
            limit: 10_000,
            sort: model::SortOrder::Title,
            ..OfferingQuery::default()
        };
        Ok(self.store.search_offerings(&query).await?.into_offerings())
    }

    async fn owned_offering(&self, admin: &ProviderAdmin, id: &OfferingId) -> AppResult<Offering> {
        self.offering_of(admin.provider(), id).await
    }

    /// An offering in any state, if it belongs to `provider` (`Forbidden` otherwise).
    pub(crate) async fn offering_of(
        &self,
        provider: &model::ProviderId,
        id: &OfferingId,
    ) -> AppResult<Offering> {
        let offering = self
            .store
            .get_offering(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("offering `{id}`")))?;
        if &offering.provider_id != provider {
            return Err(AppError::Forbidden(format!(
                "offering `{id}` belongs to another provider"
            )));
        }
        Ok(offering)
    }

    fn new_offering_id(&self) -> AppResult<OfferingId> {
        // 48 random bits: unique in practice, and the primary key refuses a clash.
        OfferingId::parse(&format!("of-{}", self.random_hex(6))).map_err(AppError::InvalidState)
    }
}

impl<S: Store> App<S> {
    /// The provider an offering belongs to, whatever its state (to tell 403 from 404).
    /// An offering's title in `lang` (or the nearest), whatever its state.
    pub async fn store_offering_title(
        &self,
        id: &OfferingId,
        lang: model::UiLang,
    ) -> Option<String> {
        self.store
            .get_offering(id)
            .await
            .ok()
            .map(|offering| offering.content.title.best(lang).to_owned())
    }

    /// The provider that owns an offering in any state (to authorize by): `NotFound` if there
    /// is none, a store failure as itself (never as "not found").
    pub async fn offering_owner(&self, id: &OfferingId) -> AppResult<model::ProviderId> {
        self.store
            .get_offering(id)
            .await
            .map(|offering| offering.provider_id)
            .map_err(|error| AppError::from_store(error, || format!("offering `{id}`")))
    }
}
