//! Expanded JSON-LD to RDF quads (API §8.1), walking node objects directly instead of building a
//! node map first: same triples (datasets are sets; duplicates are removed), one pass less.

use super::iri::is_absolute_iri;
use crate::error::Result;
use crate::rdf::{
    Dataset, Quad, RDF_FIRST, RDF_LANG_STRING, RDF_NIL, RDF_REST, RDF_TYPE, Term, XSD_STRING,
};
use foldhash::HashMap;
use serde_json::{Map, Value};

const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const RDF_VALUE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
const RDF_LANGUAGE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#language";
const RDF_DIRECTION: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfDirection {
    I18nDatatype,
    CompoundLiteral,
}

pub(crate) struct RdfWriter {
    pub dataset: Dataset,
    labels: HashMap<String, u32>,
    rdf_direction: Option<RdfDirection>,
}

impl RdfWriter {
    pub fn new(rdf_direction: Option<RdfDirection>) -> Self {
        RdfWriter {
            dataset: Dataset::default(),
            labels: HashMap::default(),
            rdf_direction,
        }
    }

    fn fresh_blank(&mut self) -> Term {
        let id = self.dataset.blank_count;
        self.dataset.blank_count += 1;
        Term::Blank(id)
    }

    /// A node identifier as a term; `None` if it is not a well-formed IRI (the triple is dropped).
    fn node_term(&mut self, id: &str) -> Option<Term> {
        if let Some(label) = id.strip_prefix("_:") {
            if let Some(&existing) = self.labels.get(label) {
                return Some(Term::Blank(existing));
            }
            let Term::Blank(new) = self.fresh_blank() else {
                return None;
            };
            self.labels.insert(label.to_owned(), new);
            Some(Term::Blank(new))
        } else if is_absolute_iri(id) {
            Some(Term::Iri(id.into()))
        } else {
            None
        }
    }

    fn emit(&mut self, subject: &Term, predicate: &Term, object: Term, graph: &Option<Term>) {
        self.dataset.quads.push(Quad {
            subject: subject.clone(),
            predicate: predicate.clone(),
            object,
            graph: graph.clone(),
        });
    }

    /// Emit the quads of the top-level expanded document.
    pub fn document(&mut self, expanded: &Value) -> Result<()> {
        for node in expanded.as_array().map(Vec::as_slice).unwrap_or_default() {
            if let Value::Object(node) = node
                && !node.contains_key("@value")
                && !node.contains_key("@list")
            {
                self.node(node, &None)?;
            }
        }
        Ok(())
    }

    /// Emit a node object's quads in `graph`; return its subject (None if its @id is unusable).
    fn node(&mut self, node: &Map<String, Value>, graph: &Option<Term>) -> Result<Option<Term>> {
        let subject = match node.get("@id") {
            Some(Value::String(id)) => self.node_term(id),
            Some(_) => None,
            None => Some(self.fresh_blank()),
        };
        for (property, values) in node {
            match property.as_str() {
                "@id" | "@index" | "@context" => {}
                "@type" => {
                    let Some(subject) = &subject else { continue };
                    let predicate = Term::Iri(RDF_TYPE.into());
                    for value in values
                        .as_array()
                        .map(Vec::as_slice)
                        .unwrap_or(std::slice::from_ref(values))
                    {
                        if let Some(object) = value.as_str().and_then(|t| self.node_term(t)) {
                            self.emit(subject, &predicate, object, graph);
                        }
                    }
                }
                "@graph" => {
                    let name = match &subject {
                        Some(subject) => Some(subject.clone()),
                        None => continue,
                    };
                    for inner in values.as_array().map(Vec::as_slice).unwrap_or_default() {
                        if let Value::Object(inner) = inner
                            && !inner.contains_key("@value")
                            && !inner.contains_key("@list")
                        {
                            self.node(inner, &name)?;
                        }
                    }
                }
                "@included" => {
                    for inner in values.as_array().map(Vec::as_slice).unwrap_or_default() {
                        if let Value::Object(inner) = inner {
                            self.node(inner, graph)?;
                        }
                    }
                }
                "@reverse" => {
                    let Value::Object(reverse) = values else {
                        continue;
                    };
                    for (reverse_property, items) in reverse {
                        let predicate = self.node_term(reverse_property);
                        for item in items.as_array().map(Vec::as_slice).unwrap_or_default() {
                            let Value::Object(item) = item else { continue };
                            let object_subject = self.node(item, graph)?;
                            if let (Some(predicate @ Term::Iri(_)), Some(source), Some(target)) =
                                (&predicate, object_subject, &subject)
                            {
                                self.emit(&source, predicate, target.clone(), graph);
                            }
                        }
                    }
                }
                keyword if keyword.starts_with('@') => {}
                _ => {
                    let predicate = match self.node_term(property) {
                        Some(predicate @ Term::Iri(_)) => Some(predicate),
                        _ => None,
                    };
                    for item in values
                        .as_array()
                        .map(Vec::as_slice)
                        .unwrap_or(std::slice::from_ref(values))
                    {
                        let object = self.object(item, graph)?;
                        if let (Some(subject), Some(predicate), Some(object)) =
                            (&subject, &predicate, object)
                        {
                            self.emit(subject, predicate, object, graph);
                        }
                    }
                }
            }
        }
        Ok(subject)
    }

    /// Object to RDF (API §8.1.3), emitting nested nodes and lists on the way.
    fn object(&mut self, item: &Value, graph: &Option<Term>) -> Result<Option<Term>> {
        let Value::Object(map) = item else {
            return Ok(None);
        };
        if let Some(list) = map.get("@list") {
            return self
                .list(
                    list.as_array().map(Vec::as_slice).unwrap_or_default(),
                    graph,
                )
                .map(Some);
        }
        if map.contains_key("@value") {
            return self.literal(map, graph);
        }
        self.node(map, graph)
    }

    fn list(&mut self, items: &[Value], graph: &Option<Term>) -> Result<Term> {
        if items.is_empty() {
            return Ok(Term::Iri(RDF_NIL.into()));
        }
        let nodes: Vec<Term> = items.iter().map(|_| self.fresh_blank()).collect();
        let first = Term::Iri(RDF_FIRST.into());
        let rest = Term::Iri(RDF_REST.into());
        for (index, item) in items.iter().enumerate() {
            if let Some(object) = self.object(item, graph)? {
                self.emit(&nodes[index], &first, object, graph);
            }
            let next = nodes
                .get(index + 1)
                .cloned()
                .unwrap_or_else(|| Term::Iri(RDF_NIL.into()));
            self.emit(&nodes[index], &rest, next, graph);
        }
        Ok(nodes[0].clone())
    }

    fn literal(&mut self, map: &Map<String, Value>, graph: &Option<Term>) -> Result<Option<Term>> {
        let value = &map["@value"];
        let mut datatype = map.get("@type").and_then(Value::as_str).map(str::to_owned);
        let language = map.get("@language").and_then(Value::as_str);
        if let Some(language) = language
            && !super::expand::well_formed_language(language)
        {
            return Ok(None);
        }
        if datatype
            .as_deref()
            .is_some_and(|d| d != "@json" && !is_absolute_iri(d))
        {
            return Ok(None);
        }
        let lexical = if datatype.as_deref() == Some("@json") {
            datatype = Some(RDF_JSON.to_owned());
            canonical_json(value)
        } else {
            match value {
                Value::Bool(b) => {
                    datatype.get_or_insert_with(|| XSD_BOOLEAN.to_owned());
                    b.to_string()
                }
                Value::Number(number) => {
                    let as_float = number.as_f64().unwrap_or(0.0);
                    let is_integer_number = number.is_i64() || number.is_u64();
                    let double = datatype.as_deref() == Some(XSD_DOUBLE)
                        || (!is_integer_number
                            && (as_float.fract() != 0.0 || as_float.abs() >= 1e21));
                    if double {
                        datatype.get_or_insert_with(|| XSD_DOUBLE.to_owned());
                        canonical_double(as_float)
                    } else {
                        datatype.get_or_insert_with(|| XSD_INTEGER.to_owned());
                        if is_integer_number {
                            number.to_string()
                        } else if as_float == 0.0 {
                            "0".to_owned()
                        } else {
                            format!("{as_float:.0}")
                        }
                    }
                }
                Value::String(s) => s.clone(),
                _ => return Ok(None),
            }
        };
        let direction = map.get("@direction").and_then(Value::as_str);
        if let (Some(direction), Some(mode)) = (direction, self.rdf_direction) {
            let lang = language.unwrap_or("").to_ascii_lowercase();
            match mode {
                RdfDirection::I18nDatatype => {
                    let datatype = format!("https://www.w3.org/ns/i18n#{lang}_{direction}");
                    return Ok(Some(Term::Literal {
                        value: lexical,
                        datatype: datatype.into(),
                        language: None,
                    }));
                }
                RdfDirection::CompoundLiteral => {
                    let node = self.fresh_blank();
                    let string = Term::Literal {
                        value: lexical,
                        datatype: XSD_STRING.into(),
                        language: None,
                    };
                    self.emit(&node, &Term::Iri(RDF_VALUE.into()), string, graph);
                    if let Some(language) = language {
                        let tag = Term::Literal {
                            value: language.to_ascii_lowercase(),
                            datatype: XSD_STRING.into(),
                            language: None,
                        };
                        self.emit(&node, &Term::Iri(RDF_LANGUAGE.into()), tag, graph);
                    }
                    let dir = Term::Literal {
                        value: direction.to_owned(),
                        datatype: XSD_STRING.into(),
                        language: None,
                    };
                    self.emit(&node, &Term::Iri(RDF_DIRECTION.into()), dir, graph);
                    return Ok(Some(node));
                }
            }
        }
        match (datatype, language) {
            (Some(datatype), _) => Ok(Some(Term::Literal {
                value: lexical,
                datatype: datatype.into(),
                language: None,
            })),
            (None, Some(language)) => Ok(Some(Term::Literal {
                value: lexical,
                datatype: RDF_LANG_STRING.into(),
                language: Some(language.to_owned()),
            })),
            (None, None) => Ok(Some(Term::Literal {
                value: lexical,
                datatype: XSD_STRING.into(),
                language: None,
            })),
        }
    }
}

/// XSD canonical double exactly as jsonld.js writes it: 16 significant digits, trailing zeros
/// trimmed to at least one fractional digit, `E` exponent without `+` (2.5 → "2.5E0").
pub fn canonical_double(value: f64) -> String {
    let formatted = format!("{value:.15e}");
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let mantissa = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            let trimmed = fraction.trim_end_matches('0');
            format!("{whole}.{}", if trimmed.is_empty() { "0" } else { trimmed })
        }
        None => format!("{mantissa}.0"),
    };
    format!("{mantissa}E{exponent}")
}

/// JSON Canonicalization Scheme (RFC 8785) for `@json` literals.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical_json(&mut out, value);
    out
}

fn write_canonical_json(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                out.push_str(&n.to_string());
            } else {
                out.push_str(&es6_number(n.as_f64().unwrap_or(0.0)));
            }
        }
        Value::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical_json(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                write_canonical_json(out, &map[key.as_str()]);
            }
            out.push('}');
        }
    }
}

/// ECMAScript Number::toString for finite doubles (shortest round-trip digits).
fn es6_number(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    if value.fract() == 0.0 && value.abs() < 1e21 {
        return format!("{value:.0}");
    }
    let shortest = format!("{value:e}");
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let n = exponent + 1;
    let sign = if negative { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_sign = if e >= 0 { "+" } else { "-" };
        if k == 1 {
            format!("{digits}e{e_sign}{}", e.abs())
        } else {
            format!("{}.{}e{e_sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_match_the_reference_stack() {
        assert_eq!(canonical_double(2.5), "2.5E0");
        assert_eq!(canonical_double(0.1), "1.0E-1");
        assert_eq!(canonical_double(123.456), "1.23456E2");
        assert_eq!(canonical_double(1e21), "1.0E21");
        assert_eq!(canonical_double(-7.5), "-7.5E0");
    }

    #[test]
    fn invalid_json_literal_numbers_are_es6() {
        assert_eq!(es6_number(1.5), "1.5");
        assert_eq!(es6_number(1e-7), "1e-7");
        assert_eq!(es6_number(1.25e30), "1.25e+30");
    }
}
