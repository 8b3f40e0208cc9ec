//! The server-rendered pages end to end over HTTP: search and filters, the offering page in
//! Dutch and English, drafts, sign-in, the offering form with per-element errors, versions,
//! authorization, escaping of hostile text, and the language switch. Shared helpers live here.

// Test code (clippy allows unwrap and panics there): an integration test's helpers are not
// inside a `#[test]` function, so say so for the whole module.
#![cfg(test)]

mod accounts;
mod admin;
mod authorization;
mod demo;
mod feedback;
mod imports;
mod learning;
mod lists;
mod origin;
mod providers;
mod public;
mod recognition;
mod statistics;
mod wallet_authorize;

use reqwest::header::{self, HeaderMap};

use crate::common::TestServer;

const HOSTILE: &str = "<script>alert(1)</script>";
const ESCAPED: &str = "&#60;script&#62;alert(1)&#60;/script&#62;";

struct Page {
    status: u16,
    body: String,
    headers: HeaderMap,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// The hidden CSRF token of the page's forms.
    fn csrf(&self) -> String {
        let start = self
            .body
            .find("name=\"csrf\" value=\"")
            .map(|at| at + 19)
            .expect("no csrf field on the page");
        self.body[start..].split('"').next().unwrap().to_owned()
    }

    /// The markup of the form group with `id="g-{group}"`, up to the next group.
    fn group(&self, group: &str) -> &str {
        let start = self
            .body
            .find(&format!("id=\"g-{group}\""))
            .unwrap_or_else(|| panic!("no group {group}"));
        let rest = &self.body[start..];
        let end = rest[1..].find("id=\"g-").map_or(rest.len(), |at| at + 1);
        &rest[..end]
    }
}

async fn get(server: &TestServer, path: &str, cookie: Option<&str>) -> Page {
    let mut request = server.client.get(server.url(path));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

/// What a browser without a session has after its first page: the form-secret cookie and the
/// token its forms carry.
async fn anonymous_form(server: &TestServer) -> (String, String) {
    let page = get(server, "/sign-in", None).await;
    let cookie = page
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("mc_form="))
        .expect("a form cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    (cookie, page.csrf())
}

/// Posts a form; without a session cookie, as a browser would after its first page (with the
/// form cookie and token, unless the fields carry a token of their own).
async fn post(
    server: &TestServer,
    path: &str,
    cookie: Option<&str>,
    fields: &[(String, String)],
) -> Page {
    let mut fields = fields.to_vec();
    let cookie = match cookie {
        Some(cookie) => cookie.to_owned(),
        None => {
            let (cookie, token) = anonymous_form(server).await;
            if !fields.iter().any(|(key, _)| key == "csrf") {
                fields.push(("csrf".to_owned(), token));
            }
            cookie
        }
    };
    let request = server
        .client
        .post(server.url(path))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(serde_urlencoded::to_string(&fields).unwrap());
    let response = request.send().await.unwrap();
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

/// Signs in through the form; returns the `Cookie` header value of the session.
async fn sign_in(server: &TestServer, token: &str) -> String {
    let page = post(server, "/sign-in", None, &pairs(&[("token", token)])).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let home = if token == server.analyst_token {
        "/statistics"
    } else {
        "/admin"
    };
    assert_eq!(
        page.location(),
        home,
        "staff land on their pages, analysts on the statistics"
    );
    let set_cookie = page
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    set_cookie.split(';').next().unwrap().to_owned()
}

/// The offering form filled in completely, as a browser would post it.
fn complete_form(csrf: &str, title_nl: &str) -> Vec<(String, String)> {
    pairs(&[
        ("csrf", csrf),
        ("title.nl", title_nl),
        ("summary.nl", "Leer veilig lassen."),
        ("lo0.nl", "De deelnemer last een hoeknaad."),
        ("lo0.en", "The learner welds a fillet joint."),
        (
            "lo0.esco",
            "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
        ),
        ("lo1.nl", ""),
        ("lo2.en", "The learner works safely."),
        ("workload.ects", "3"),
        ("workload.hours", "75"),
        ("level.eqf", "4"),
        ("level.qf_ehea_cycle", ""),
        ("level.national_level", "VKS 4"),
        ("assessment.types", "practical"),
        ("assessment.types", "written_exam"),
        ("participation.mode", "on_site"),
        ("participation.setting", "non_formal"),
        ("quality_assurance.type", "institutional_qa"),
        ("quality_assurance.body", "NVAO"),
        ("prerequisites.nl", "Geen."),
        ("supervision", "on_site_id_check"),
        ("stackability.kind", "stand_alone"),
        ("further_information.links", "https://example.org/lassen"),
        ("isced_field", "071"),
        ("languages", "nl"),
        ("start_date", "2026-09-01"),
        ("end_date", "2026-12-18"),
        ("price.amount", "250"),
        ("price.currency", "EUR"),
        ("pilot_project", "true"),
        ("funding_schemes", "opleidingscheques"),
    ])
}
