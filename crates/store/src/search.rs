//! Builds the catalogue search SQL from an `OfferingQuery`: filters as bound parameters, full text
//! through SQLite FTS5 or PostgreSQL's text search over the terms `model::search` produced.

use model::{OfferingQuery, SortOrder, Vocabulary};

use crate::dialect::Backend;

/// A value bound to a numbered parameter.
#[derive(Debug, Clone)]
pub enum Bind {
    Text(String),
    Int(i64),
    Real(f64),
    Bool(bool),
}

/// The SQL of one search: the page query and the matching count query, sharing their parameters.
pub struct SearchSql {
    pub page: String,
    pub count: String,
    pub binds: Vec<Bind>,
}

struct Builder {
    conditions: Vec<String>,
    binds: Vec<Bind>,
}

impl Builder {
    /// Adds a bound parameter and returns its placeholder.
    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn condition(&mut self, template: &str, value: Bind) {
        let placeholder = self.bind(value);
        self.conditions.push(template.replace('?', &placeholder));
    }
}

/// The full-text expression for the alternatives of each query word.
fn text_expression(backend: Backend, words: &[Vec<String>]) -> String {
    let (or, and, quote) = match backend {
        Backend::Sqlite => (" OR ", " AND ", "\""),
        Backend::Postgres => (" | ", " & ", ""),
    };
    words
        .iter()
        .map(|alternatives| {
            let terms: Vec<String> = alternatives
                .iter()
                .map(|term| format!("{quote}{term}{quote}"))
                .collect();
            format!("({})", terms.join(or))
        })
        .collect::<Vec<_>>()
        .join(and)
}

pub fn build(backend: Backend, query: &OfferingQuery) -> SearchSql {
    let mut builder = Builder {
        conditions: Vec::new(),
        binds: Vec::new(),
    };
    let mut from = String::from("offerings o JOIN providers p ON p.id = o.provider_id");
    let mut rank = None;

    let words = query
        .text
        .as_deref()
        .map(model::search::query_terms)
        .unwrap_or_default();
    if !words.is_empty() {
        let expression = text_expression(backend, &words);
        match backend {
            Backend::Sqlite => {
                let placeholder = builder.bind(Bind::Text(expression));
                from.push_str(&format!(
                    " JOIN (SELECT offering_id, bm25(offering_search) AS rank FROM offering_search WHERE offering_search MATCH {placeholder}) s ON s.offering_id = o.id"
                ));
                rank = Some("s.rank ASC".to_owned());
            }
            Backend::Postgres => {
                let placeholder = builder.bind(Bind::Text(expression));
                builder.conditions.push(format!(
                    "to_tsvector('simple', o.search_terms) @@ to_tsquery('simple', {placeholder})"
                ));
                rank = Some(format!(
                    "ts_rank(to_tsvector('simple', o.search_terms), to_tsquery('simple', {placeholder})) DESC"
                ));
            }
        }
    }
    if query.public_only {
        builder
            .conditions
            .push("o.status = 'published' AND p.status = 'published'".to_owned());
    }
    if let Some(eqf) = query.eqf {
        builder.condition("o.eqf = ?", Bind::Int(i64::from(eqf)));
    }
    if let Some(min) = query.ects_min {
        builder.condition("o.ects >= ?", Bind::Real(min));
    }
    if let Some(max) = query.ects_max {
        builder.condition("o.ects <= ?", Bind::Real(max));
    }
    if let Some(field) = &query.isced_field {
        let column = if field.len() == 2 {
            "o.isced_broad"
        } else {
            "o.isced_field"
        };
        builder.condition(&format!("{column} = ?"), Bind::Text(field.clone()));
    }
    if let Some(mode) = query.mode {
        builder.condition("o.mode = ?", Bind::Text(mode.code().to_owned()));
    }
    if let Some(language) = &query.language {
        builder.condition("EXISTS (SELECT 1 FROM offering_languages l WHERE l.offering_id = o.id AND l.language = ?)", Bind::Text(language.clone()));
    }
    if let Some(country) = &query.country {
        builder.condition("p.country = ?", Bind::Text(country.clone()));
    }
    if let Some(region) = &query.region {
        // A NUTS code contains every code it prefixes (BE2 contains BE21 and BE211).
        builder.condition(
            "p.region LIKE ?",
            Bind::Text(format!("{}%", region.replace(['%', '_'], ""))),
        );
    }
    if let Some(provider) = &query.provider {
        builder.condition(
            "o.provider_id = ?",
            Bind::Text(provider.as_str().to_owned()),
        );
    }
    if let Some(scheme) = &query.funding_scheme {
        builder.condition(
            "EXISTS (SELECT 1 FROM offering_funding f WHERE f.offering_id = o.id AND f.scheme = ?)",
            Bind::Text(scheme.clone()),
        );
    }
    if let Some(pilot) = query.pilot {
        builder.condition("o.pilot = ?", Bind::Bool(pilot));
    }

    let filter = if builder.conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", builder.conditions.join(" AND "))
    };
    let order = match (query.sort, rank) {
        (SortOrder::Relevance, Some(rank)) => format!("{rank}, o.published_at DESC, o.id"),
        (SortOrder::Relevance | SortOrder::Newest, _) => {
            "o.published_at DESC, o.created_at DESC, o.id".to_owned()
        }
        (SortOrder::Title, _) => "o.title_sort, o.id".to_owned(),
    };
    let count = format!("SELECT COUNT(*) AS total FROM {from}{filter}");
    let limit = builder.bind(Bind::Int(i64::from(query.limit)));
    let offset = builder.bind(Bind::Int(i64::from(query.offset)));
    let page = format!(
        "SELECT o.id, o.provider_id, o.status, o.version, o.created_at, o.updated_at, o.published_at, o.withdrawn_at, v.document \
         FROM {from} JOIN offering_versions v ON v.offering_id = o.id AND v.version = o.version{filter} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    SearchSql {
        page,
        count,
        binds: builder.binds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_an_and_of_ors_of_quoted_terms() {
        let words = model::search::query_terms("cursussen python");
        assert_eq!(
            text_expression(Backend::Sqlite, &words[1..]),
            "(\"python\")"
        );
        assert!(text_expression(Backend::Postgres, &words).contains(" & "));
        assert!(
            text_expression(Backend::Sqlite, &words).starts_with("(\"cursussen\" OR \"cursus\" OR")
        );
    }

    #[test]
    fn filters_are_bound_never_spliced() {
        let query = OfferingQuery {
            country: Some("BE' OR 1=1 --".into()),
            limit: 10,
            ..OfferingQuery::default()
        };
        let sql = build(Backend::Sqlite, &query);
        assert!(!sql.page.contains("OR 1=1"));
        assert!(sql.page.contains("p.country = $1"));
    }
}
