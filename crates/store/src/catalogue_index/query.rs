//! Turns an `OfferingQuery` into one tantivy query (filters as zero-score term and range
//! clauses, free text as an AND over words of an OR over each word's alternatives) and collects
//! the exact count together with one page of offering ids in the requested order.

use std::ops::Bound;

use model::{OfferingQuery, SortOrder, Vocabulary};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Order, Searcher, Term};

use super::{CREATED_AT, Fields, KEY, PUBLISHED_AT, TITLE_SORT, index_error};
use crate::StoreResult;

/// A clause that only filters: a score of zero, so filters never change the relevance order.
fn filter(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

fn term(term: Term) -> (Occur, Box<dyn Query>) {
    filter(Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
}

pub(super) fn build(fields: &Fields, query: &OfferingQuery) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let words = query
        .text
        .as_deref()
        .map(model::search::query_terms)
        .unwrap_or_default();
    for alternatives in &words {
        let mut terms: Vec<Box<dyn Query>> = alternatives
            .iter()
            .map(|alternative| {
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.terms, alternative),
                    IndexRecordOption::WithFreqs,
                )) as Box<dyn Query>
            })
            .collect();
        let word: Box<dyn Query> = if terms.len() == 1 {
            terms.remove(0)
        } else {
            Box::new(BooleanQuery::union(terms))
        };
        clauses.push((Occur::Must, word));
    }
    if query.public_only {
        clauses.push(term(Term::from_field_bool(fields.public, true)));
    }
    if let Some(eqf) = query.eqf {
        clauses.push(term(Term::from_field_u64(fields.eqf, u64::from(eqf))));
    }
    if query.ects_min.is_some() || query.ects_max.is_some() {
        let bound = |value: Option<f64>| {
            value.map_or(Bound::Unbounded, |value| {
                Bound::Included(Term::from_field_f64(fields.ects, value))
            })
        };
        clauses.push(filter(Box::new(RangeQuery::new(
            bound(query.ects_min),
            bound(query.ects_max),
        ))));
    }
    if let Some(field) = &query.isced_field {
        let indexed = if field.len() == 2 {
            fields.isced_broad
        } else {
            fields.isced_field
        };
        clauses.push(term(Term::from_field_text(indexed, field)));
    }
    if let Some(mode) = query.mode {
        clauses.push(term(Term::from_field_text(fields.mode, mode.code())));
    }
    if let Some(language) = &query.language {
        clauses.push(term(Term::from_field_text(fields.languages, language)));
    }
    if let Some(country) = &query.country {
        clauses.push(term(Term::from_field_text(fields.country, country)));
    }
    if let Some(region) = &query.region {
        // Every prefix of a provider's region is indexed: BE2 finds BE21 and BE211.
        clauses.push(term(Term::from_field_text(fields.region, region)));
    }
    if let Some(provider) = &query.provider {
        clauses.push(term(Term::from_field_text(
            fields.provider,
            provider.as_str(),
        )));
    }
    if let Some(scheme) = &query.funding_scheme {
        clauses.push(term(Term::from_field_text(fields.funding, scheme)));
    }
    if let Some(pilot) = query.pilot {
        clauses.push(term(Term::from_field_bool(fields.pilot, pilot)));
    }
    if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The total and the page's ids. Every order ends on the offering id, so equal keys (same
/// publication time, same title) still page stably.
pub(super) fn page(
    searcher: &Searcher,
    query: &dyn Query,
    offering_query: &OfferingQuery,
    offset: usize,
    limit: usize,
) -> StoreResult<(usize, Vec<String>)> {
    let top = TopDocs::with_limit(limit).and_offset(offset);
    let id = || (SortByString::for_field(KEY), Order::Asc);
    let newest = || {
        (
            SortByStaticFastValue::<i64>::for_field(PUBLISHED_AT),
            Order::Desc,
        )
    };
    let has_text = offering_query
        .text
        .as_deref()
        .is_some_and(|text| !model::search::query_terms(text).is_empty());
    let (total, ids): (usize, Vec<Option<String>>) = match (offering_query.sort, has_text) {
        (SortOrder::Relevance, true) => {
            let collector = top.order_by(((SortBySimilarityScore, Order::Desc), newest(), id()));
            let (total, hits) = searcher
                .search(query, &(Count, collector))
                .map_err(index_error)?;
            (total, hits.into_iter().map(|((_, _, id), _)| id).collect())
        }
        (SortOrder::Relevance | SortOrder::Newest, _) => {
            let created = (
                SortByStaticFastValue::<i64>::for_field(CREATED_AT),
                Order::Desc,
            );
            let collector = top.order_by((newest(), created, id()));
            let (total, hits) = searcher
                .search(query, &(Count, collector))
                .map_err(index_error)?;
            (total, hits.into_iter().map(|((_, _, id), _)| id).collect())
        }
        (SortOrder::Title, _) => {
            let title = (SortByString::for_field(TITLE_SORT), Order::Asc);
            let collector = top.order_by((title, id()));
            let (total, hits) = searcher
                .search(query, &(Count, collector))
                .map_err(index_error)?;
            (total, hits.into_iter().map(|((_, id), _)| id).collect())
        }
    };
    // Every document has a key; `Option` is only the sort-key type of string columns.
    Ok((total, ids.into_iter().flatten().collect()))
}
