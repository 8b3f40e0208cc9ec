//! The account pages: sign-up, confirmation of the address, forgotten password, invitation,
//! my account (password change), and — on a demo register only — the outbox. Links from
//! messages open a page with a button: a mail scanner that follows the link uses nothing up.

use app::AppError;
use app::accounts::SignUp;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};

use super::context::{Chrome, PageContext, Section};
use super::i18n::accounts::{AccountText, account_text};
use super::i18n::identities::{IdentityText, identity_text};
use super::{PageResult, app_error_page, check_form, not_found_page, render};
use crate::SharedState;
use crate::auth::session_cookie;

/// One input of an account form.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
    pub invalid: bool,
}

impl Field {
    fn new(name: &'static str, label: &'static str, kind: &'static str) -> Field {
        let autocomplete = match (name, kind) {
            ("email", _) => "username",
            ("name", _) => "name",
            ("current", _) => "current-password",
            (_, "password") => "new-password",
            _ => "off",
        };
        Field {
            name,
            label,
            hint: "",
            kind,
            autocomplete,
            value: String::new(),
            invalid: false,
        }
    }

    fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }

    fn value(mut self, value: &str) -> Field {
        self.value = value.to_owned();
        self
    }
}

pub struct AccountForm {
    pub id: &'static str,
    pub heading: &'static str,
    pub action: String,
    pub fields: Vec<Field>,
    pub button: &'static str,
}

/// A page of the account pages: a title, a message, forms and links.
pub struct AccountPage {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub forms: Vec<AccountForm>,
    pub links: Vec<(String, String)>,
    /// The account page's identity providers: linked or ready to link.
    pub identities: Vec<IdentityRow>,
    pub it: &'static IdentityText,
}

/// An identity provider on the account page; `linked` is the subject it is linked as.
pub struct IdentityRow {
    pub id: String,
    pub name: String,
    pub linked: Option<String>,
}

impl AccountPage {
    fn new(id: &'static str, title: &'static str, intro: &'static str) -> AccountPage {
        AccountPage {
            id,
            title,
            intro,
            error: None,
            notice: None,
            forms: Vec::new(),
            links: Vec::new(),
            identities: Vec::new(),
            it: identity_text(model::UiLang::En),
        }
    }

    fn form(mut self, form: AccountForm) -> AccountPage {
        self.forms.push(form);
        self
    }
}

#[derive(Template)]
#[template(path = "account_form.html")]
struct AccountFormPage {
    chrome: Chrome,
    page: AccountPage,
}

fn show(context: &PageContext, status: StatusCode, page: AccountPage) -> PageResult {
    Ok(render(
        status,
        &AccountFormPage {
            chrome: context.chrome(Section::SignIn),
            page,
        },
    ))
}

fn field<'f>(fields: &'f [(String, String)], name: &str) -> &'f str {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

fn text(context: &PageContext) -> &'static AccountText {
    account_text(context.lang)
}

fn sign_up_page(t: &'static AccountText, name: &str, email: &str) -> AccountPage {
    AccountPage::new("sign-up", t.sign_up_title, t.sign_up_intro).form(AccountForm {
        id: "sign-up-form",
        heading: "",
        action: "/sign-up".to_owned(),
        fields: vec![
            Field::new("name", t.name, "text").value(name),
            Field::new("email", t.email, "email").value(email),
            Field::new("password", t.password, "password").hint(t.password_hint),
        ],
        button: t.sign_up,
    })
}

/// The message after something was mailed; on a demo register, where to read it.
fn check_mail(state: &SharedState, t: &'static AccountText) -> AccountPage {
    let mut page = AccountPage::new("check-mail", t.check_mail_title, t.check_mail);
    if state.demo {
        page.notice = Some(t.demo_outbox_hint.to_owned());
        page.links
            .push(("/demo/outbox".to_owned(), t.outbox_title.to_owned()));
    }
    page
}

pub async fn sign_up_form(context: PageContext) -> PageResult {
    show(
        &context,
        StatusCode::OK,
        sign_up_page(text(&context), "", ""),
    )
}

pub async fn sign_up(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    super::check_any_form(&context, &fields)?;
    let t = text(&context);
    let form = SignUp {
        name: field(&fields, "name").to_owned(),
        email: field(&fields, "email").to_owned(),
        password: field(&fields, "password").to_owned(),
    };
    match state.app.sign_up(&form).await {
        Ok(()) => show(&context, StatusCode::OK, check_mail(&state, t)),
        Err(AppError::InvalidState(message)) => {
            let mut page = sign_up_page(t, &form.name, &form.email);
            page.error = Some(message);
            show(&context, StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

/// The page of a mailed link: a form that posts the secret back.
fn link_page(
    t: &'static AccountText,
    path: &str,
    secret: &str,
    with_password: bool,
) -> AccountPage {
    let (id, title, intro, button) = match path {
        "confirm" => (
            "confirm",
            t.confirm_title,
            t.confirm_intro,
            t.confirm_button,
        ),
        "invitation" => (
            "invitation",
            t.invitation_title,
            t.invitation_intro,
            t.save_password,
        ),
        _ => (
            "new-password",
            t.new_password_title,
            t.new_password_intro,
            t.save_password,
        ),
    };
    let fields = if with_password {
        vec![Field::new("password", t.new_password, "password").hint(t.password_hint)]
    } else {
        Vec::new()
    };
    AccountPage::new(id, title, intro).form(AccountForm {
        id: "link-form",
        heading: "",
        action: format!("/account/{path}/{secret}"),
        fields,
        button,
    })
}

fn valid_secret(secret: &str) -> bool {
    secret.len() == 64 && secret.bytes().all(|byte| byte.is_ascii_hexdigit())
}

pub async fn link_form(
    context: PageContext,
    Path((path, secret)): Path<(String, String)>,
) -> PageResult {
    if !valid_secret(&secret) || !matches!(path.as_str(), "confirm" | "reset" | "invitation") {
        return Err(not_found_page(&context));
    }
    let page = link_page(text(&context), &path, &secret, path != "confirm");
    show(&context, StatusCode::OK, page)
}

pub async fn link_use(
    State(state): State<SharedState>,
    context: PageContext,
    Path((path, secret)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let t = text(&context);
    if !valid_secret(&secret) {
        return Err(not_found_page(&context));
    }
    super::check_any_form(&context, &fields)?;
    let password = field(&fields, "password");
    let (outcome, title, done) = match path.as_str() {
        "confirm" => (
            state.app.confirm_email(&secret).await,
            t.confirm_title,
            t.confirmed,
        ),
        "reset" => (
            state.app.reset_password(&secret, password).await,
            t.new_password_title,
            t.password_saved,
        ),
        "invitation" => (
            state.app.accept_invitation(&secret, password).await,
            t.invitation_title,
            t.password_saved,
        ),
        _ => return Err(not_found_page(&context)),
    };
    match outcome {
        Ok(_) => {
            let mut page = AccountPage::new("link-done", title, "");
            page.notice = Some(done.to_owned());
            page.links
                .push(("/sign-in".to_owned(), context.t.sign_in.to_owned()));
            show(&context, StatusCode::OK, page)
        }
        Err(AppError::InvalidState(message)) => {
            let mut page = link_page(t, &path, &secret, true);
            page.error = Some(message);
            show(&context, StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(AppError::NotFound(_)) => {
            let mut page = AccountPage::new("link-dead", title, "");
            page.error = Some(t.link_dead.to_owned());
            page.links
                .push(("/account/reset".to_owned(), t.reset_title.to_owned()));
            show(&context, StatusCode::NOT_FOUND, page)
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

fn reset_request_page(t: &'static AccountText) -> AccountPage {
    AccountPage::new("reset", t.reset_title, t.reset_intro).form(AccountForm {
        id: "reset-form",
        heading: "",
        action: "/account/reset".to_owned(),
        fields: vec![Field::new("email", t.email, "email")],
        button: t.reset_button,
    })
}

pub async fn reset_request_form(context: PageContext) -> PageResult {
    show(&context, StatusCode::OK, reset_request_page(text(&context)))
}

pub async fn reset_request(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    super::check_any_form(&context, &fields)?;
    let t = text(&context);
    state
        .app
        .request_password_reset(field(&fields, "email"))
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let mut page = check_mail(&state, t);
    page.intro = t.reset_sent;
    show(&context, StatusCode::OK, page)
}

fn account_page(context: &PageContext, t: &'static AccountText) -> AccountPage {
    let mut page = AccountPage::new("account", t.account_title, "").form(AccountForm {
        id: "password-form",
        heading: t.change_password,
        action: "/account/password".to_owned(),
        fields: vec![
            Field::new("current", t.current_password, "password"),
            Field::new("password", t.new_password, "password").hint(t.password_hint),
        ],
        button: t.save_password,
    });
    if let Some(account) = context.viewer.as_ref().and_then(|viewer| viewer.account()) {
        page.links.push((
            format!("mailto:{}", account.email),
            format!("{} — {}", account.name, account.email),
        ));
        if account.role.is_some() {
            page.links
                .push(("/account/tokens".to_owned(), t.api_tokens.to_owned()));
        } else {
            page.links
                .push(("/wallet".to_owned(), t.nav_wallet.to_owned()));
        }
    }
    page
}

pub async fn account(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let Some(viewer) = context
        .viewer
        .as_ref()
        .filter(|viewer| viewer.account().is_some())
    else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    let mut page = account_page(&context, text(&context));
    let it = identity_text(context.lang);
    page.it = it;
    let linked = state
        .app
        .linked_identities(viewer)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let options = state
        .app
        .sign_in_options()
        .await
        .map_err(|error| app_error_page(&context, error))?;
    page.identities = linked
        .iter()
        .map(|identity| IdentityRow {
            id: identity.provider_id.clone(),
            name: identity.provider_name.clone(),
            linked: Some(identity.subject.clone()),
        })
        .chain(
            options
                .into_iter()
                .filter(|option| {
                    !linked
                        .iter()
                        .any(|identity| identity.provider_id == option.id)
                })
                .map(|option| IdentityRow {
                    id: option.id,
                    name: option.name,
                    linked: None,
                }),
        )
        .collect();
    if query
        .iter()
        .any(|(key, value)| key == "identity" && value == "unlinked")
    {
        page.notice = Some(it.unlinked_done.to_owned());
    }
    show(&context, StatusCode::OK, page)
}

pub async fn change_password(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let t = text(&context);
    let Some(viewer) = context.viewer.clone() else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    check_form(&context, &fields)?;
    match state
        .app
        .change_password(
            &viewer,
            field(&fields, "current"),
            field(&fields, "password"),
        )
        .await
    {
        Ok((session, expires_at)) => {
            let seconds = (expires_at - state.app.now()).whole_seconds().max(0);
            let cookie = session_cookie(&session, seconds, state.secure_cookies);
            let mut page = account_page(&context, t);
            page.notice = Some(t.password_changed.to_owned());
            let mut response = show(&context, StatusCode::OK, page)?;
            if let Ok(value) = header::HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        Err(AppError::InvalidState(message)) => {
            let mut page = account_page(&context, t);
            page.error = Some(message);
            show(&context, StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

/// Where an erased account's browser lands (signed out).
pub async fn erased(context: PageContext) -> PageResult {
    let wt = super::i18n::wallet::wallet_text(context.lang);
    let mut page = AccountPage::new("account-erased", wt.erase, "");
    page.notice = Some(wt.erased.to_owned());
    page.links.push((
        "/privacy".to_owned(),
        context.chrome(Section::Other).at.privacy_title.to_owned(),
    ));
    show(&context, StatusCode::OK, page)
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    chrome: Chrome,
    at: &'static AccountText,
    messages: Vec<(String, String, String, String)>,
}

/// The outbox of a demo register (404 elsewhere: it holds live links).
pub async fn demo_outbox(State(state): State<SharedState>, context: PageContext) -> PageResult {
    if !state.demo {
        return Err(not_found_page(&context));
    }
    let messages = state
        .app
        .outbox_messages(50)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let messages = messages
        .into_iter()
        .map(|message| {
            (
                super::format::timestamp(message.created_at, context.lang),
                message.recipient.to_string(),
                message.subject,
                message.body,
            )
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &OutboxPage {
            chrome: context.chrome(Section::Other),
            at: text(&context),
            messages,
        },
    ))
}
