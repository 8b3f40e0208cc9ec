//! The JSON API end to end: creation, versions, search, and every kind of bad input.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{OTHER, OWN, TestServer};

#[tokio::test]
async fn a_provider_admin_creates_edits_publishes_and_withdraws_an_offering() {
    let server = TestServer::start().await;
    let document = model::sample::offering_json(OWN);
    let (status, created) = server
        .send(
            Method::POST,
            "/api/v1/offerings",
            Some(&server.own_token),
            Some(&document),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], 1);
    assert_eq!(created["provider_id"], OWN);
    let id = created["id"].as_str().unwrap().to_owned();

    // A draft is invisible to the public and to the catalogue.
    assert_eq!(server.get(&format!("/api/v1/offerings/{id}")).await.0, 404);
    assert_eq!(server.get("/api/v1/offerings").await.1["total"], 0);
    // …but its own admin sees it, and editing a draft keeps version 1.
    let mut edited = created.clone();
    edited["title"] = json!({"nl": "Cursus data-analyse met Python (najaar)"});
    let (status, draft) = server
        .send(
            Method::PUT,
            &format!("/api/v1/offerings/{id}"),
            Some(&server.own_token),
            Some(&edited),
        )
        .await;
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["version"], 1);

    let (status, published) = server
        .send(
            Method::POST,
            &format!("/api/v1/offerings/{id}/publish"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(published["status"], "published");
    assert!(published["published_at"].is_string());
    let (status, public) = server.get(&format!("/api/v1/offerings/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        public["title"]["nl"],
        "Cursus data-analyse met Python (najaar)"
    );

    // Editing a published offering creates version 2; version 1 stays readable.
    edited["title"] = json!({"nl": "Cursus data-analyse met Python, tweede editie"});
    let (status, second) = server
        .send(
            Method::PUT,
            &format!("/api/v1/offerings/{id}"),
            Some(&server.own_token),
            Some(&edited),
        )
        .await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["version"], 2);
    let (status, versions) = server
        .get(&format!("/api/v1/offerings/{id}/versions"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(versions["items"].as_array().unwrap().len(), 2);
    let (_, first) = server
        .get(&format!("/api/v1/offerings/{id}/versions/1"))
        .await;
    assert_eq!(
        first["content"]["title"]["nl"],
        "Cursus data-analyse met Python (najaar)"
    );
    assert_eq!(
        server
            .get(&format!("/api/v1/offerings/{id}/versions/9"))
            .await
            .0,
        404
    );
    assert_eq!(
        server
            .get(&format!("/api/v1/offerings/{id}/versions/x"))
            .await
            .0,
        404
    );

    let (status, withdrawn) = server
        .send(
            Method::POST,
            &format!("/api/v1/offerings/{id}/withdraw"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(server.get("/api/v1/offerings").await.1["total"], 0);
}

#[tokio::test]
async fn missing_and_invalid_elements_are_named_with_stable_codes() {
    let server = TestServer::start().await;
    let mut document = model::sample::offering_json(OWN);
    document
        .as_object_mut()
        .unwrap()
        .remove("learning_outcomes");
    let (status, error) = server
        .send(
            Method::POST,
            "/api/v1/offerings",
            Some(&server.own_token),
            Some(&document),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["code"], "missing_element");
    assert_eq!(error["element"], "learning_outcomes");

    let mut document = model::sample::offering_json(OWN);
    document["participation"]["mode"] = json!("telepathy");
    document["level"]["eqf"] = json!(11);
    let (status, error) = server
        .send(
            Method::POST,
            "/api/v1/offerings",
            Some(&server.own_token),
            Some(&document),
        )
        .await;
    assert_eq!(status, 422);
    let errors = error["errors"].as_array().unwrap();
    let mode = errors
        .iter()
        .find(|e| e["element"] == "participation.mode")
        .unwrap();
    assert_eq!(mode["code"], "unknown_vocabulary_value");
    assert!(
        mode["allowed"]
            .as_array()
            .unwrap()
            .contains(&json!("on_site"))
    );
    assert!(errors.iter().any(|e| e["element"] == "level.eqf"));

    let mut document = model::sample::offering_json(OWN);
    document["awarding_bodies"] = json!([OWN, "no-such-provider"]);
    let (status, error) = server
        .send(
            Method::POST,
            "/api/v1/offerings",
            Some(&server.own_token),
            Some(&document),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["code"], "unknown_provider");
    assert_eq!(error["element"], "awarding_bodies[1]");

    // Nothing was stored by any of these.
    let (_, mine) = server
        .send(
            Method::GET,
            &format!("/api/v1/providers/{OWN}/offerings"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn malformed_oversized_and_wrongly_typed_bodies_are_refused() {
    let server = TestServer::start().await;
    let post = |body: Vec<u8>, content_type: &'static str| {
        server
            .client
            .post(server.url("/api/v1/offerings"))
            .bearer_auth(&server.own_token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let response = post(b"{\"title\": ".to_vec(), "application/json")
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "malformed_json");
    assert!(error["message"].as_str().unwrap().contains("line 1"));

    let response = post(
        b"{\"title\": {\"nl\": \"a\"}, \"title\": {\"nl\": \"b\"}}".to_vec(),
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.unwrap().contains("duplicate key"));

    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    assert_eq!(
        post(deep.into_bytes(), "application/json")
            .await
            .unwrap()
            .status()
            .as_u16(),
        400
    );

    let huge = format!(
        "{{\"title\": {{\"nl\": \"{}\"}}}}",
        "x".repeat(2 * 1024 * 1024)
    );
    let response = post(huge.into_bytes(), "application/json").await.unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let refusal = response.json::<Value>().await.unwrap();
    assert_eq!(refusal["code"], "payload_too_large");
    assert_eq!(
        refusal["message"],
        "the body is larger than the limit of 1 MiB (1048576 bytes)"
    );

    assert_eq!(
        post(b"{}".to_vec(), "text/plain")
            .await
            .unwrap()
            .status()
            .as_u16(),
        415
    );
    let (status, error) = server
        .send(
            Method::POST,
            "/api/v1/offerings",
            Some(&server.own_token),
            Some(&json!([1, 2])),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["code"], "invalid_type");
}

#[tokio::test]
async fn tokens_roles_and_providers_are_enforced() {
    let server = TestServer::start().await;
    let id = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let document = model::sample::offering_json(OWN);
    let path = format!("/api/v1/offerings/{id}");

    assert_eq!(
        server
            .send(Method::PUT, &path, None, Some(&document))
            .await
            .0,
        401
    );
    assert_eq!(
        server
            .send(Method::PUT, &path, Some("mct_0000"), Some(&document))
            .await
            .0,
        401
    );
    assert_eq!(
        server
            .send(Method::PUT, &path, Some("Basic abc"), Some(&document))
            .await
            .0,
        401
    );
    // Another provider's admin and an issuer may not touch it.
    assert_eq!(
        server
            .send(
                Method::PUT,
                &path,
                Some(&server.other_token),
                Some(&document)
            )
            .await
            .0,
        403
    );
    assert_eq!(
        server
            .send(
                Method::POST,
                &format!("{path}/withdraw"),
                Some(&server.other_token),
                None
            )
            .await
            .0,
        403
    );
    assert_eq!(
        server
            .send(
                Method::PUT,
                &path,
                Some(&server.issuer_token),
                Some(&document)
            )
            .await
            .0,
        403
    );
    // Creating for another provider is refused, by provider_id or by awarding body.
    let mut foreign = model::sample::offering_json(OTHER);
    foreign["provider_id"] = json!(OTHER);
    assert_eq!(
        server
            .send(
                Method::POST,
                "/api/v1/offerings",
                Some(&server.own_token),
                Some(&foreign)
            )
            .await
            .0,
        403
    );
    assert_eq!(
        server
            .send(
                Method::PUT,
                &format!("/api/v1/providers/{OTHER}"),
                Some(&server.own_token),
                Some(&model::sample::provider_json())
            )
            .await
            .0,
        403
    );
    assert_eq!(
        server
            .send(
                Method::POST,
                "/api/v1/providers",
                Some(&server.own_token),
                Some(&model::sample::provider_json())
            )
            .await
            .0,
        403
    );
    // A platform admin may act for any provider.
    let (status, _) = server
        .send(
            Method::POST,
            "/api/v1/offerings",
            Some(&server.platform_token),
            Some(&foreign),
        )
        .await;
    assert_eq!(status, 201);
    // Unknown offering: 404, whoever asks.
    assert_eq!(
        server
            .send(
                Method::PUT,
                "/api/v1/offerings/of-000000000000",
                Some(&server.own_token),
                Some(&document)
            )
            .await
            .0,
        404
    );
    assert_eq!(server.get("/api/v1/offerings/of-000000000000").await.0, 404);
    assert_eq!(server.get("/api/v1/offerings/NOT%20AN%20ID").await.0, 404);
    // Nothing changed.
    assert_eq!(server.get(&path).await.1["version"], 1);
}

#[tokio::test]
async fn providers_are_registered_by_a_platform_admin_and_edited_by_their_own() {
    let server = TestServer::start().await;
    let mut document = model::sample::provider_json();
    document["slug"] = json!("cvo-leieland");
    let (status, created) = server
        .send(
            Method::POST,
            "/api/v1/providers",
            Some(&server.platform_token),
            Some(&document),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "draft");
    assert_eq!(
        server
            .send(
                Method::POST,
                "/api/v1/providers",
                Some(&server.platform_token),
                Some(&document)
            )
            .await
            .0,
        409
    );
    assert_eq!(server.get("/api/v1/providers/cvo-leieland").await.0, 404);
    assert_eq!(
        server
            .send(
                Method::POST,
                "/api/v1/providers/cvo-leieland/publish",
                Some(&server.platform_token),
                None
            )
            .await
            .0,
        200
    );
    assert_eq!(server.get("/api/v1/providers/cvo-leieland").await.0, 200);

    let mut edited = model::sample::provider_json();
    edited["region"] = json!("BE25");
    let (status, own) = server
        .send(
            Method::PUT,
            &format!("/api/v1/providers/{OWN}"),
            Some(&server.own_token),
            Some(&edited),
        )
        .await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["region"], "BE25");
    edited["country"] = json!("ZZ");
    let (status, error) = server
        .send(
            Method::PUT,
            &format!("/api/v1/providers/{OWN}"),
            Some(&server.own_token),
            Some(&edited),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["element"], "country");
    assert_eq!(
        server.get(&format!("/api/v1/providers/{OWN}")).await.1["region"],
        "BE25"
    );
    let (_, list) = server.get("/api/v1/providers").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_catalogue_search_filters_and_pages_through_the_api() {
    let server = TestServer::start().await;
    server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    server
        .published_offering(&server.other_token, OTHER, |d| {
            d["title"] = json!({"de": "Grundlagen der Datenbanken"});
            d["summary"] = json!({});
            d["learning_outcomes"] = json!([{"text": {"de": "Datenbanken entwerfen"}}]);
            d["level"]["eqf"] = json!(6);
            d["languages"] = json!(["de"]);
            d["pilot_project"] = json!(false);
        })
        .await;
    let total = |path: &'static str| {
        let server = &server;
        async move {
            let (status, body) = server.get(path).await;
            assert_eq!(status, 200, "{path}: {body}");
            body["total"].as_u64().unwrap()
        }
    };
    assert_eq!(total("/api/v1/offerings").await, 2);
    assert_eq!(total("/api/v1/offerings?q=datenbank").await, 1);
    assert_eq!(total("/api/v1/offerings?q=cursussen").await, 1);
    assert_eq!(total("/api/v1/offerings?eqf=6").await, 1);
    assert_eq!(total("/api/v1/offerings?language=de&pilot=false").await, 1);
    assert_eq!(
        total("/api/v1/offerings?provider=opleidingshuis-brabo").await,
        1
    );
    assert_eq!(total("/api/v1/offerings?funding_scheme=vlaams_opleidingsverlof&ects_min=1&ects_max=3&field=06&mode=blended&country=BE&region=BE2").await, 2);
    let (_, page) = server
        .get("/api/v1/offerings?per_page=1&page=2&sort=title")
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["total"], 2);
    let (status, error) = server.get("/api/v1/offerings?eqf=12").await;
    assert_eq!(status, 400);
    assert_eq!(error["element"], "eqf");
    assert_eq!(server.get("/api/v1/offerings?colour=blue").await.0, 400);
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_that_exists() {
    let server = TestServer::start().await;
    let (status, document) = server.get("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["components"]["schemas"]["OfferingContent"].is_object());
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.len() >= 14);
    for (path, item) in paths {
        for (method, _) in item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(key, _)| *key != "parameters")
        {
            let concrete = path
                .replace("{id}", "of-000000000000")
                .replace("{version}", "1");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = server
                .client
                .request(method.clone(), server.url(&concrete))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert_ne!(status, 405, "{method} {path}");
            assert!(
                !body.contains("no API endpoint"),
                "{method} {path} is documented but not routed"
            );
        }
    }
    // …and every endpoint the router has is documented, method by method.
    for (path, methods) in web::api::endpoint_table() {
        if path.contains('*') {
            continue;
        }
        for method in methods {
            assert!(
                paths
                    .get(path)
                    .and_then(|item| item.get(method.to_lowercase()))
                    .is_some(),
                "{method} {path} is routed but not in the OpenAPI document"
            );
        }
    }
    // And an undocumented path is a JSON 404.
    let (status, error) = server.get("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(error["code"], "not_found");
}

#[tokio::test]
async fn a_platform_admin_configures_funding_schemes_that_offerings_then_accept() {
    let server = TestServer::start().await;
    let scheme = json!({"name": {"nl": "Brugse opleidingspremie", "en": "Bruges training bonus"}});
    assert_eq!(
        server
            .send(
                Method::PUT,
                "/api/v1/funding-schemes/brugse_premie",
                Some(&server.own_token),
                Some(&scheme)
            )
            .await
            .0,
        403
    );
    let mut offering = model::sample::offering_json(OWN);
    offering["funding_schemes"] = json!(["brugse_premie"]);
    let (status, error) = server
        .send(
            Method::POST,
            "/api/v1/offerings",
            Some(&server.own_token),
            Some(&offering),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["element"], "funding_schemes[0]");

    assert_eq!(
        server
            .send(
                Method::PUT,
                "/api/v1/funding-schemes/brugse_premie",
                Some(&server.platform_token),
                Some(&scheme)
            )
            .await
            .0,
        200
    );
    assert_eq!(
        server
            .send(
                Method::PUT,
                "/api/v1/funding-schemes/Bad%20Code",
                Some(&server.platform_token),
                Some(&scheme)
            )
            .await
            .0,
        422
    );
    assert_eq!(
        server
            .send(
                Method::PUT,
                "/api/v1/funding-schemes/empty_name",
                Some(&server.platform_token),
                Some(&json!({"name": {}}))
            )
            .await
            .0,
        422
    );
    let (_, schemes) = server.get("/api/v1/funding-schemes").await;
    assert!(
        schemes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["code"] == "brugse_premie")
    );
    assert_eq!(
        server
            .send(
                Method::POST,
                "/api/v1/offerings",
                Some(&server.own_token),
                Some(&offering)
            )
            .await
            .0,
        201
    );
}

#[tokio::test]
async fn our_json_ld_context_is_served_as_pinned_and_nothing_else_is() {
    let server = TestServer::start().await;
    let response = server
        .client
        .get(server.url("/contexts/microcred/v1.jsonld"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/ld+json");
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let body = response.bytes().await.unwrap();
    assert_eq!(
        &body[..],
        vc::contexts::pinned(vc::contexts::MICROCRED_CONTEXT_V1)
            .unwrap()
            .bytes
    );
    let context: Value = serde_json::from_slice(&body).unwrap();
    assert!(context["@context"].is_object());
    // Other pinned contexts are not ours to serve, and unknown paths are 404.
    assert_eq!(server.get("/contexts/credentials/v2").await.0, 404);
    assert_eq!(server.get("/contexts/microcred/v9.jsonld").await.0, 404);
}

/// Offerings page as every list pages: `limit`, and `next` passed back as `after`, visiting
/// every match once; `page`/`per_page` keep working.
#[tokio::test]
async fn offerings_page_by_limit_and_next_like_every_list() {
    let server = TestServer::start().await;
    for _ in 0..5 {
        server
            .published_offering(&server.own_token, OWN, |_| {})
            .await;
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut path = "/api/v1/offerings?limit=2&sort=newest".to_owned();
    let mut pages = 0;
    loop {
        let (status, body) = server.send(reqwest::Method::GET, &path, None, None).await;
        assert_eq!(status, 200, "{body}");
        pages += 1;
        for item in body["items"].as_array().unwrap() {
            assert!(
                seen.insert(item["id"].as_str().unwrap().to_owned()),
                "twice: {item}"
            );
        }
        match body["next"].as_str() {
            Some(next) => path = format!("/api/v1/offerings?limit=2&sort=newest&after={next}"),
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (5, 3));
    let (_, old_style) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/offerings?per_page=2&page=3&sort=newest",
            None,
            None,
        )
        .await;
    assert_eq!(old_style["items"].as_array().unwrap().len(), 1);
    assert_eq!(old_style["next"], Value::Null);
    let (status, body) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/offerings?after=zz",
            None,
            None,
        )
        .await;
    assert_eq!(
        (status, body["element"].as_str()),
        (400, Some("after")),
        "{body}"
    );
}
