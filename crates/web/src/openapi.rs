//! The OpenAPI 3.1 document of the API: paths written here, schemas generated from the very Rust
//! types the handlers serialize (schemars), so the two cannot drift apart silently.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::api;
use crate::error::ApiError;
use app::search_params::SEARCH_PARAMETERS;

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

pub(crate) fn operation(
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

pub(crate) fn id_parameter(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}, "description": description})
}

pub(crate) const WRITE_ERRORS: [(&str, &str); 5] = [
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
    let enrolment = generator.subschema_for::<model::Enrolment>().to_value();
    let enrolments = generator
        .subschema_for::<api::issuing_schema::Page<model::Enrolment>>()
        .to_value();
    let enrolment_detail = generator
        .subschema_for::<api::issuing_schema::EnrolmentDetail>()
        .to_value();
    let assessment = generator.subschema_for::<model::Assessment>().to_value();
    let assessment_response = generator
        .subschema_for::<api::issuing_schema::AssessmentResponse>()
        .to_value();
    let credential = generator
        .subschema_for::<model::CredentialRecord>()
        .to_value();
    let credentials = generator
        .subschema_for::<api::issuing_schema::Page<model::CredentialRecord>>()
        .to_value();
    let keys = generator
        .subschema_for::<api::issuing_schema::KeysResponse>()
        .to_value();
    let key = generator
        .subschema_for::<app::signing::ProviderKeyInfo>()
        .to_value();
    let import_job = generator.subschema_for::<model::ImportJob>().to_value();
    let report = generator
        .subschema_for::<api::public_schema::VerifyResponse>()
        .to_value();
    let schemes = generator
        .subschema_for::<Vec<model::FundingScheme>>()
        .to_value();
    let people = PeopleSchemas {
        account: generator.subschema_for::<model::Account>().to_value(),
        accounts: generator
            .subschema_for::<api::accounts_schema::AccountsResponse>()
            .to_value(),
        accepted: generator
            .subschema_for::<api::accounts_schema::Accepted>()
            .to_value(),
        audit: generator
            .subschema_for::<api::accounts_schema::AuditResponse>()
            .to_value(),
        me: generator
            .subschema_for::<api::accounts_schema::Me>()
            .to_value(),
    };
    let mut schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    schemas.entry("ApiError".to_owned()).or_insert_with(|| {
        ApiError::json_schema(&mut SchemaSettings::openapi3().into_generator()).to_value()
    });
    // Every code an error answer may carry, from the one table (`codes.rs`), with its meaning.
    if let Some(code) = schemas
        .get_mut("ApiError")
        .and_then(|schema| schema.pointer_mut("/properties/code"))
    {
        let rows: Vec<_> = crate::codes::rows()
            .into_iter()
            .filter(|row| row.status != "200")
            .collect();
        code["enum"] = rows.iter().map(|row| Value::from(row.code)).collect();
        code["x-enum-descriptions"] = rows
            .iter()
            .map(|row| Value::from(format!("{}: {}", row.status, row.meaning)))
            .collect();
    }
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
    let paths = with_people_paths(paths, people);
    let paths = crate::openapi_wallet::with_wallet_paths(paths, &mut generator);
    let paths = crate::openapi_receiving::with_receiving_paths(paths, &mut generator);
    let paths = crate::openapi_vp::with_vp_paths(paths, &mut generator);
    let paths = with_issuing_paths(
        paths,
        IssuingSchemas {
            enrolment,
            enrolments,
            enrolment_detail,
            assessment,
            assessment_response,
            credential,
            credentials,
            keys,
            key,
            import_job,
            report,
        },
    );

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

/// Schemas of the issuing part of the API.
struct IssuingSchemas {
    enrolment: Value,
    enrolments: Value,
    enrolment_detail: Value,
    assessment: Value,
    assessment_response: Value,
    credential: Value,
    credentials: Value,
    keys: Value,
    key: Value,
    import_job: Value,
    report: Value,
}

/// Enrolment, results, credentials, imports and verification.
fn with_issuing_paths(mut paths: Value, schemas: IssuingSchemas) -> Value {
    let id = |description: &str| id_parameter("id", description);
    let query = |name: &str, description: &str| json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}, "description": description});
    let reason = json!({"type": "object", "properties": {"reason": {"type": "string", "maxLength": 500}}, "required": ["reason"]});
    let any = json!({"type": "object"});
    let state_change = |summary: &str| json!({"parameters": [id("Credential id (UUID, or urn:uuid:…)")], "post": operation(summary, "credentials", ("200", "The credential", schemas.credential.clone()), [WRITE_ERRORS.to_vec(), vec![("409", "Not possible in the credential's state (revocation is final)")]].concat(), true, Some(("`{\"reason\": …}`", reason.clone())))});
    let mut listing = operation(
        "List the provider's enrolments, newest first",
        "learners",
        ("200", "A page of enrolments", schemas.enrolments),
        vec![("400", "A query parameter is invalid")],
        true,
        None,
    );
    listing["parameters"] = json!([
        query("provider", "Provider (a platform admin names it)"),
        query("offering", "Offering"),
        query(
            "q",
            "Words in the learner's name, e-mail address or student number (case and accents ignored)"
        ),
        query("limit", "1–1000, default 50"),
        query(
            "after",
            "The `next` of the previous page: the page after it (the same cost on every page)"
        ),
        query("offset", "Rows to skip (default 0); ignored with `after`")
    ]);
    let mut credential_listing = operation(
        "List the provider's credentials, newest first (each with its signed document under `credential`)",
        "credentials",
        ("200", "A page of credentials", schemas.credentials),
        vec![("400", "A query parameter is invalid")],
        true,
        None,
    );
    credential_listing["parameters"] = json!([
        query("provider", "Provider (a platform admin names it)"),
        query("offering", "Offering"),
        query("state", "active, suspended or revoked"),
        query(
            "q",
            "Words in the learner's name (case and accents ignored)"
        ),
        query("limit", "1–1000, default 50"),
        query(
            "after",
            "The `next` of the previous page: the page after it (the same cost on every page)"
        ),
        query("offset", "Rows to skip (default 0); ignored with `after`")
    ]);
    let mut upload = operation(
        "Upload a CSV or XLSX of enrolments or results (the file is the body, up to 50 MB); up to 2,000 rows are applied before the answer (200), larger files in the background (202)",
        "imports",
        (
            "200",
            "The finished job: counts and every bad row",
            schemas.import_job.clone(),
        ),
        vec![
            ("400", "A query parameter is missing or invalid"),
            ("404", "Not found"),
            ("413", "File larger than 50 MB"),
            (
                "422",
                "The file cannot be read as a whole (`code` says why); nothing was applied",
            ),
        ],
        true,
        None,
    );
    upload["parameters"] = json!([
        query("offering", "The offering (required)"),
        query("kind", "enrolments or results (required)"),
        query("file_name", "The file's name, for the job")
    ]);
    upload["requestBody"] = json!({"required": true, "content": {"text/csv": {"schema": {"type": "string"}}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}});
    let mut verify = operation(
        "Verify a credential or a presentation (anyone): one line per check, Annex I completeness, and every element labelled. A presentation's own checks (holder proof with purpose authentication, challenge, domain) come first, then `credentials` holds each credential's report",
        "verification",
        (
            "200",
            "The report (also for a credential that fails)",
            schemas.report,
        ),
        vec![("413", "Larger than 4 MiB")],
        false,
        None,
    );
    verify["parameters"] = json!([
        query("lang", "nl or en (labels of `content`)"),
        query(
            "challenge",
            "For a presentation: the challenge the verifier gave the holder (not given: reported, not checked)"
        ),
        query(
            "domain",
            "For a presentation: the verifier's domain (not given: reported, not checked)"
        ),
    ]);
    // The `code` a failed check may carry (the engine's and the checks' own), from `codes.rs`.
    verify["x-check-failure-codes"] = crate::codes::rows()
        .into_iter()
        .filter(|row| row.status.ends_with("200"))
        .map(|row| json!({"code": row.code, "meaning": row.meaning}))
        .collect();
    verify["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": any.clone()}, "application/vc+ld+json": {"schema": any.clone()}}});
    let mut statistics_parameters: Vec<Value> = app::statistics::STATISTICS_PARAMETERS.iter().map(|(name, description)| json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}, "description": description})).collect();
    statistics_parameters.push(id_parameter(
        "id",
        "offerings, offering-growth, enrolments, credentials, validations, funding or completion",
    ));
    statistics_parameters.push(json!({"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json", "csv"]}, "description": "json (default) or csv"}));
    statistics_parameters.push(json!({"name": "lang", "in": "query", "required": false, "schema": {"type": "string", "enum": ["en", "nl"]}, "description": "Labels and definitions in English (default) or Dutch"}));
    let added = json!({
        "/api/v1/enrolments": {
            "get": listing,
            "post": operation("Enrol a learner (issuer or admin of the offering's provider)", "learners", ("201", "The enrolment", schemas.enrolment), [WRITE_ERRORS.to_vec(), vec![("409", "Already enrolled, or the offering is not published")]].concat(), true, Some(("`{\"offering_id\", \"learner\": {…}, \"employment_status\", \"enrolled_on\", \"funding\": {\"scheme\", \"amount_eur\"}}` (funding optional: one of the register's funding schemes and the amount it paid)", any.clone()))),
        },
        "/api/v1/enrolments/{id}": {"parameters": [id("Enrolment id")], "get": operation("An enrolment with its results", "learners", ("200", "The enrolment", schemas.enrolment_detail), vec![("404", "Not found")], true, None)},
        "/api/v1/assessments": {"post": operation("Record a result (assessment or validation of prior learning); with `issue` the credential is issued in the same transaction", "learners", ("201", "The result and the credential", schemas.assessment_response), WRITE_ERRORS.to_vec(), true, Some(("`{\"enrolment_id\", \"outcome\": {…}, \"issue\": true}`", any.clone())))},
        "/api/v1/assessments/{id}": {"parameters": [id("Assessment id")], "get": operation("A result", "learners", ("200", "The result", schemas.assessment), vec![("404", "Not found")], true, None)},
        "/api/v1/credentials": {
            "get": credential_listing,
            "post": operation("Issue the credential for a passed result", "credentials", ("201", "The credential", schemas.credential.clone()), [WRITE_ERRORS.to_vec(), vec![("409", "Already issued for this result"), ("503", "No master key configured")]].concat(), true, Some(("`{\"assessment_id\": …}`", any.clone()))),
        },
        "/api/v1/credentials/{id}": {"parameters": [id("Credential id")], "get": operation("A credential", "credentials", ("200", "The credential", schemas.credential.clone()), vec![("404", "Not found")], true, None)},
        "/api/v1/credentials/{id}/suspend": state_change("Suspend a credential"),
        "/api/v1/credentials/{id}/reinstate": state_change("Reinstate a suspended credential"),
        "/api/v1/credentials/{id}/revoke": state_change("Revoke a credential (final)"),
        "/api/v1/credentials/{id}/correct": {"parameters": [id("Credential id")], "post": operation("Correct a credential: a new one for the corrected result, the old one revoked", "credentials", ("201", "The new credential", schemas.credential), WRITE_ERRORS.to_vec(), true, Some(("`{\"reason\", \"outcome\"}`", any.clone())))},
        "/api/v1/providers/{id}/keys": {"parameters": [id("Provider id")], "get": operation("The provider's did:web and signing keys", "credentials", ("200", "Keys, oldest first", schemas.keys), vec![("404", "Not found")], true, None)},
        "/api/v1/providers/{id}/keys/rotate": {"parameters": [id("Provider id")], "post": operation("Make a new signing key; the old one is retired but stays in the DID document", "credentials", ("201", "The new key", schemas.key), vec![("404", "Not found"), ("503", "No master key configured")], true, None)},
        "/api/v1/imports": {
            "get": operation("The provider's recent import jobs", "imports", ("200", "Jobs, newest first", any.clone()), vec![], true, None),
            "post": upload,
        },
        "/api/v1/imports/{id}": {"parameters": [id("Import job id")], "get": operation("An import job: state, counts, `percent`, problems", "imports", ("200", "The job", schemas.import_job), vec![("404", "Not found")], true, None)},
        "/api/v1/imports/{id}/rows": {"parameters": [id("Import job id")], "get": operation("The rows a job applied, with what each stored", "imports", ("200", "Applied rows", any.clone()), vec![("404", "Not found")], true, None)},
        "/api/v1/imports/templates/{name}": {"parameters": [id_parameter("name", "enrolments or results; with .csv or .xlsx the template, without its documented columns")], "get": {"summary": "Templates of bulk files and their columns", "tags": ["imports"], "responses": {"200": {"description": "CSV, XLSX or JSON"}, "404": {"description": "No such template"}}}},
        "/api/v1/verify": {"post": verify},
        "/api/v1/statistics": {"get": operation("The statistics overviews this caller may see (anyone: those about offerings; analysts and platform admins: all; provider admins: all, of their provider), the parameters they take and the small-numbers rule", "statistics", ("200", "`{\"overviews\": [{\"id\", \"title\", \"answers\", \"counts_people\", \"breakdowns\", \"default_by\"}], \"parameters\", \"suppression\"}`", any.clone()), vec![], false, None)},
        "/api/v1/statistics/workbook.xlsx": {"parameters": statistics_parameters.iter().filter(|parameter| parameter["in"] == "query" && parameter["name"] != "format").cloned().collect::<Vec<_>>(), "get": {"summary": "Every overview the caller may see, in its default breakdown, as one Excel workbook: a first sheet with the definitions, the filters, the extraction time and the small-numbers rule, then a sheet per overview (numeric cells, frozen header, autofilter, totals, a line chart of the trend)", "tags": ["statistics"], "responses": {"200": {"description": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, "400": {"description": "A parameter that cannot be used"}}}},
        "/api/v1/statistics/{id}": {"parameters": statistics_parameters, "get": operation("One overview: `{\"id\", \"filters\", \"columns\": [{\"key\", \"label\", \"definition\"}], \"rows\", \"totals\", \"generated_at\", \"suppression\"}`; a count of people below the threshold, or one that would reveal it, is `{\"suppressed\": true}`. `?format=csv` or `Accept: text/csv` answers CSV (`<5` for a suppressed count)", "statistics", ("200", "The overview", any.clone()), vec![("400", "A parameter that cannot be used (`element` names it)"), ("401", "The overview counts people: sign in"), ("403", "The overview counts people: analysts and provider admins see it"), ("404", "No such overview"), ("422", "`by` is not a breakdown of this overview")], false, None)},
        "/api/v1/trusted-issuers": {"get": operation("The issuers this register trusts (its published providers and imported lists)", "verification", ("200", "`{\"issuers\": [{\"id\", \"name\", \"source\"}]}`", any.clone()), vec![], false, None)},
        "/api/v1/trusted-issuers/{source}": {"parameters": [id_parameter("source", "Name of the imported list")], "put": operation("Import or replace a trust list (platform admin)", "verification", ("200", "`{\"source\", \"issuers\": count}`", any.clone()), WRITE_ERRORS.to_vec(), true, Some(("`{\"issuers\": [{\"id\", \"name\"}]}`", any)))},
        "/providers/{slug}/did.json": {"parameters": [id_parameter("slug", "Provider id")], "get": {"summary": "A provider's did:web DID document (every key it ever signed with)", "tags": ["verification"], "responses": {"200": {"description": "application/did+json"}, "404": {"description": "Unknown provider, or one that never signed"}}}},
        "/status/{id}": {"parameters": [id_parameter("id", "{provider}-{list}-{revocation|suspension}")], "get": {"summary": "A signed BitstringStatusListCredential (ETag per revision; revalidate on every use)", "tags": ["verification"], "responses": {"200": {"description": "application/vc+ld+json"}, "304": {"description": "Not modified"}, "404": {"description": "No such list"}}}},
        "/credentials/{id}/credential.json": {"parameters": [id("Credential id")], "get": {"summary": "The signed credential as issued (for whoever holds its id)", "tags": ["credentials"], "responses": {"200": {"description": "application/vc+ld+json"}, "404": {"description": "Not found"}}}},
        "/credentials/{id}/certificate.pdf": {"parameters": [id("Credential id"), query("lang", "nl or en")], "get": {"summary": "The printable certificate with a verification QR code", "tags": ["credentials"], "responses": {"200": {"description": "application/pdf"}, "404": {"description": "Not found"}}}},
        "/credentials/{id}/elm.json": {"parameters": [id("Credential id")], "get": {"summary": "The ELM 3 (Europass) export", "tags": ["credentials"], "responses": {"200": {"description": "application/ld+json"}, "404": {"description": "Not found"}}}},
    });
    if let (Some(paths), Value::Object(added)) = (paths.as_object_mut(), added) {
        paths.extend(added);
    }
    paths
}

/// The schemas of the people side.
struct PeopleSchemas {
    account: Value,
    accounts: Value,
    accepted: Value,
    audit: Value,
    me: Value,
}

/// The paths of accounts, staff, the audit log and the caller.
fn with_people_paths(mut paths: Value, schemas: PeopleSchemas) -> Value {
    let provider = id_parameter("id", "Provider id (slug)");
    let body = |text: &str| json!({"type": "object", "description": text});
    let added = json!({
        "/api/v1/accounts": {
            "get": operation("Every account (platform admins)", "people", ("200", "Accounts, oldest first", schemas.accounts.clone()), vec![("403", "Not a platform admin")], true, None),
            "post": operation("A learner signs up; a link to confirm the address is mailed. The answer is the same whether the address has an account or not", "people", ("202", "Accepted", schemas.accepted.clone()), vec![("409", "Invalid name, address or password (`message` says which and why)"), ("422", "A field is missing or not text (`element` names it)")], false, Some(("`{\"name\", \"email\", \"password\"}`", body("sign-up")))),
        },
        "/api/v1/accounts/password-reset": {"post": operation("Mail a link to choose a new password (if the address has an account; the answer is the same either way)", "people", ("202", "Accepted", schemas.accepted), vec![], false, Some(("`{\"email\"}`", body("address"))))},
        "/api/v1/providers/{id}/staff": {
            "parameters": [provider.clone()],
            "get": operation("A provider's staff (its admins and platform admins)", "people", ("200", "Accounts", schemas.accounts), vec![("403", "Another provider's"), ("404", "Not found")], true, None),
            "post": operation("Invite a provider admin or issuer: an account without a password and a mailed link to choose one (7 days)", "people", ("201", "The account", schemas.account), [WRITE_ERRORS.to_vec(), vec![("409", "The address has an account, or the role is not provider_admin or issuer")]].concat(), true, Some(("`{\"name\", \"email\", \"role\"}`", body("invitation")))),
        },
        "/api/v1/providers/{id}/staff/{account}": {"parameters": [provider, id_parameter("account", "Account id")], "delete": operation("Remove a staff member: their sessions end and their API tokens are revoked", "people", ("204", "Removed", json!({})), vec![("403", "Another provider's"), ("404", "Not a staff member of the provider, or removed already")], true, None)},
        "/api/v1/audit": {"get": operation("The audit log, newest first: `?provider=` for a provider's admins, everyone's for platform admins; `before` = the previous page's `next`; `limit` 1–500 (50)", "people", ("200", "Lines", schemas.audit), vec![("400", "A query parameter is invalid"), ("403", "Not allowed")], true, None)},
        "/api/v1/me": {"get": operation("Who the caller is: role, provider, label, and the account when there is one", "people", ("200", "The caller", schemas.me), vec![], true, None)},
    });
    if let (Some(paths), Some(added)) = (paths.as_object_mut(), added.as_object()) {
        paths.extend(added.clone());
    }
    paths
}
