//! What anyone sees: the catalogue search, offering and provider pages, 404s, escaping and the
//! language switch.

use reqwest::header;
use serde_json::json;

use super::{ESCAPED, HOSTILE, complete_form, get, post, sign_in};
use crate::common::{OWN, TestServer};

#[tokio::test]
async fn the_search_page_lists_offerings_and_filters_narrow_them() {
    let server = TestServer::start().await;
    server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    server
        .published_offering(&server.own_token, OWN, |document| {
            document["title"] = json!({"nl": "Lassen voor beginners"});
            document["level"] = json!({"eqf": 3});
            document["participation"]["mode"] = json!("on_site");
            document["isced_field"] = json!("071");
            document["pilot_project"] = json!(false);
        })
        .await;

    let page = get(&server, "/", None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Cursus data-analyse met Python")
            && page.body.contains("Lassen voor beginners")
    );
    assert!(page.body.contains("2 resultaten"), "the total is shown");
    assert!(
        page.body.contains("Proefproject"),
        "the pilot badge is shown"
    );

    for (query, shown, hidden) in [
        ("/?eqf=3", "Lassen voor beginners", "Cursus data-analyse"),
        (
            "/?q=cursussen",
            "Cursus data-analyse",
            "Lassen voor beginners",
        ),
        (
            "/?mode=on_site",
            "Lassen voor beginners",
            "Cursus data-analyse",
        ),
        ("/?field=07", "Lassen voor beginners", "Cursus data-analyse"),
        (
            "/?pilot=true&language=en",
            "Cursus data-analyse",
            "Lassen voor beginners",
        ),
    ] {
        let page = get(&server, query, None).await;
        assert_eq!(page.status, 200, "{query}");
        assert!(
            page.body.contains(shown) && !page.body.contains(hidden),
            "{query}"
        );
    }

    let page = get(&server, "/?per_page=1&sort=title", None).await;
    assert!(
        page.body
            .contains("href=\"/?per_page=1&#38;sort=title&#38;page=2\""),
        "pagination keeps the filters"
    );
    assert!(
        page.body.contains("Cursus data-analyse") && !page.body.contains("Lassen voor beginners"),
        "one per page, by title"
    );

    let page = get(&server, "/?q=data&eqf=&mode=&sort=title", None).await;
    assert_eq!(
        page.status, 303,
        "the form's empty filters are dropped from the URL"
    );
    assert_eq!(page.location(), "/?q=data&sort=title");

    let page = get(&server, "/?eqf=9&lang=en", None).await;
    assert_eq!(page.status, 400);
    assert!(
        page.body.contains("This search cannot be run")
            && page.body.contains("`eqf` must be an EQF level 1–8")
    );
}

#[tokio::test]
async fn the_offering_page_shows_every_element_in_dutch_and_in_english() {
    let server = TestServer::start().await;
    let id = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;

    let dutch = get(&server, &format!("/offerings/{id}"), None).await;
    assert_eq!(dutch.status, 200);
    assert!(dutch.body.contains("<html lang=\"nl\">"));
    for expected in [
        "Titel",
        "Uitreikende instantie(s)",
        "Land en regio van de uitreiker",
        "Provincie Oost-Vlaanderen",
        "Leerresultaten",
        "De deelnemer schoont een dataset op met pandas.",
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
        ">vaardigheid 1 in de ESCO-classificatie</a>",
        "Studiebelasting",
        "3 ECTS · 75 uur",
        "Niveau (en cyclus)",
        "EQF 5",
        "Korte cyclus",
        "Type beoordeling",
        "Project",
        "Online test",
        "Beschrijving van de beoordeling",
        "Vorm van deelname",
        "Gemengd (blended)",
        "Niet-formeel leren",
        "Type kwaliteitszorg",
        "Instellingsreview / instellingsaccreditatie",
        "NVAO",
        "Toelatingsvoorwaarden",
        "Basiskennis van spreadsheets.",
        "Toezicht en identiteitscontrole",
        "Online toezicht met identiteitscontrole",
        "Integratie en stapelbaarheid",
        "Stapelbaar",
        "Postgraduaat data science",
        "Meer informatie",
        "https://example.org/data-python",
        "Studiegebied (ISCED-F)",
        "061 Informatie- en communicatietechnologie (ICT)",
        "Onderwijstalen",
        "Nederlands, Engels",
        "2 februari 2026",
        "29 mei 2026",
        "€ 450,00",
        "Proefproject",
        "Vlaams opleidingsverlof (VOV)",
        "Versie 1",
    ] {
        assert!(
            dutch.body.contains(expected),
            "Dutch page lacks {expected:?}"
        );
    }

    let english = get(&server, &format!("/offerings/{id}?lang=en"), None).await;
    assert_eq!(english.status, 200);
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(
        english
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|value| value.to_str().unwrap().starts_with("lang=en")),
        "the choice is remembered"
    );
    for expected in [
        "Title",
        "Awarding body(ies)",
        "Country and region of the issuer",
        "Province of East Flanders",
        "Learning outcomes",
        "The learner cleans a data set with pandas.",
        "Notional workload",
        "3 ECTS · 75 hours",
        "Level (and cycle)",
        "Short cycle",
        "Type of assessment",
        "Form of participation",
        "Blended",
        "Non-formal learning",
        "Type of quality assurance",
        "Institutional quality assurance",
        "Prerequisites",
        "Supervision and identity verification",
        "Supervised online with identity verification",
        "Integration and stackability",
        "Stackable",
        "Further information",
        "Evening classes in Ghent.",
        "Field of education (ISCED-F)",
        "061 Information and communication technologies (ICTs)",
        "Languages of instruction",
        "Dutch, English",
        "2 February 2026",
        "€ 450.00",
        "Pilot project",
        "Flemish paid training leave",
        "Version 1",
    ] {
        assert!(
            english.body.contains(expected),
            "English page lacks {expected:?}"
        );
    }

    // The remembered choice and the browser's languages pick the language without `?lang`.
    let remembered = get(&server, &format!("/offerings/{id}"), Some("lang=en")).await;
    assert!(remembered.body.contains("<html lang=\"en\">"));
    let response = server
        .client
        .get(server.url("/providers"))
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("<html lang=\"en\">")
    );
}

#[tokio::test]
async fn drafts_and_unknown_pages_are_404_pages_for_the_public() {
    let server = TestServer::start().await;
    let (status, draft) = server
        .send(
            reqwest::Method::POST,
            "/api/v1/offerings",
            Some(&server.own_token),
            Some(&model::sample::offering_json(OWN)),
        )
        .await;
    assert_eq!(status, 201);
    let id = draft["id"].as_str().unwrap();

    for path in [
        format!("/offerings/{id}"),
        "/offerings/of-000000000000".to_owned(),
        "/offerings/NOT_AN_ID".to_owned(),
        "/providers/no-such-provider".to_owned(),
        "/no/such/page".to_owned(),
        format!("/offerings/{id}/versions/1"),
    ] {
        let page = get(&server, &path, None).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(
            page.body.contains("Pagina niet gevonden"),
            "{path} renders the 404 page"
        );
    }
    let own = sign_in(&server, &server.own_token).await;
    let page = get(&server, &format!("/offerings/{id}"), Some(&own)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("badge-draft") && page.body.contains("Publiceren"),
        "its admin sees the draft with its actions"
    );
    assert!(
        !get(&server, "/", None)
            .await
            .body
            .contains("Cursus data-analyse"),
        "drafts stay out of the catalogue"
    );

    let css = server
        .client
        .get(server.url("/static/site.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        css.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
}

#[tokio::test]
async fn html_in_texts_is_escaped_on_every_page() {
    let server = TestServer::start().await;
    let admin = app::PlatformAdmin::local_operator();
    let mut provider = model::sample::provider_json();
    provider["legal_name"] = json!({"nl": HOSTILE});
    provider["recognition_policy"] = json!({"nl": HOSTILE});
    provider["quality_assurance"]["body"] = json!(HOSTILE);
    server
        .state
        .app
        .update_provider(
            &admin.as_provider_admin(&model::ProviderId::parse(OWN).unwrap()),
            &provider,
        )
        .await
        .unwrap();
    let id = server
        .published_offering(&server.own_token, OWN, |document| {
            document["title"] = json!({"nl": HOSTILE});
            document["summary"] = json!({"nl": HOSTILE});
            document["learning_outcomes"][0]["text"] = json!({"nl": HOSTILE});
            document["assessment"]["description"] = json!({"nl": HOSTILE});
            document["quality_assurance"]["body"] = json!(HOSTILE);
            document["prerequisites"] = json!({"nl": HOSTILE});
            document["stackability"]["towards"] = json!([HOSTILE]);
            document["further_information"]["text"] = json!({"nl": HOSTILE});
            document["level"]["national_level"] = json!(HOSTILE);
        })
        .await;
    let cookie = sign_in(&server, &server.own_token).await;
    let csrf = get(&server, "/admin", Some(&cookie)).await.csrf();
    let mut edit = complete_form(&csrf, "Veilig");
    edit.push(("summary.en".to_owned(), HOSTILE.to_owned()));
    assert_eq!(
        post(
            &server,
            &format!("/admin/offerings/{id}/edit"),
            Some(&cookie),
            &edit
        )
        .await
        .status,
        303
    );

    let hostile_query = format!("/?q={}", HOSTILE.replace('<', "%3C").replace('>', "%3E"));
    let pages = [
        ("/", None),
        (hostile_query.as_str(), None),
        (&format!("/?provider={OWN}"), None),
        (&format!("/offerings/{id}"), None),
        (&format!("/offerings/{id}?lang=en"), None),
        (&format!("/offerings/{id}/versions/1"), None),
        ("/providers", None),
        (&format!("/providers/{OWN}"), None),
        ("/admin", Some(cookie.as_str())),
        (
            &format!("/admin/offerings/{id}/edit"),
            Some(cookie.as_str()),
        ),
    ];
    for (path, cookie) in pages {
        let page = get(&server, path, cookie).await;
        assert!(page.status < 400, "{path}: {}", page.status);
        assert!(
            !page.body.contains(HOSTILE),
            "{path} renders raw HTML from data"
        );
        assert!(page.body.contains(ESCAPED), "{path} shows the text escaped");
    }
    let mut invalid = complete_form(&csrf, HOSTILE);
    invalid.push(("workload.ects".to_owned(), HOSTILE.to_owned()));
    let page = post(&server, "/admin/offerings/new", Some(&cookie), &invalid).await;
    assert_eq!(page.status, 422);
    assert!(
        !page.body.contains(HOSTILE) && page.body.contains(ESCAPED),
        "the re-rendered form escapes input and messages"
    );
}

#[tokio::test]
async fn the_language_switch_keeps_the_current_parameters() {
    let server = TestServer::start().await;
    let page = get(&server, "/?q=data&eqf=5", None).await;
    assert!(
        page.body
            .contains("href=\"/?q=data&#38;eqf=5&#38;lang=en\""),
        "switch to English keeps the search"
    );
    assert!(page.body.contains(">English</a>"));
    let english = get(&server, "/?q=data&eqf=5&lang=en", None).await;
    assert!(
        english
            .body
            .contains("href=\"/?q=data&#38;eqf=5&#38;lang=nl\"")
            && english.body.contains(">Nederlands</a>")
    );
    assert!(english.body.contains("Find a micro-credential"));
}
