//! Turns an `OfferingQuery` into one tantivy query (filters as zero-score term and range
//! clauses, free text as an AND over words of an OR over each word's alternatives and prefix)
//! and collects the exact count together with one page of offering ids in the requested order.

use std::ops::Bound;

use model::search::QueryWord;
use model::{OfferingQuery, SortOrder, Vocabulary};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, InvertedIndexRangeQuery, Occur, Query, RangeQuery,
    TermQuery,
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

/// What a word adds to an offering's score when one of its whole-term alternatives occurs
/// there, on top of BM25. BM25 of a term found in nearly every offering tends to zero; this
/// keeps every whole-term match above every prefix-only match of the same word.
const WHOLE_TERM_BONUS: f32 = 1.0;

/// The score of a word matched only as the prefix of a longer term (`bouw` in `bouwplaats`):
/// a constant, as no frequency statistics are gathered over the expanded terms.
const PREFIX_SCORE: f32 = 0.5;

/// At most this many index terms (in term order) a prefix expands to, so that a short prefix
/// over a large vocabulary stays within the latency budget; terms after the cut are not found
/// through the prefix (their whole words still are).
const MAX_PREFIX_EXPANSIONS: u64 = 1_000;

/// The index terms that begin with `prefix`: the term range [prefix, prefix with its last byte
/// raised). The last byte of UTF-8 text is never 0xFF, so raising it never overflows.
fn prefix_range(fields: &Fields, prefix: &str) -> Option<Box<dyn Query>> {
    let mut end = prefix.as_bytes().to_vec();
    let last = end.last_mut()?;
    *last = last.checked_add(1)?;
    let mut range = InvertedIndexRangeQuery::new(
        Bound::Included(Term::from_field_text(fields.terms, prefix)),
        Bound::Excluded(Term::from_field_bytes(fields.terms, &end)),
    );
    range.limit(MAX_PREFIX_EXPANSIONS);
    Some(Box::new(range))
}

/// One query word: BM25 over its whole-term alternatives plus the whole-term bonus where one
/// occurs, and the prefix score where a term begins with the word (the word itself included),
/// so an offering found only through the prefix scores the least.
fn word_query(fields: &Fields, word: &QueryWord) -> Box<dyn Query> {
    let term = |alternative: &String, record: IndexRecordOption| {
        Box::new(TermQuery::new(
            Term::from_field_text(fields.terms, alternative),
            record,
        )) as Box<dyn Query>
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = word
        .alternatives
        .iter()
        .map(|alternative| {
            (
                Occur::Should,
                term(alternative, IndexRecordOption::WithFreqs),
            )
        })
        .collect();
    let whole_terms = BooleanQuery::union(
        word.alternatives
            .iter()
            .map(|alternative| term(alternative, IndexRecordOption::Basic))
            .collect(),
    );
    clauses.push((
        Occur::Should,
        Box::new(ConstScoreQuery::new(
            Box::new(whole_terms),
            WHOLE_TERM_BONUS,
        )),
    ));
    if let Some(prefix) = word
        .prefix
        .as_deref()
        .and_then(|prefix| prefix_range(fields, prefix))
    {
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(prefix, PREFIX_SCORE)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

pub(super) fn build(fields: &Fields, query: &OfferingQuery) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let words = query
        .text
        .as_deref()
        .map(model::search::query_terms)
        .unwrap_or_default();
    for word in &words {
        clauses.push((Occur::Must, word_query(fields, word)));
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
    if let Some(offerings) = &query.offerings {
        let any: Vec<(Occur, Box<dyn Query>)> = offerings
            .iter()
            .map(|id| {
                let one: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(fields.key, id.as_str()),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, one)
            })
            .collect();
        // An empty set matches nothing (a boolean query of no clauses would match all).
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        if offerings.is_empty() {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.key, ""),
                    IndexRecordOption::Basic,
                )),
            ));
        }
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
