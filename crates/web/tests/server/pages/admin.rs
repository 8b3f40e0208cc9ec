//! What provider admins do: sign in, create and edit offerings through the form, and be refused
//! another provider's data.

use reqwest::header;

use super::{complete_form, get, pairs, post, sign_in};
use crate::common::{OTHER, OWN, TestServer};

#[tokio::test]
async fn a_provider_admin_signs_in_and_creates_an_offering_through_the_form() {
    let server = TestServer::start().await;
    let failed = post(&server, "/sign-in", None, &pairs(&[("token", "mct_wrong")])).await;
    assert_eq!(failed.status, 401);
    assert!(failed.body.contains("Aanmelden is mislukt"));
    assert_eq!(
        get(&server, "/admin", None).await.location(),
        "/sign-in",
        "signed-out visitors are sent to sign in"
    );

    let cookie = sign_in(&server, &server.own_token).await;
    let admin = get(&server, "/admin", Some(&cookie)).await;
    assert_eq!(admin.status, 200);
    // The provider's people pages, each for this provider.
    for link in [
        format!("/admin/tokens?provider={OWN}"),
        format!("/admin/student-numbers?provider={OWN}"),
    ] {
        assert!(admin.body.contains(&format!("href=\"{link}\"")), "{link}");
        assert_eq!(
            get(&server, &link, Some(&cookie)).await.status,
            200,
            "{link}"
        );
    }
    assert!(
        admin.body.contains("Aangemeld als") && admin.body.contains(OWN),
        "the header shows who is signed in"
    );
    let form = get(&server, "/admin/offerings/new", Some(&cookie)).await;
    assert_eq!(form.status, 200);
    let csrf = form.csrf();

    // One element missing: 422, the message next to the title, everything typed kept.
    let mut fields = complete_form(&csrf, "");
    let page = post(&server, "/admin/offerings/new", Some(&cookie), &fields).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains("href=\"#g-title\""),
        "the summary links to the element"
    );
    let title = page.group("title");
    assert!(
        title.contains("has-error")
            && title.contains("field-errors")
            && title.contains("Dit element is verplicht."),
        "{title}"
    );
    assert!(
        !page.body.contains("{&quot;nl") && !page.body.contains("{\"nl"),
        "no JSON in a form's messages"
    );
    assert!(
        !page.group("workload").contains("field-errors"),
        "only the wrong element is marked"
    );
    assert!(
        page.body.contains("value=\"VKS 4\""),
        "text inputs keep their input"
    );
    assert!(
        page.body.contains(">The learner works safely.</textarea>"),
        "learning outcomes keep their input"
    );
    assert!(
        page.body.contains("value=\"practical\" checked"),
        "checkboxes keep their input"
    );
    assert!(
        page.body.contains("<option value=\"071\" selected>"),
        "selects keep their input"
    );

    // A learning outcome's error goes to the row it was typed in, even after empty rows.
    fields.retain(|(key, _)| key != "title.nl");
    fields.push(("title.nl".to_owned(), "Lassen voor beginners".to_owned()));
    let mut broken_row = fields.clone();
    broken_row.push(("lo2.esco".to_owned(), "not an iri".to_owned()));
    let page = post(&server, "/admin/offerings/new", Some(&cookie), &broken_row).await;
    assert_eq!(page.status, 422);
    assert!(
        page.group("lo2").contains("is not an ESCO skill IRI"),
        "{}",
        page.group("lo2")
    );

    let without_token: Vec<(String, String)> = fields
        .iter()
        .filter(|(key, _)| key != "csrf")
        .cloned()
        .collect();
    assert_eq!(
        post(
            &server,
            "/admin/offerings/new",
            Some(&cookie),
            &without_token
        )
        .await
        .status,
        403,
        "a form without the CSRF token is refused"
    );

    let created = post(&server, "/admin/offerings/new", Some(&cookie), &fields).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let path = created.location().to_owned();
    assert!(path.starts_with("/offerings/of-"), "{path}");
    let page = get(&server, &path, Some(&cookie)).await;
    assert_eq!(page.status, 200);
    for expected in [
        "Lassen voor beginners",
        "Ontwerp",
        "Praktijkproef",
        "Op locatie met identiteitscontrole",
        "€ 250,00",
        "Opleidingscheques voor werknemers",
    ] {
        assert!(
            page.body.contains(expected),
            "the new offering lacks {expected:?}"
        );
    }

    let published = post(
        &server,
        &format!("/admin{path}/publish"),
        Some(&cookie),
        &pairs(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(
        get(&server, &path, None).await.status,
        200,
        "published offerings are public"
    );

    let signed_out = post(
        &server,
        "/sign-out",
        Some(&cookie),
        &pairs(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(signed_out.status, 303);
    assert!(
        signed_out.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        get(&server, "/admin", Some(&cookie)).await.location(),
        "/sign-in",
        "the session is gone"
    );
}

#[tokio::test]
async fn editing_a_published_offering_adds_a_version_and_keeps_the_old_one_readable() {
    let server = TestServer::start().await;
    let id = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let cookie = sign_in(&server, &server.own_token).await;
    let form = get(
        &server,
        &format!("/admin/offerings/{id}/edit"),
        Some(&cookie),
    )
    .await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("value=\"Cursus data-analyse met Python\""),
        "the form is filled in"
    );
    assert!(
        form.body
            .contains(">De deelnemer schoont een dataset op met pandas.</textarea>")
    );

    let edited = post(
        &server,
        &format!("/admin/offerings/{id}/edit"),
        Some(&cookie),
        &complete_form(&form.csrf(), "Cursus data-analyse, tweede editie"),
    )
    .await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    assert_eq!(edited.location(), format!("/offerings/{id}"));
    let current = get(&server, &format!("/offerings/{id}"), None).await;
    assert!(
        current.body.contains("Cursus data-analyse, tweede editie")
            && current.body.contains("Versie 2")
    );
    assert!(
        current
            .body
            .contains(&format!("href=\"/offerings/{id}/versions/1\"")),
        "older versions are linked"
    );

    let old = get(&server, &format!("/offerings/{id}/versions/1"), None).await;
    assert_eq!(old.status, 200);
    assert!(
        old.body.contains("Cursus data-analyse met Python") && old.body.contains("oudere versie")
    );
    assert!(
        !old.body.contains("/edit\""),
        "an old version offers no editing"
    );
    assert_eq!(
        get(&server, &format!("/offerings/{id}/versions/2"), None)
            .await
            .location(),
        format!("/offerings/{id}")
    );
    assert_eq!(
        get(&server, &format!("/offerings/{id}/versions/9"), None)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn another_providers_admin_gets_403_pages() {
    let server = TestServer::start().await;
    let id = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    assert_eq!(
        get(&server, &format!("/admin/offerings/{id}/edit"), None)
            .await
            .location(),
        "/sign-in"
    );
    let other = sign_in(&server, &server.other_token).await;
    let form = get(
        &server,
        &format!("/admin/offerings/{id}/edit"),
        Some(&other),
    )
    .await;
    assert_eq!(form.status, 403);
    assert!(form.body.contains("Geen toegang"));
    let csrf = get(&server, "/admin", Some(&other)).await.csrf();
    for action in ["edit", "publish", "withdraw"] {
        let page = post(
            &server,
            &format!("/admin/offerings/{id}/{action}"),
            Some(&other),
            &complete_form(&csrf, "Gekaapt"),
        )
        .await;
        assert_eq!(page.status, 403, "{action}");
    }
    assert_eq!(
        get(
            &server,
            &format!("/admin/offerings/new?provider={OWN}"),
            Some(&other)
        )
        .await
        .status,
        403
    );
    let page = get(&server, &format!("/offerings/{id}"), Some(&other)).await;
    assert!(
        !page.body.contains("/edit\""),
        "no edit button for another provider's offering"
    );
    assert_eq!(
        get(&server, &format!("/admin?provider={OTHER}"), Some(&other))
            .await
            .status,
        200
    );

    // A platform admin picks a provider and may act for it.
    let platform = sign_in(&server, &server.platform_token).await;
    let admin = get(&server, "/admin", Some(&platform)).await;
    assert!(
        admin.body.contains(&format!("value=\"{OWN}\"")),
        "the provider picker lists providers"
    );
    assert!(
        get(&server, &format!("/admin?provider={OWN}"), Some(&platform))
            .await
            .body
            .contains(&format!("/admin/offerings/{id}/edit"))
    );
}
