//! What the OpenID Connect tests share: a real OpenID provider — panva's certified
//! `oidc-provider` (npm, pinned in `tools/oidc-provider`), started with node — and a small agent
//! that plays the browser over HTTP (its own cookies per origin, redirects followed by hand)
//! through the provider's login and consent pages.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::json;

use crate::common::TestServer;

pub const CLIENT_ID: &str = "microcred-test";
pub const CLIENT_SECRET: &str = "a client secret of the test register";

/// The test's OpenID provider; killed when dropped.
pub struct Provider {
    child: Child,
    /// Kept open: a provider whose stdout is closed dies at its next line.
    _output: BufReader<std::process::ChildStdout>,
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tool_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/oidc-provider")
}

impl Provider {
    /// Starts the provider for a client whose redirect URI is `redirect_uri`; `None` (and a
    /// SKIPPED line) when node or the package is missing, unless CI requires it.
    pub fn start(redirect_uri: &str) -> Option<Provider> {
        let installed = tool_dir().join("node_modules/oidc-provider/package.json");
        let node = Command::new("node").arg("--version").output().is_ok();
        if !installed.is_file() || !node {
            if std::env::var("MICROCRED_REQUIRE_OIDC").as_deref() == Ok("1") {
                panic!(
                    "MICROCRED_REQUIRE_OIDC=1 but node or tools/oidc-provider/node_modules is missing (npm ci --prefix tools/oidc-provider)"
                );
            }
            eprintln!(
                "SKIPPED OpenID Connect test: run `npm ci --prefix tools/oidc-provider` (needs node)"
            );
            return None;
        }
        let mut child = Command::new("node")
            .arg(tool_dir().join("server.mjs"))
            .args([CLIENT_ID, CLIENT_SECRET, redirect_uri])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node starts");
        let mut line = String::new();
        let mut output = BufReader::new(child.stdout.take().expect("stdout"));
        output
            .read_line(&mut line)
            .expect("the provider says where it listens");
        let issuer = line
            .trim()
            .strip_prefix("issuer ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Some(Provider {
            child,
            _output: output,
            issuer,
        })
    }
}

/// A browser over HTTP: cookies per origin (name=value only), no automatic redirects.
pub struct Agent {
    client: reqwest::Client,
    jars: HashMap<String, HashMap<String, String>>,
}

pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

fn origin(url: &str) -> String {
    let parsed = reqwest::Url::parse(url).unwrap();
    format!(
        "{}:{}",
        parsed.host_str().unwrap(),
        parsed.port_or_known_default().unwrap()
    )
}

impl Agent {
    pub fn new() -> Agent {
        Agent {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            jars: HashMap::new(),
        }
    }

    pub fn cookie(&self, url: &str, name: &str) -> Option<String> {
        self.jars.get(&origin(url))?.get(name).cloned()
    }

    pub fn set_cookie(&mut self, url: &str, name: &str, value: &str) {
        self.jars
            .entry(origin(url))
            .or_default()
            .insert(name.to_owned(), value.to_owned());
    }

    pub async fn send(&mut self, url: &str, form: Option<&[(&str, &str)]>) -> Answer {
        let mut request = match form {
            Some(form) => self
                .client
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(serde_urlencoded::to_string(form).unwrap()),
            None => self.client.get(url),
        };
        let jar = self.jars.entry(origin(url)).or_default();
        if !jar.is_empty() {
            let header = jar
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ");
            request = request.header(COOKIE, header);
        }
        let response = request.send().await.unwrap();
        for value in response.headers().get_all(SET_COOKIE) {
            let value = value.to_str().unwrap();
            let pair = value.split(';').next().unwrap();
            let (name, content) = pair.split_once('=').unwrap();
            let removed = value.to_ascii_lowercase().contains("max-age=0")
                || value
                    .to_ascii_lowercase()
                    .contains("expires=thu, 01 jan 1970");
            if removed {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), content.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response.headers().get(LOCATION).map(|value| {
            reqwest::Url::parse(url)
                .unwrap()
                .join(value.to_str().unwrap())
                .unwrap()
                .to_string()
        });
        Answer {
            status,
            location,
            body: response.text().await.unwrap(),
        }
    }

    /// The CSRF token of the first form on the page at `url` (the page also sets the cookies it
    /// belongs to).
    pub async fn form_token(&mut self, url: &str) -> String {
        let page = self.send(url, None).await;
        let start = page
            .body
            .find("name=\"csrf\" value=\"")
            .expect("a form token")
            + 19;
        page.body[start..start + page.body[start..].find('"').unwrap()].to_owned()
    }

    /// Presses a sign-in (or link) button: the page that goes on to the provider, and where.
    pub async fn start(&mut self, server: &TestServer, from: &str, action: &str) -> String {
        let token = self.form_token(&server.url(from)).await;
        let answer = self
            .send(&server.url(action), Some(&[("csrf", token.as_str())]))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        onward(&answer.body)
    }

    /// Signs in at the provider as `login` (its login and consent pages, as they come) from
    /// the authorization URL; returns the callback URL it sends the browser to.
    pub async fn at_provider(
        &mut self,
        authorization_url: &str,
        login: &str,
        base: &str,
    ) -> String {
        let mut url = authorization_url.to_owned();
        for _ in 0..12 {
            if url.starts_with(base) {
                return url;
            }
            let answer = self.send(&url, None).await;
            if let Some(next) = answer.location {
                url = next;
                continue;
            }
            assert_eq!(answer.status, 200, "{url}: {}", answer.body);
            let form = if answer.body.contains("value=\"login\"") {
                vec![("prompt", "login"), ("login", login), ("password", "any")]
            } else {
                vec![("prompt", "consent")]
            };
            let posted = self.send(&url, Some(&form)).await;
            url = posted
                .location
                .unwrap_or_else(|| panic!("{url}: {}", posted.body));
        }
        panic!("the provider did not send the browser back");
    }
}

/// Where a page that goes on by itself leads (its "continue" link).
pub fn onward(body: &str) -> String {
    let marker = "id=\"continue\"";
    let link = &body[..body.find(marker).expect("a page that goes on")];
    let start = link.rfind("href=\"").unwrap() + 6;
    link[start..start + link[start..].find('"').unwrap()]
        .replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
}

pub fn query(url: &str, name: &str) -> String {
    reqwest::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Adds the provider through the API as the platform admin; returns its id.
pub async fn configure(server: &TestServer, provider: &Provider, creates_accounts: bool) -> String {
    let document = json!({
        "name": "Universiteit Test", "issuer": provider.issuer, "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET, "creates_accounts": creates_accounts,
    });
    let (status, body) = server
        .send(
            reqwest::Method::POST,
            "/api/v1/identity-providers",
            Some(&server.platform_token),
            Some(&document),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["redirect_uri"], server.url("/auth/oidc/callback"));
    body["id"].as_str().unwrap().to_owned()
}

/// The register's clock set to the provider's (real) time, which its tokens carry.
pub fn real_time(server: &TestServer) {
    #[allow(clippy::disallowed_methods)]
    server.clock.set(time::OffsetDateTime::now_utc());
}
