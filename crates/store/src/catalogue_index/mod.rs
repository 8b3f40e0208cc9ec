//! The catalogue search index: an in-memory tantivy index of every offering's current version,
//! used by both backends, so search ranks and filters identically on SQLite and PostgreSQL.
//!
//! Why in memory: counting and ranking tens of thousands of matches in SQL cost 40–150 ms per
//! query at 100,000 offerings (exact counts over every public row, bm25 over thousands of FTS5
//! hits); tantivy does the same in about a millisecond. The index holds only search terms, filter
//! and sort values (no documents: SQL stays the one source of truth and serves the page), so it
//! is small, and rebuilding it from SQL at start-up takes seconds — nothing to keep on disk.
//!
//! How it stays consistent across processes and servers: every write that changes what search
//! sees appends to `catalogue_changes` in the same transaction (an offering id, or a provider id
//! meaning "all its offerings"). The index remembers the last change `seq` it applied; each
//! search first asks for newer changes (one indexed query, usually empty), re-reads those
//! offerings from SQL and replaces them in the index, then searches. A write committed before a
//! search starts, by any process on the same database, is therefore seen by that search.
//! The log is never pruned: which entries every server has applied cannot be known from one of
//! them, and a row is a few dozen bytes (a 100,000-offering bulk load adds about 4 MB). A search
//! that finds more than a few thousand pending entries rebuilds the whole index instead.
//! `sql_store/catalogue_sync.rs` holds that SQL side; this module only the tantivy side, and
//! knows nothing of SQL.

mod documents;
mod query;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, PoisonError};

use model::OfferingQuery;
use tantivy::collector::Count;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenizerManager};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::{StoreError, StoreResult};

/// The tokenizer of the pre-stemmed terms: split on non-alphanumerics and lower-case, as SQLite
/// FTS5's `unicode61` did; the language knowledge (stems, accent folding) is `model::search`'s.
const TERMS_TOKENIZER: &str = "catalogue_terms";

/// Indexing memory per writer thread; more makes fewer segments at the first build.
const WRITER_MEMORY_PER_THREAD: usize = 48_000_000;

/// What the index knows of one offering (its current version), read from SQL.
#[derive(Debug, Clone)]
pub(crate) struct IndexedOffering {
    pub id: String,
    pub provider_id: String,
    /// Offering published and its provider published: in the public catalogue.
    pub public: bool,
    pub eqf: Option<u64>,
    pub ects: Option<f64>,
    pub isced_field: String,
    pub isced_broad: String,
    pub mode: String,
    pub languages: Vec<String>,
    pub country: String,
    pub region: Option<String>,
    pub funding_schemes: Vec<String>,
    pub pilot: bool,
    /// Nanoseconds since 1970; drafts (never published) sort after every published offering.
    pub published_at: Option<i64>,
    pub created_at: i64,
    pub title_sort: String,
    pub terms: String,
}

/// The schema's fields, looked up once.
#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    terms: Field,
    public: Field,
    eqf: Field,
    ects: Field,
    isced_field: Field,
    isced_broad: Field,
    mode: Field,
    languages: Field,
    provider: Field,
    country: Field,
    region: Field,
    funding: Field,
    pilot: Field,
    published_at: Field,
    created_at: Field,
    title_sort: Field,
}

const KEY: &str = "key";
const PUBLISHED_AT: &str = "published_at";
const CREATED_AT: &str = "created_at";
const TITLE_SORT: &str = "title_sort";

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let terms = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TERMS_TOKENIZER)
            // Frequencies for BM25; no positions: queries are bags of words, never phrases.
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        key: builder.add_text_field(KEY, STRING | FAST),
        terms: builder.add_text_field("terms", terms),
        public: builder.add_bool_field("public", INDEXED),
        eqf: builder.add_u64_field("eqf", INDEXED),
        ects: builder.add_f64_field("ects", INDEXED | FAST),
        isced_field: builder.add_text_field("isced_field", STRING),
        isced_broad: builder.add_text_field("isced_broad", STRING),
        mode: builder.add_text_field("mode", STRING),
        languages: builder.add_text_field("languages", STRING),
        provider: builder.add_text_field("provider", STRING),
        country: builder.add_text_field("country", STRING),
        region: builder.add_text_field("region", STRING),
        funding: builder.add_text_field("funding", STRING),
        pilot: builder.add_bool_field("pilot", INDEXED),
        published_at: builder.add_i64_field(PUBLISHED_AT, FAST),
        created_at: builder.add_i64_field(CREATED_AT, FAST),
        title_sort: builder.add_text_field(TITLE_SORT, FAST),
    };
    (builder.build(), fields)
}

fn index_error(error: tantivy::TantivyError) -> StoreError {
    StoreError::Database(format!("catalogue index: {error}"))
}

/// The in-memory index, its single writer and the last applied change.
pub(crate) struct CatalogueIndex {
    fields: Fields,
    /// Tantivy allows one writer; adding is sync and fast, so a std mutex (never held across
    /// an await) is enough. Searches never take it: they read through `reader`.
    writer: Mutex<IndexWriter>,
    reader: IndexReader,
    /// The last `catalogue_changes.seq` reflected in `reader`'s view.
    applied: AtomicI64,
    /// Serializes catching up with the change log (SQL reads included), so two searches never
    /// apply the same changes twice or an older read over a newer one.
    pub(crate) refresh: tokio::sync::Mutex<()>,
    /// The documents of recent result pages.
    pub(crate) documents: documents::OfferingCache,
}

impl CatalogueIndex {
    /// An empty index.
    pub fn new() -> StoreResult<CatalogueIndex> {
        let (schema, fields) = schema();
        let tokenizers = TokenizerManager::default();
        tokenizers.register(
            TERMS_TOKENIZER,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .build(),
        );
        let index = Index::builder()
            .schema(schema)
            .tokenizers(tokenizers)
            .create_in_ram()
            .map_err(index_error)?;
        let threads = std::thread::available_parallelism().map_or(1, |count| count.get().min(2));
        let writer = index
            .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
            .map_err(index_error)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        Ok(CatalogueIndex {
            fields,
            writer: Mutex::new(writer),
            reader,
            applied: AtomicI64::new(0),
            refresh: tokio::sync::Mutex::new(()),
            documents: documents::OfferingCache::default(),
        })
    }

    pub fn applied(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    fn document(&self, offering: &IndexedOffering) -> TantivyDocument {
        let fields = &self.fields;
        let mut document = TantivyDocument::new();
        document.add_text(fields.key, &offering.id);
        document.add_text(fields.terms, &offering.terms);
        document.add_bool(fields.public, offering.public);
        if let Some(eqf) = offering.eqf {
            document.add_u64(fields.eqf, eqf);
        }
        if let Some(ects) = offering.ects {
            document.add_f64(fields.ects, ects);
        }
        document.add_text(fields.isced_field, &offering.isced_field);
        document.add_text(fields.isced_broad, &offering.isced_broad);
        document.add_text(fields.mode, &offering.mode);
        for language in &offering.languages {
            document.add_text(fields.languages, language);
        }
        document.add_text(fields.provider, &offering.provider_id);
        document.add_text(fields.country, &offering.country);
        // Every prefix of the NUTS code, so that a region filter (BE, BE2, BE21) is one term.
        if let Some(region) = &offering.region {
            for (end, _) in region.char_indices().skip(1) {
                document.add_text(fields.region, &region[..end]);
            }
            document.add_text(fields.region, region);
        }
        for scheme in &offering.funding_schemes {
            document.add_text(fields.funding, scheme);
        }
        document.add_bool(fields.pilot, offering.pilot);
        document.add_i64(
            fields.published_at,
            offering.published_at.unwrap_or(i64::MIN),
        );
        document.add_i64(fields.created_at, offering.created_at);
        document.add_text(fields.title_sort, &offering.title_sort);
        document
    }

    /// Replaces the whole index with `offerings`, which reflect every change up to `up_to`.
    pub fn replace_all(&self, offerings: &[IndexedOffering], up_to: i64) -> StoreResult<()> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        writer.delete_all_documents().map_err(index_error)?;
        for offering in offerings {
            writer
                .add_document(self.document(offering))
                .map_err(index_error)?;
        }
        self.commit(&mut writer, up_to)
    }

    /// Replaces the given offerings and every offering of the given providers by `fresh` (their
    /// current state, read after changes up to `up_to` were committed). An `up_to` already
    /// applied is ignored: a newer read got there first.
    pub fn apply(
        &self,
        offering_ids: &[String],
        provider_ids: &[String],
        fresh: &[IndexedOffering],
        up_to: i64,
    ) -> StoreResult<()> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if up_to <= self.applied() {
            return Ok(());
        }
        // Deletes apply to documents added before them, so all deletes come first.
        for id in offering_ids {
            writer.delete_term(Term::from_field_text(self.fields.key, id));
        }
        for id in provider_ids {
            writer.delete_term(Term::from_field_text(self.fields.provider, id));
        }
        for offering in fresh {
            writer
                .add_document(self.document(offering))
                .map_err(index_error)?;
        }
        self.commit(&mut writer, up_to)
    }

    fn commit(&self, writer: &mut IndexWriter, up_to: i64) -> StoreResult<()> {
        writer.commit().map_err(index_error)?;
        self.reader.reload().map_err(index_error)?;
        self.applied.store(up_to, Ordering::Release);
        Ok(())
    }

    /// The number of matches and the offering ids of the requested page, in order.
    pub fn search(&self, query: &OfferingQuery) -> StoreResult<(u64, Vec<String>)> {
        let searcher = self.reader.searcher();
        let tantivy_query = query::build(&self.fields, query);
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        if limit == 0 {
            let total = searcher
                .search(&*tantivy_query, &Count)
                .map_err(index_error)?;
            return Ok((total as u64, Vec::new()));
        }
        let (total, ids) = query::page(&searcher, &*tantivy_query, query, offset, limit)?;
        Ok((total as u64, ids))
    }
}
