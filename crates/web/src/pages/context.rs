//! What every page needs to know about its request: the reader's language, who is signed in,
//! the form token that proves a POST came from our own page, and the page chrome built from them.

use app::Principal;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use model::{Role, UiLang};

use super::i18n::{Text, text};
use crate::SharedState;
use crate::auth::{SESSION_COOKIE, Viewer, cookie};

/// Name of the cookie that remembers the chosen interface language.
pub const LANG_COOKIE: &str = "lang";
/// Name of the hidden form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
/// Name of the cookie whose secret the forms of a browser without a session (sign-in, sign-up,
/// forgotten password) derive their token from.
pub const FORM_COOKIE: &str = "mc_form";

/// The form secret of a browser that had none yet, made for this request.
#[derive(Debug, Clone)]
struct NewFormSecret(String);

/// Gives a browser without a form secret one (a cookie), so that the forms it is shown carry a
/// token even before anyone signs in: a page made elsewhere cannot post them (login CSRF).
pub async fn form_cookie(
    axum::extract::State(state): axum::extract::State<SharedState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Forms are shown by GET; a POST without the cookie is refused by its handler.
    if request.method() != axum::http::Method::GET
        || cookie(request.headers(), FORM_COOKIE).is_some()
    {
        return next.run(request).await;
    }
    let secret = state.app.new_form_secret();
    request
        .extensions_mut()
        .insert(NewFormSecret(secret.clone()));
    let mut response = next.run(request).await;
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let value = format!("{FORM_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict{secure}");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Whether a posted form's token field is `expected` (compared in constant time).
fn carries_token(form: &[(String, String)], expected: &str) -> bool {
    form.iter()
        .any(|(key, value)| key == CSRF_FIELD && same_secret(value, expected))
}

/// The token of the forms of a browser without a session.
fn anonymous_token(form_secret: &str) -> String {
    csrf_token(&format!("anonymous:{form_secret}"))
}

/// The interface languages a reader can choose (the pages are written in these two).
const PAGE_LANGUAGES: [UiLang; 2] = [UiLang::Nl, UiLang::En];

fn page_language(code: &str) -> Option<UiLang> {
    PAGE_LANGUAGES.into_iter().find(|lang| lang.code() == code)
}

/// The reader's language: `?lang=`, else the `lang` cookie, else Accept-Language, else Dutch.
fn choose_language(query: &[(String, String)], headers: &HeaderMap) -> UiLang {
    let asked = query
        .iter()
        .rev()
        .find(|(key, _)| key == "lang")
        .and_then(|(_, value)| page_language(value));
    let remembered = || cookie(headers, LANG_COOKIE).and_then(page_language);
    let accepted = || {
        let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        // Browsers list languages in order of preference; the first one we speak wins.
        value.split(',').find_map(|item| {
            let tag = item
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            page_language(tag.split('-').next().unwrap_or_default())
        })
    };
    asked
        .or_else(remembered)
        .or_else(accepted)
        .unwrap_or(UiLang::Nl)
}

/// The form token of a session: a hash of the session secret, so it needs no storage and an
/// attacker who cannot read the cookie cannot compute it.
pub fn csrf_token(session_secret: &str) -> String {
    app::secret_hash(&format!("microcred-page-form:{session_secret}"))
}

/// Compares in time independent of where the strings differ.
fn same_secret(left: &str, right: &str) -> bool {
    left.len() == right.len()
        && left
            .bytes()
            .zip(right.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// The request as a page sees it.
pub struct PageContext {
    pub lang: UiLang,
    pub t: &'static Text,
    pub viewer: Option<Principal>,
    /// The signed-in staff member's provider by its name in the reader's language.
    provider_name: Option<String>,
    session_secret: Option<String>,
    /// The browser's form secret (see [`form_cookie`]).
    form_secret: Option<String>,
    path: String,
    query: Vec<(String, String)>,
}

impl FromRequestParts<SharedState> for PageContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let query: Vec<(String, String)> =
            serde_urlencoded::from_str(parts.uri.query().unwrap_or_default()).unwrap_or_default();
        let lang = choose_language(&query, &parts.headers);
        let Ok(Viewer(viewer)) = Viewer::from_request_parts(parts, state).await;
        let session_secret = viewer
            .as_ref()
            .and_then(|_| cookie(&parts.headers, SESSION_COOKIE))
            .map(str::to_owned);
        // The header names the provider as people know it, not by its identifier; if it
        // cannot be read, the identifier will do.
        let provider_name = match viewer.as_ref().and_then(Principal::own_provider) {
            Some(id) => state
                .app
                .provider(id, viewer.as_ref())
                .await
                .ok()
                .map(|provider| provider.content.legal_name.best(lang).to_owned()),
            None => None,
        };
        let form_secret = cookie(&parts.headers, FORM_COOKIE)
            .filter(|secret| secret.len() == 64)
            .map(str::to_owned)
            .or_else(|| {
                parts
                    .extensions
                    .get::<NewFormSecret>()
                    .map(|secret| secret.0.clone())
            });
        Ok(PageContext {
            lang,
            t: text(lang),
            viewer,
            provider_name,
            session_secret,
            form_secret,
            path: parts.uri.path().to_owned(),
            query,
        })
    }
}

impl PageContext {
    /// The query string pairs of the request (including `lang`).
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// Whether a POSTed form carries this session's token (no session: never).
    pub fn csrf_ok(&self, form: &[(String, String)]) -> bool {
        let Some(secret) = &self.session_secret else {
            return false;
        };
        carries_token(form, &csrf_token(secret))
    }

    /// Whether a form posted by a browser with or without a session carries its token: the
    /// session's, or the one made from the browser's form secret.
    pub fn any_csrf_ok(&self, form: &[(String, String)]) -> bool {
        if self.session_secret.is_some() {
            return self.csrf_ok(form);
        }
        let Some(secret) = &self.form_secret else {
            return false;
        };
        carries_token(form, &anonymous_token(secret))
    }

    pub fn session_secret(&self) -> Option<&str> {
        self.session_secret.as_deref()
    }

    /// The current URL with `lang` set to `lang`, keeping every other parameter.
    fn url_in(&self, lang: UiLang) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .filter(|(key, _)| key != "lang")
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect();
        pairs.push(("lang", lang.code()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("{}?{query}", self.path)
    }

    /// The header, navigation and footer data every page template gets.
    pub fn chrome(&self, section: Section) -> Chrome {
        let other = if self.lang == UiLang::Nl {
            UiLang::En
        } else {
            UiLang::Nl
        };
        let user = self.viewer.as_ref().map(|principal| {
            let provider = self
                .provider_name
                .as_deref()
                .or_else(|| principal.own_provider().map(|id| id.as_str()))
                .unwrap_or_default();
            let role = match principal.role() {
                Some(Role::PlatformAdmin) => self.t.role_platform_admin.to_owned(),
                Some(Role::ProviderAdmin) => format!("{} {provider}", self.t.role_provider_admin),
                Some(Role::Issuer) => format!("{} {provider}", self.t.role_issuer),
                Some(Role::Analyst) => self.t.role_analyst.to_owned(),
                None => self.t.role_learner.to_owned(),
            };
            if principal.label().trim().is_empty() {
                role
            } else {
                format!("{} ({role})", principal.label())
            }
        });
        Chrome {
            t: self.t,
            it: super::i18n::issuing::issuing_text(self.lang),
            at: super::i18n::accounts::account_text(self.lang),
            idt: super::i18n::identities::identity_text(self.lang),
            fbt: super::i18n::feedback::feedback_text(self.lang),
            pwt: super::i18n::pathways::pathway_text(self.lang),
            rct: super::i18n::recognition::recognition_text(self.lang),
            has_account: self
                .viewer
                .as_ref()
                .is_some_and(|viewer| viewer.account().is_some()),
            lang: self.lang.code(),
            other_lang: other.code(),
            other_lang_name: model::lang::language_name(other.code(), other),
            switch_href: self.url_in(other),
            user,
            learner: self
                .viewer
                .as_ref()
                .is_some_and(|viewer| viewer.account().is_some() && viewer.role().is_none()),
            staff_pages: self
                .viewer
                .as_ref()
                .is_some_and(|viewer| !matches!(viewer.role(), Some(Role::Analyst) | None)),
            csrf: match (&self.session_secret, &self.form_secret) {
                (Some(session), _) => csrf_token(session),
                (None, Some(form)) => anonymous_token(form),
                (None, None) => String::new(),
            },
            section,
        }
    }
}

/// Which part of the site a page belongs to (marks the navigation item as current).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Catalogue,
    Providers,
    Admin,
    Learners,
    Credentials,
    Verify,
    Statistics,
    SignIn,
    Wallet,
    Other,
}

/// What the base template needs.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub t: &'static Text,
    pub it: &'static super::i18n::issuing::IssuingText,
    pub at: &'static super::i18n::accounts::AccountText,
    /// Strings of OpenID Connect sign-in (the admin page's link).
    pub idt: &'static super::i18n::identities::IdentityText,
    /// Strings of learners' feedback (the admin list's link).
    pub fbt: &'static super::i18n::feedback::FeedbackText,
    /// Strings of pathways (the admin page's link).
    pub pwt: &'static super::i18n::pathways::PathwayText,
    /// Strings of recognition (issue 12).
    pub rct: &'static super::i18n::recognition::RecognitionText,
    /// Signed in with a person's account (which has its own page).
    pub has_account: bool,
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    pub switch_href: String,
    /// Who is signed in, as shown in the header.
    pub user: Option<String>,
    /// Whether the navigation offers the staff pages (administration, learners, credentials):
    /// signed in, and not as an analyst (who sees the statistics only).
    pub staff_pages: bool,
    /// Signed in as a learner (the navigation offers the wallet).
    pub learner: bool,
    /// This session's form token (empty when signed out).
    pub csrf: String,
    pub section: Section,
}

impl Chrome {
    /// Whether the page is in the navigation item named `name` (templates cannot name enums).
    pub fn is(&self, name: &str) -> bool {
        let current = match self.section {
            Section::Catalogue => "catalogue",
            Section::Providers => "providers",
            Section::Admin => "admin",
            Section::Learners => "learners",
            Section::Credentials => "credentials",
            Section::Verify => "verify",
            Section::Statistics => "statistics",
            Section::SignIn => "sign-in",
            Section::Wallet => "wallet",
            Section::Other => "",
        };
        current == name
    }
}

/// Remembers a language chosen with `?lang=` in a cookie, so links need not carry it.
pub async fn remember_language(request: Request, next: Next) -> Response {
    let chosen = request.uri().query().and_then(|query| {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        pairs
            .into_iter()
            .rev()
            .find(|(key, _)| key == "lang")
            .and_then(|(_, value)| page_language(&value))
    });
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let value = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn language_comes_from_query_then_cookie_then_accept_language() {
        let query = vec![("lang".to_owned(), "en".to_owned())];
        assert_eq!(
            choose_language(&query, &headers(&[(header::COOKIE, "lang=nl")])),
            UiLang::En
        );
        assert_eq!(
            choose_language(&[], &headers(&[(header::COOKIE, "lang=en")])),
            UiLang::En
        );
        assert_eq!(
            choose_language(
                &[],
                &headers(&[(header::ACCEPT_LANGUAGE, "fr-BE, en-GB;q=0.8, nl;q=0.5")])
            ),
            UiLang::En
        );
        assert_eq!(
            choose_language(
                &[],
                &headers(&[(header::ACCEPT_LANGUAGE, "nl-BE,nl;q=0.9")])
            ),
            UiLang::Nl
        );
        assert_eq!(choose_language(&[], &HeaderMap::new()), UiLang::Nl);
        let bogus = vec![("lang".to_owned(), "xx".to_owned())];
        assert_eq!(choose_language(&bogus, &HeaderMap::new()), UiLang::Nl);
    }

    #[test]
    fn csrf_tokens_depend_on_the_session() {
        assert_ne!(csrf_token("a"), csrf_token("b"));
        assert!(same_secret(&csrf_token("a"), &csrf_token("a")));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
