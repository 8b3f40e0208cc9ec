//! The OpenAPI 3.1 document of the API: paths written here, schemas generated from the very Rust
//! types the handlers serialize (schemars), so the two cannot drift apart silently.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::api;
use crate::error::ApiError;
use crate::params::SEARCH_PARAMETERS;

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn json_content(schema: Value) -> Value {
    json!({"application/json": {"schema": schema}})
}

fn errors(codes: &[(&str, &str)]) -> Map<String, Value> {
    codes
        .iter()
        .map(|(status, description)| {
            (
                (*status).to_owned(),
                json!({"description": description, "content": json_content(reference("ApiError"))}),
            )
        })
        .collect()
}

fn operation(
    summary: &str,
    tag: &str,
    ok: (&str, &str, Value),
    mut error_codes: Vec<(&'static str, &'static str)>,
    secured: bool,
    body: Option<(&str, Value)>,
) -> Value {
    let mut responses = Map::new();
    responses.insert(
        ok.0.to_owned(),
        json!({"description": ok.1, "content": json_content(ok.2)}),
    );
    if secured {
        error_codes.push(("401", "Missing, unknown or revoked token"));
        error_codes.push(("403", "The token's role or provider may not do this"));
    }
    responses.extend(errors(&error_codes));
    let mut operation = json!({"summary": summary, "tags": [tag], "responses": responses});
    if secured {
        operation["security"] = json!([{"bearer": []}]);
    }
    if let Some((description, schema)) = body {
        operation["requestBody"] =
            json!({"required": true, "description": description, "content": json_content(schema)});
    }
    operation
}

fn id_parameter(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}, "description": description})
}

const WRITE_ERRORS: [(&str, &str); 5] = [
    ("400", "Malformed JSON (syntax, duplicate keys, nesting)"),
    ("404", "Not found"),
    ("413", "Body larger than 1 MiB"),
    ("415", "Not application/json"),
    (
        "422",
        "An element is missing or invalid; `element` and `errors` name each one",
    ),
];

/// The OpenAPI document served at `/api/openapi.json`.
pub fn document() -> Value {
    let mut generator = SchemaSettings::openapi3()
        .with(|settings| settings.definitions_path = "/components/schemas".into())
        .into_generator();
    let offering = generator.subschema_for::<model::Offering>().to_value();
    let offering_content = generator
        .subschema_for::<model::OfferingContent>()
        .to_value();
    let provider = generator.subschema_for::<model::Provider>().to_value();
    let provider_content = generator
        .subschema_for::<model::ProviderContent>()
        .to_value();
    let search = generator
        .subschema_for::<api::catalogue_schema::SearchResponse>()
        .to_value();
    let versions = generator
        .subschema_for::<api::catalogue_schema::VersionsResponse>()
        .to_value();
    let version = generator
        .subschema_for::<model::OfferingVersion>()
        .to_value();
    let providers = generator
        .subschema_for::<api::providers_schema::ProvidersResponse>()
        .to_value();
    let provider_offerings = generator
        .subschema_for::<api::providers_schema::ProviderOfferingsResponse>()
        .to_value();
    let _ = generator.subschema_for::<ApiError>();
    let schemes = generator
        .subschema_for::<Vec<model::FundingScheme>>()
        .to_value();
    let mut schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    schemas.entry("ApiError".to_owned()).or_insert_with(|| {
        ApiError::json_schema(&mut SchemaSettings::openapi3().into_generator()).to_value()
    });
    let mut create_offering = offering_content.clone();
    if let Some(object) = create_offering.as_object_mut() {
        object.insert(
            "description".into(),
            "An offering document; a platform admin adds `provider_id`. Example: see `x-example`."
                .into(),
        );
    }

    let search_parameters: Vec<Value> = SEARCH_PARAMETERS.iter().map(|(name, description)| json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}, "description": description})).collect();
    let offering_id = id_parameter("id", "Offering id");
    let provider_id = id_parameter("id", "Provider id (slug)");
    let mut search_operation = operation(
        "Search the public catalogue",
        "catalogue",
        ("200", "A page of published offerings", search),
        vec![("400", "A query parameter is invalid; `element` names it")],
        false,
        None,
    );
    search_operation["parameters"] = Value::Array(search_parameters);

    let paths = json!({
        "/contexts/microcred/v1.jsonld": {"get": {"summary": "The microcred v1 JSON-LD context (Annex I terms Open Badges lacks); immutable, SHA-256 pinned", "tags": ["meta"], "responses": {"200": {"description": "application/ld+json"}}}},
        "/api/openapi.json": {"get": {"summary": "This document", "tags": ["meta"], "responses": {"200": {"description": "OpenAPI 3.1 document"}}}},
        "/api/v1/offerings": {
            "get": search_operation,
            "post": operation("Create an offering (draft, version 1)", "catalogue", ("201", "Created", offering.clone()), WRITE_ERRORS.to_vec(), true, Some(("Offering document", create_offering.clone()))),
        },
        "/api/v1/offerings/{id}": {
            "parameters": [offering_id.clone()],
            "get": operation("Read an offering (current version)", "catalogue", ("200", "The offering", offering.clone()), vec![("404", "Unknown, or a draft of another provider")], false, None),
            "put": operation("Edit an offering; a published one gets a new version", "catalogue", ("200", "The offering", offering.clone()), WRITE_ERRORS.to_vec(), true, Some(("Offering document", create_offering))),
        },
        "/api/v1/offerings/{id}/publish": {"parameters": [offering_id.clone()], "post": operation("Publish an offering", "catalogue", ("200", "Published", offering.clone()), vec![("404", "Not found")], true, None)},
        "/api/v1/offerings/{id}/withdraw": {"parameters": [offering_id.clone()], "post": operation("Withdraw an offering", "catalogue", ("200", "Withdrawn", offering), vec![("404", "Not found"), ("409", "A draft cannot be withdrawn")], true, None)},
        "/api/v1/offerings/{id}/versions": {"parameters": [offering_id.clone()], "get": operation("Every version of an offering", "catalogue", ("200", "Versions, oldest first", versions), vec![("404", "Not found")], false, None)},
        "/api/v1/offerings/{id}/versions/{version}": {"parameters": [offering_id, id_parameter("version", "Version number from 1")], "get": operation("One version of an offering", "catalogue", ("200", "The version", version), vec![("404", "Not found")], false, None)},
        "/api/v1/providers": {
            "get": operation("List providers", "providers", ("200", "Published providers (and the caller's own)", providers), vec![], false, None),
            "post": operation("Register a provider (platform admin; created as draft)", "providers", ("201", "Created", provider.clone()), [WRITE_ERRORS.to_vec(), vec![("409", "The slug is taken")]].concat(), true, Some(("Provider document with `slug`", provider_content.clone()))),
        },
        "/api/v1/providers/{id}": {
            "parameters": [provider_id.clone()],
            "get": operation("Read a provider", "providers", ("200", "The provider", provider.clone()), vec![("404", "Not found")], false, None),
            "put": operation("Edit a provider (its own admin or a platform admin)", "providers", ("200", "The provider", provider.clone()), WRITE_ERRORS.to_vec(), true, Some(("Provider document", provider_content))),
        },
        "/api/v1/providers/{id}/publish": {"parameters": [provider_id.clone()], "post": operation("Publish (approve) a provider (platform admin)", "providers", ("200", "Published", provider.clone()), vec![("404", "Not found")], true, None)},
        "/api/v1/providers/{id}/withdraw": {"parameters": [provider_id.clone()], "post": operation("Withdraw a provider (platform admin)", "providers", ("200", "Withdrawn", provider), vec![("404", "Not found")], true, None)},
        "/api/v1/providers/{id}/offerings": {"parameters": [provider_id], "get": operation("A provider's offerings (all states for its admins)", "providers", ("200", "Offerings", provider_offerings), vec![("404", "Not found")], false, None)},
        "/api/v1/funding-schemes": {"get": operation("Funding schemes configured in this register", "vocabularies", ("200", "Schemes", json!({"type": "object", "properties": {"items": schemes}})), vec![], false, None)},
        "/api/v1/funding-schemes/{code}": {"parameters": [id_parameter("code", "Scheme code (lower case, digits, underscores)")], "put": operation("Add or rename a funding scheme (platform admin)", "vocabularies", ("200", "The scheme", json!({"type": "object"})), WRITE_ERRORS.to_vec(), true, Some(("`{\"name\": {\"nl\": …, \"en\": …}}`", json!({"type": "object", "properties": {"name": {"type": "object", "additionalProperties": {"type": "string"}}}, "required": ["name"]}))))},
        "/api/v1/vocabularies": {"get": operation("Every controlled vocabulary with codes, IRIs and labels", "vocabularies", ("200", "Vocabularies by name", json!({"type": "object"})), vec![], false, None)},
    });

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "microcred register API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The EU micro-credential register: providers and offerings carrying every Annex I element. Mutations need `Authorization: Bearer <token>` (`microcred token create`). Errors are JSON with a stable `code`, a `message`, the `element` at fault and, for validation, every invalid element in `errors`.",
            "license": {"name": "EUPL-1.2"}
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "An API token (mct_…)"}}
        },
        "x-example-offering": model::sample::offering_json("hogeschool-scheldeland"),
        "x-example-provider": {"slug": "hogeschool-scheldeland", "document": model::sample::provider_json()}
    })
}
