//! The register's statistics (issue 10): the overviews parliament asked for, over the records
//! the register holds, for analysts (every provider, nothing personal), provider admins (their
//! own provider) and — for the overviews about offerings, which count programmes and not
//! people — anyone, as open data.
//!
//! An overview reads grouped facts from the store (offering × calendar or academic year ×
//! category, summed by the database from counts kept per term; never the rows), keeps those
//! its filters admit, and publishes counts of people with primary and secondary suppression
//! (`model::statistics::suppression`).

mod catalogue;
mod dimensions;
mod list;
mod overviews;
mod pivot;
pub mod query;
mod receiving;
mod sheet;
pub mod table;
mod tally;
mod workbook;

use std::collections::HashMap;

use model::UiLang;
use store::{StatisticsScope, Store};

pub use catalogue::{OVERVIEWS, Overview};
pub use query::{STATISTICS_PARAMETERS, StatisticsQuery, YearKind};
pub use table::{Cell, Column, StatTable, Suppression};

use crate::App;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use dimensions::{Dimensions, ProviderFacts};

/// Who sees which statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatisticsAccess {
    /// Anyone: the overviews about offerings, over the whole register.
    Public,
    /// Analysts and platform admins: every overview, every provider.
    Register,
    /// A provider's admins: every overview, of their own provider.
    Provider(model::ProviderId),
}

impl StatisticsAccess {
    pub fn of(caller: Option<&Principal>) -> StatisticsAccess {
        caller.map_or(StatisticsAccess::Public, Principal::statistics_access)
    }

    fn scope(&self) -> StatisticsScope {
        match self {
            StatisticsAccess::Provider(provider) => StatisticsScope::Provider(provider.clone()),
            _ => StatisticsScope::Register,
        }
    }

    /// Whether `overview` can be shown to this caller.
    pub fn may_see(&self, overview: &Overview) -> bool {
        !overview.people || *self != StatisticsAccess::Public
    }
}

/// The threshold below which counts of people are not shown (configurable per register).
pub const DEFAULT_THRESHOLD: u64 = model::statistics::suppression::DEFAULT_THRESHOLD;

impl<S: Store> App<S> {
    /// The overviews this caller may see.
    pub fn statistics_overviews(&self, caller: Option<&Principal>) -> Vec<&'static Overview> {
        let access = StatisticsAccess::of(caller);
        OVERVIEWS
            .iter()
            .filter(|overview| access.may_see(overview))
            .collect()
    }

    /// One overview, for this caller: a provider admin's is of their own provider; anyone may
    /// see the overviews about offerings; the others need an analyst, platform admin or
    /// provider admin.
    pub async fn statistics(
        &self,
        caller: Option<&Principal>,
        id: &str,
        query: &StatisticsQuery,
        lang: UiLang,
    ) -> AppResult<StatTable> {
        self.statistics_many(caller, &[(id, query.clone())], lang)
            .await?
            .into_iter()
            .next()
            .unwrap_or_else(|| Err(AppError::NotFound(format!("statistics overview `{id}`"))))
    }

    /// Several overviews for one caller (a workbook, the parliament's questions), reading the
    /// register's offerings and providers once for all of them; each answer as `statistics`
    /// gives it.
    pub async fn statistics_many(
        &self,
        caller: Option<&Principal>,
        requests: &[(&str, StatisticsQuery)],
        lang: UiLang,
    ) -> AppResult<Vec<AppResult<StatTable>>> {
        let access = StatisticsAccess::of(caller);
        let scope = access.scope();
        let threshold = self.statistics_threshold();
        let mut dimensions = None;
        let mut answers = Vec::new();
        for (id, query) in requests {
            let (overview, by) = match admitted(&access, caller, id, query) {
                Ok(admitted) => admitted,
                Err(error) => {
                    answers.push(Err(error));
                    continue;
                }
            };
            let dimensions = match &mut dimensions {
                Some(dimensions) => dimensions,
                None => dimensions.insert(self.statistics_dimensions(&scope).await?),
            };
            let mut table = overviews::compute(
                self, overview, &scope, dimensions, query, by, threshold, lang,
            )
            .await?;
            table.filters = query.applied();
            if query.by.is_none() {
                table.filters.push(("by".to_owned(), by.to_owned()));
            }
            table.generated_at = self.now();
            answers.push(Ok(table));
        }
        Ok(answers)
    }

    /// Every overview this caller may see, in its default breakdown, as one Excel workbook
    /// (`query`'s years and filters; its `by` is not used).
    pub async fn statistics_workbook(
        &self,
        caller: Option<&Principal>,
        query: &StatisticsQuery,
        lang: UiLang,
    ) -> AppResult<Vec<u8>> {
        let query = StatisticsQuery {
            by: None,
            ..query.clone()
        };
        let requests: Vec<(&str, StatisticsQuery)> = self
            .statistics_overviews(caller)
            .into_iter()
            .map(|overview| (overview.id, query.clone()))
            .collect();
        let tables = self
            .statistics_many(caller, &requests, lang)
            .await?
            .into_iter()
            .collect::<AppResult<Vec<_>>>()?;
        self.statistics_workbook_of(&tables, &query.applied(), lang)
    }

    /// `tables` (answers already made for the caller) as one Excel workbook.
    pub fn statistics_workbook_of(
        &self,
        tables: &[StatTable],
        filters: &[(String, String)],
        lang: UiLang,
    ) -> AppResult<Vec<u8>> {
        let rule = if lang == UiLang::Nl {
            model::statistics::suppression::rule_text_nl(self.statistics_threshold())
        } else {
            model::statistics::suppression::rule_text(self.statistics_threshold())
        };
        workbook::workbook(tables, filters, self.now(), &rule, lang).map_err(|error| {
            AppError::InvalidState(format!("the workbook could not be written: {error}"))
        })
    }

    /// The threshold of the small-numbers rule.
    pub fn statistics_threshold(&self) -> u64 {
        self.statistics_threshold
    }

    async fn statistics_dimensions(&self, scope: &StatisticsScope) -> AppResult<Dimensions> {
        let offerings = self.store.offering_facts(scope).await?;
        let providers = self
            .store
            .list_providers(false)
            .await?
            .into_iter()
            .map(|provider| {
                (
                    provider.id.clone(),
                    ProviderFacts {
                        name: provider.content.legal_name.clone(),
                        provider_type: provider.content.provider_type,
                        country: provider.content.country.clone(),
                        region: provider.content.region.clone(),
                    },
                )
            })
            .collect::<HashMap<_, _>>();
        Ok(Dimensions {
            offerings: offerings
                .into_iter()
                .map(|offering| (offering.id.clone(), offering))
                .collect(),
            providers,
        })
    }
}

/// The overview `id` and its breakdown, if `access` may see it and `query.by` is one of its
/// breakdowns.
fn admitted(
    access: &StatisticsAccess,
    caller: Option<&Principal>,
    id: &str,
    query: &StatisticsQuery,
) -> AppResult<(&'static Overview, &'static str)> {
    let overview = OVERVIEWS
        .iter()
        .find(|overview| overview.id == id)
        .ok_or_else(|| AppError::NotFound(format!("statistics overview `{id}`")))?;
    if !access.may_see(overview) {
        return Err(match caller {
            None => AppError::Unauthenticated(
                "this overview counts people: sign in as an analyst or a provider admin",
            ),
            Some(_) => AppError::Forbidden(
                "this overview counts people: analysts and provider admins see it".to_owned(),
            ),
        });
    }
    let by = query.by.as_deref().unwrap_or(overview.default_by);
    let Some(by) = overview.breakdowns.iter().copied().find(|b| *b == by) else {
        return Err(AppError::Validation(model::ValidationErrors(vec![
            model::ElementError {
                element: "by".to_owned(),
                code: model::ViolationCode::InvalidValue,
                message: format!(
                    "`{by}` is not a breakdown of `{id}`; allowed: {}",
                    overview.breakdowns.join(", ")
                ),
                allowed: Some(
                    overview
                        .breakdowns
                        .iter()
                        .map(|b| (*b).to_owned())
                        .collect(),
                ),
            },
        ])));
    };
    Ok((overview, by))
}
