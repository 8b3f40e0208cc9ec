//! One OpenID Connect sign-in: the start (state, nonce and PKCE verifier kept; the browser sent
//! to the provider) and the callback (the login taken once, the code exchanged, the ID token
//! checked, the subject mapped to an account and a session made).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use jsonwebtoken::jwk::JwkSet;
use model::{Account, AccountId, EmailAddress};
use serde_json::Value;
use sha2::{Digest, Sha256};
use store::{AccountIdentity, AccountRecord, IdentityProvider, OidcLogin, Store, StoreError};
use time::{Duration, OffsetDateTime};

use super::id_token::{self, Expected, Identity};
use crate::accounts::{clean_name, person};
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::{App, secret_hash};

/// How long a person has to sign in at the provider.
pub const LOGIN_LIFETIME: Duration = Duration::minutes(10);
/// Logins one network address may have under way (each is a stored row and a fetch from the
/// provider); generous, since a campus may sign in from behind one address.
pub const MAX_LOGINS_PER_CLIENT: u64 = 60;

/// Where to send the browser, and the state to keep in a cookie of that browser (the callback
/// must come back to the browser that started, or a login made elsewhere could be slipped in).
#[derive(Debug, Clone)]
pub struct OidcStart {
    pub authorization_url: String,
    pub state: String,
}

/// What the provider sent the browser back with.
#[derive(Debug, Clone, Default)]
pub struct OidcCallback {
    pub state: Option<String>,
    pub code: Option<String>,
    /// RFC 9207: the issuer of the answer, checked when present.
    pub iss: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// How a callback ended.
#[derive(Debug, Clone)]
pub enum OidcOutcome {
    /// Signed in (a new account when `created`): a session for the cookie.
    SignedIn {
        principal: Principal,
        session: String,
        expires_at: OffsetDateTime,
        created: bool,
    },
    /// A signed-in person linked the provider to their account.
    Linked { provider_name: String },
}

/// The endpoints a discovery document names.
pub(super) struct Discovery {
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

fn refused(message: impl Into<String>) -> AppError {
    AppError::SignInRefused(message.into())
}

fn unavailable(name: &str, error: impl std::fmt::Display) -> AppError {
    AppError::IdentityProviderUnavailable(format!("{name}: {error}"))
}

fn string_field(document: &Value, field: &str, issuer: &str) -> AppResult<String> {
    document
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| unavailable(issuer, format!("the discovery document has no `{field}`")))
}

impl<S: Store> App<S> {
    /// Reads and checks `{issuer}/.well-known/openid-configuration`.
    pub(super) async fn discover(&self, issuer: &str) -> AppResult<Discovery> {
        let fetcher = self.identity_fetcher()?;
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let document = fetcher
            .get_json(&url)
            .await
            .map_err(|error| unavailable(issuer, error))?;
        let stated = string_field(&document, "issuer", issuer)?;
        if stated != issuer {
            return Err(unavailable(
                issuer,
                format!("the discovery document names another issuer, `{stated}`"),
            ));
        }
        if let Some(methods) = document
            .get("code_challenge_methods_supported")
            .and_then(Value::as_array)
            && !methods.iter().any(|method| method == "S256")
        {
            return Err(unavailable(
                issuer,
                "the provider does not support PKCE with S256",
            ));
        }
        let discovery = Discovery {
            authorization_endpoint: string_field(&document, "authorization_endpoint", issuer)?,
            token_endpoint: string_field(&document, "token_endpoint", issuer)?,
            jwks_uri: string_field(&document, "jwks_uri", issuer)?,
        };
        for endpoint in [
            &discovery.authorization_endpoint,
            &discovery.token_endpoint,
            &discovery.jwks_uri,
        ] {
            fetcher
                .check_url(endpoint)
                .map_err(|error| unavailable(issuer, error))?;
        }
        Ok(discovery)
    }

    async fn usable_identity_provider(&self, id: &str) -> AppResult<IdentityProvider> {
        let provider =
            self.store.identity_provider(id).await.map_err(|error| {
                AppError::from_store(error, || format!("identity provider `{id}`"))
            })?;
        if provider.disabled_at.is_some() {
            return Err(refused(format!(
                "signing in with {} is switched off on this register",
                provider.name
            )));
        }
        Ok(provider)
    }

    /// Starts a sign-in with provider `id` from network address `client`; with `linking`, the
    /// signed-in person links it to their account instead.
    pub async fn start_oidc_login(
        &self,
        id: &str,
        linking: Option<&Principal>,
        client: &str,
    ) -> AppResult<OidcStart> {
        let link_account_id = match linking {
            Some(principal) => Some(
                principal
                    .account()
                    .map(|account| account.id.clone())
                    .ok_or_else(|| {
                        AppError::Forbidden(
                            "only a person signed in with an account can link a provider"
                                .to_owned(),
                        )
                    })?,
            ),
            None => None,
        };
        let provider = self.usable_identity_provider(id).await?;
        let now = self.now();
        let (live, first_expiry) = self.store.live_oidc_logins(client, now).await?;
        if live >= MAX_LOGINS_PER_CLIENT {
            let wait = first_expiry.map_or(LOGIN_LIFETIME, |expiry| expiry - now);
            return Err(AppError::TooManyAttempts {
                retry_after_seconds: wait.whole_seconds().max(1) as u64,
            });
        }
        let discovery = self.discover(&provider.issuer).await?;
        let state = self.random_hex(32);
        let nonce = self.random_hex(32);
        let mut verifier = [0u8; 32];
        self.fill_random(&mut verifier);
        // RFC 7636 §4.1: 43 characters of the unreserved set.
        let code_verifier = B64.encode(verifier);
        let challenge = B64.encode(Sha256::digest(code_verifier.as_bytes()));
        self.store
            .insert_oidc_login(&OidcLogin {
                state_hash: secret_hash(&state),
                idp_id: provider.id.clone(),
                nonce: nonce.clone(),
                code_verifier,
                link_account_id,
                created_at: now,
                expires_at: now + LOGIN_LIFETIME,
                client: client.to_owned(),
            })
            .await?;
        let scope = std::iter::once("openid")
            .chain(provider.scopes.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ");
        let query = serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", provider.client_id.as_str()),
            ("redirect_uri", self.oidc_redirect_uri().as_str()),
            ("scope", scope.as_str()),
            ("state", state.as_str()),
            ("nonce", nonce.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .map_err(|error| AppError::InvalidState(error.to_string()))?;
        let separator = if discovery.authorization_endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        Ok(OidcStart {
            authorization_url: format!("{}{separator}{query}", discovery.authorization_endpoint),
            state,
        })
    }

    /// Finishes a sign-in the provider sent the browser back from; `browser_state` is the
    /// state kept in that browser's cookie at the start.
    pub async fn finish_oidc_login(
        &self,
        callback: &OidcCallback,
        browser_state: Option<&str>,
    ) -> AppResult<OidcOutcome> {
        let state = callback
            .state
            .as_deref()
            .ok_or_else(|| refused("the answer of the identity provider has no state"))?;
        // The login is taken (and so used up) before anything else is looked at.
        let login = self
            .store
            .take_oidc_login(&secret_hash(state), self.now())
            .await?
            .ok_or_else(|| {
                refused("this sign-in was not started here, has expired or was used already: start again")
            })?;
        if browser_state != Some(state) {
            return Err(refused(
                "this sign-in was started in another browser: start again from this one",
            ));
        }
        let provider = self.usable_identity_provider(&login.idp_id).await?;
        if let Some(error) = &callback.error {
            let description = callback.error_description.as_deref().unwrap_or_default();
            return Err(refused(format!(
                "{} did not sign you in ({error}{}{description})",
                provider.name,
                if description.is_empty() { "" } else { ": " }
            )));
        }
        if let Some(iss) = &callback.iss
            && iss != &provider.issuer
        {
            return Err(refused(format!(
                "the answer comes from `{iss}`, not from {} (`{}`)",
                provider.name, provider.issuer
            )));
        }
        let code = callback
            .code
            .as_deref()
            .filter(|code| !code.is_empty() && code.len() <= 2048)
            .ok_or_else(|| refused("the answer of the identity provider has no usable code"))?;
        let identity = self.exchange_code(&provider, &login, code).await?;
        self.map_identity(&provider, &login, identity).await
    }

    /// Exchanges the code at the token endpoint and checks the ID token that comes back.
    async fn exchange_code(
        &self,
        provider: &IdentityProvider,
        login: &OidcLogin,
        code: &str,
    ) -> AppResult<Identity> {
        let discovery = self.discover(&provider.issuer).await?;
        let fetcher = self.identity_fetcher()?;
        let secret = self.open_client_secret_with(self.master_key()?, provider)?;
        let redirect_uri = self.oidc_redirect_uri();
        // RFC 6749 §2.3.1: the client id and secret are form-encoded inside Basic.
        let user = crate::form_encoded(&provider.client_id);
        let password = crate::form_encoded(&secret);
        let answer = fetcher
            .post_form(
                &discovery.token_endpoint,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", redirect_uri.as_str()),
                    ("code_verifier", login.code_verifier.as_str()),
                ],
                Some((&user, &password)),
            )
            .await
            .map_err(|error| match error {
                fetch::FetchError::Refused { error, .. } => refused(format!(
                    "{} refused the sign-in code ({error}); it may have been used already: start again",
                    provider.name
                )),
                other => unavailable(&provider.name, other),
            })?;
        let token = answer
            .get("id_token")
            .and_then(Value::as_str)
            .ok_or_else(|| unavailable(&provider.name, "the token answer has no id_token"))?;
        let keys: JwkSet = serde_json::from_value(
            fetcher
                .get_json(&discovery.jwks_uri)
                .await
                .map_err(|error| unavailable(&provider.name, error))?,
        )
        .map_err(|error| {
            unavailable(
                &provider.name,
                format!("its keys (JWKS) cannot be read: {error}"),
            )
        })?;
        id_token::verify(
            token,
            &keys,
            &Expected {
                issuer: &provider.issuer,
                client_id: &provider.client_id,
                nonce: &login.nonce,
                now: self.now(),
            },
        )
        .map_err(|reason| {
            tracing::warn!(provider = %provider.issuer, %reason, "an ID token was refused");
            refused(format!("{}: {reason}", provider.name))
        })
    }

    /// The account the verified identity signs in to (or is linked to).
    async fn map_identity(
        &self,
        provider: &IdentityProvider,
        login: &OidcLogin,
        identity: Identity,
    ) -> AppResult<OidcOutcome> {
        let linked = self
            .store
            .identity_account(&provider.id, &identity.subject)
            .await?;
        if let Some(account) = &login.link_account_id {
            return self.link(provider, account, linked, identity).await;
        }
        if let Some(record) = linked {
            return self.oidc_session(provider, record.account, false).await;
        }
        let no_account = || {
            refused(format!(
                "no account here is linked to your {} identity: sign in with your e-mail address and password, then link {} from your account page",
                provider.name, provider.name
            ))
        };
        if !provider.creates_accounts {
            return Err(no_account());
        }
        let address = identity
            .email
            .as_deref()
            .filter(|_| identity.email_verified)
            .and_then(|address| EmailAddress::parse(address).ok())
            .ok_or_else(|| {
                refused(format!(
                    "{} did not give a verified e-mail address, which a new account needs",
                    provider.name
                ))
            })?;
        // An address with an account is not taken over by whoever the provider vouches for.
        match self.store.account_by_email(&address).await {
            Ok(_) => return Err(no_account()),
            Err(StoreError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
        let name = identity
            .name
            .as_deref()
            .and_then(|name| clean_name(name).ok())
            .unwrap_or_else(|| address.as_str().split('@').next().unwrap_or("").to_owned());
        let now = self.now();
        let account = self.new_learner_account(address, name, Some(now))?;
        let audit = self.audit(
            person(&account),
            None,
            "account.sign_up",
            account.id.as_str(),
            &format!("openid:{}", provider.id),
        );
        let record = AccountRecord {
            account: account.clone(),
            password_hash: None,
        };
        let link = AccountIdentity {
            idp_id: provider.id.clone(),
            idp_name: provider.name.clone(),
            subject: identity.subject,
            account_id: account.id.clone(),
            linked_at: now,
        };
        match self
            .store
            .create_account_with_identity(&record, &link, &audit)
            .await
        {
            Ok(()) => self.oidc_session(provider, account, true).await,
            // The same person's second tab, or an address taken meanwhile: sign in again.
            Err(StoreError::Conflict(_)) => Err(refused(
                "the account was being made at the same moment: sign in again",
            )),
            Err(other) => Err(other.into()),
        }
    }

    async fn link(
        &self,
        provider: &IdentityProvider,
        account: &AccountId,
        linked: Option<AccountRecord>,
        identity: Identity,
    ) -> AppResult<OidcOutcome> {
        match linked {
            Some(record) if &record.account.id == account => {}
            Some(_) => {
                return Err(AppError::Conflict(format!(
                    "this {} identity is linked to another account",
                    provider.name
                )));
            }
            None => {
                let record = self.store.account(account).await?;
                let audit = self.audit(
                    person(&record.account),
                    None,
                    "account.identity_link",
                    account.as_str(),
                    &provider.id,
                );
                let link = AccountIdentity {
                    idp_id: provider.id.clone(),
                    idp_name: provider.name.clone(),
                    subject: identity.subject,
                    account_id: account.clone(),
                    linked_at: self.now(),
                };
                self.store
                    .link_identity(&link, &audit)
                    .await
                    .map_err(|error| match error {
                        StoreError::Conflict(_) => AppError::Conflict(format!(
                            "your account is linked to another {} identity already: unlink it first",
                            provider.name
                        )),
                        other => other.into(),
                    })?;
            }
        }
        Ok(OidcOutcome::Linked {
            provider_name: provider.name.clone(),
        })
    }

    async fn oidc_session(
        &self,
        provider: &IdentityProvider,
        account: Account,
        created: bool,
    ) -> AppResult<OidcOutcome> {
        if account.disabled_at.is_some() {
            return Err(refused("this account is closed"));
        }
        let (session, expires_at) = self.new_session(&account).await?;
        let audit = self.audit(
            person(&account),
            account.provider_id.as_ref(),
            "account.sign_in",
            account.id.as_str(),
            &format!("openid:{}", provider.id),
        );
        self.store.append_audit(&audit).await?;
        Ok(OidcOutcome::SignedIn {
            principal: Principal::account_holder(account),
            session,
            expires_at,
            created,
        })
    }
}
