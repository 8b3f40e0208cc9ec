//! Recognition decisions as pages and the API show them: each with its organisation's name and
//! kind and its offering's title, read once per listing.

use std::collections::HashMap;

use model::{LangText, OfferingId, ProviderId};
use store::{DecisionFilter, DecisionSubject, RecognitionDecision, Store};

use crate::App;
use crate::error::AppResult;
use crate::recognition::DecisionView;

/// Organisations and offering titles already read while making decision views.
#[derive(Default)]
struct ViewLookups {
    providers: HashMap<ProviderId, model::Provider>,
    titles: HashMap<OfferingId, Option<LangText>>,
}

impl<S: Store> App<S> {
    pub(crate) async fn decision_view(
        &self,
        decision: RecognitionDecision,
    ) -> AppResult<DecisionView> {
        self.decision_view_with(decision, &mut ViewLookups::default())
            .await
    }

    /// A decision as shown, its organisation and offering read once per `lookups` (a listing
    /// of many decisions by few organisations about few offerings reads each once).
    async fn decision_view_with(
        &self,
        decision: RecognitionDecision,
        lookups: &mut ViewLookups,
    ) -> AppResult<DecisionView> {
        let provider = match lookups.providers.get(&decision.provider_id) {
            Some(provider) => provider.clone(),
            None => {
                let provider = self.store.get_provider(&decision.provider_id).await?;
                lookups
                    .providers
                    .insert(decision.provider_id.clone(), provider.clone());
                provider
            }
        };
        let (offering_id, offering_title, credential_id) = match &decision.subject {
            DecisionSubject::Offering(offering) => {
                let title = match lookups.titles.get(offering) {
                    Some(title) => title.clone(),
                    None => {
                        let title = self
                            .store
                            .get_offering(offering)
                            .await
                            .ok()
                            .map(|offering| offering.content.title);
                        lookups.titles.insert(offering.clone(), title.clone());
                        title
                    }
                };
                (Some(offering.to_string()), title, None)
            }
            DecisionSubject::Credential(credential) => (None, None, Some(credential.clone())),
        };
        let applies_today =
            decision.withdrawn_at.is_none() && decision.terms.applies_on(self.now().date());
        Ok(DecisionView {
            id: decision.id,
            provider_id: decision.provider_id.to_string(),
            provider_name: provider.content.legal_name,
            receiving_kind: provider.content.receiving_organisation,
            offering_id,
            offering_title,
            credential_id,
            terms: decision.terms,
            decided_at: decision.decided_at,
            withdrawn: decision.withdrawn_at.is_some(),
            applies_today,
        })
    }

    pub(crate) async fn decision_views(
        &self,
        filter: &DecisionFilter,
    ) -> AppResult<Vec<DecisionView>> {
        let mut lookups = ViewLookups::default();
        let mut views = Vec::new();
        for decision in self.store.decisions(filter).await? {
            views.push(self.decision_view_with(decision, &mut lookups).await?);
        }
        Ok(views)
    }
}
