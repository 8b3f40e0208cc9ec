//! Authorization as types: a use case that changes a provider's data takes a `ProviderAdmin`
//! capability, which only `Principal::provider_admin` hands out, and only for the principal's
//! own provider (or to a platform admin). A missing check does not compile.

use model::{Account, AccountId, ApiToken, ProviderId, Role};

use crate::error::{AppError, AppResult};

/// Who is calling: an authenticated, live token (an API token, or the one a web session signed
/// in with), or a person signed in with their account (staff in their role, or a learner).
/// Only `app` makes one — from a token or session it looked up (`tokens.rs`, `accounts.rs`) or
/// for the local operator — and its fields are private to `app`, so no other crate can forge
/// or widen one; other crates ask it what they may show (`role`, `own_provider`, `label`).
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    caller: Caller,
}

/// The kinds of caller: staff signed in with an API token (or a web session made from one),
/// and people signed in with their account — staff in the role they were invited to, or a
/// learner, who reaches only their own records.
#[derive(Debug, Clone, PartialEq)]
enum Caller {
    Staff { token: ApiToken, via: SignedInWith },
    Account { account: Account },
}

/// How staff signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedInWith {
    ApiToken,
    Session,
    /// The operator at the machine (the CLI, with the database at hand).
    LocalOperator,
    /// A person's account (e-mail and password), in a web session.
    Account,
}

impl Principal {
    /// Staff, signed in with `token` (or a session made from it).
    pub(crate) fn staff(token: ApiToken, via: SignedInWith) -> Principal {
        Principal {
            caller: Caller::Staff { token, via },
        }
    }

    /// A person signed in with their account.
    pub(crate) fn account_holder(account: Account) -> Principal {
        Principal {
            caller: Caller::Account { account },
        }
    }

    /// The token staff signed in with, if they did.
    pub(crate) fn token(&self) -> Option<&ApiToken> {
        match &self.caller {
            Caller::Staff { token, .. } => Some(token),
            Caller::Account { .. } => None,
        }
    }

    /// The account a person signed in with, if they did.
    pub fn account(&self) -> Option<&Account> {
        match &self.caller {
            Caller::Account { account } => Some(account),
            Caller::Staff { .. } => None,
        }
    }

    /// The staff role and its provider, or `None` for a learner.
    fn staff_role(&self) -> Option<(Role, Option<&ProviderId>)> {
        match &self.caller {
            Caller::Staff { token, .. } => Some((token.role, token.provider_id.as_ref())),
            Caller::Account { account } => account
                .role
                .map(|role| (role, account.provider_id.as_ref())),
        }
    }

    /// How the caller signed in.
    pub fn signed_in_with(&self) -> SignedInWith {
        match &self.caller {
            Caller::Staff { via, .. } => *via,
            Caller::Account { .. } => SignedInWith::Account,
        }
    }

    /// Who the caller is, for the audit log: an account id, a token id, or `operator`.
    pub(crate) fn actor(&self) -> (String, String) {
        match &self.caller {
            Caller::Staff { via, .. } if *via == SignedInWith::LocalOperator => {
                ("operator".to_owned(), "local operator".to_owned())
            }
            Caller::Staff { token, .. } => (token.id.to_string(), token.label.clone()),
            Caller::Account { account } if account.is_learner() => {
                (account.id.to_string(), "learner".to_owned())
            }
            Caller::Account { account } => (account.id.to_string(), account.name.clone()),
        }
    }

    /// The learner's right over their own records: only a learner's account has one.
    pub fn learner(&self) -> AppResult<LearnerRight> {
        match &self.caller {
            Caller::Account { account } if account.is_learner() => Ok(LearnerRight {
                account: account.id.clone(),
            }),
            _ => Err(AppError::Forbidden(
                "this is for learners, signed in with their own account".to_owned(),
            )),
        }
    }
}

/// Permission to reach one learner's own records (their wallet), and no one else's.
#[derive(Debug, Clone)]
pub struct LearnerRight {
    account: AccountId,
}

impl LearnerRight {
    /// The right of the learner who owns a record (a share link opens their wallet's records).
    pub(crate) fn of(account: AccountId) -> LearnerRight {
        LearnerRight { account }
    }

    pub fn account(&self) -> &AccountId {
        &self.account
    }
}

/// Permission to administer everything.
#[derive(Debug, Clone)]
pub struct PlatformAdmin {
    actor: (String, String),
}

/// Permission to administer one provider's data.
#[derive(Debug, Clone)]
pub struct ProviderAdmin {
    provider: ProviderId,
    actor: (String, String),
}

impl ProviderAdmin {
    pub fn provider(&self) -> &ProviderId {
        &self.provider
    }

    /// Who acts, for the audit log: (id, label).
    pub(crate) fn actor(&self) -> &(String, String) {
        &self.actor
    }
}

/// Permission to record enrolments and results and to issue, suspend, reinstate and revoke
/// credentials for one provider: its issuers and admins, or a platform admin.
#[derive(Debug, Clone)]
pub struct IssuerRight {
    provider: ProviderId,
    actor: (String, String),
}

impl IssuerRight {
    pub fn provider(&self) -> &ProviderId {
        &self.provider
    }

    /// Who acts, for the audit log: (id, label).
    pub(crate) fn actor(&self) -> &(String, String) {
        &self.actor
    }
}

impl IssuerRight {
    /// The right an automatic pathway acts with when it awards its credential: the owner
    /// made the pathway automatic.
    pub(crate) fn for_pathway(provider: &ProviderId, pathway: &str) -> IssuerRight {
        IssuerRight {
            provider: provider.clone(),
            actor: (format!("pathway:{pathway}"), "automatic award".to_owned()),
        }
    }

    /// The right a queued import job acts with: it was checked when the job was created.
    pub(crate) fn for_job(provider: &ProviderId, job: &str) -> IssuerRight {
        IssuerRight {
            provider: provider.clone(),
            actor: (format!("import:{job}"), "import job".to_owned()),
        }
    }
}

impl ProviderAdmin {
    /// The right the demo seeding acts with for a provider's own definitions.
    pub(crate) fn for_demo(provider: &ProviderId) -> ProviderAdmin {
        ProviderAdmin {
            provider: provider.clone(),
            actor: ("operator".to_owned(), "demo".to_owned()),
        }
    }
}

impl From<&ProviderAdmin> for IssuerRight {
    fn from(admin: &ProviderAdmin) -> IssuerRight {
        IssuerRight {
            provider: admin.provider.clone(),
            actor: admin.actor.clone(),
        }
    }
}

impl PlatformAdmin {
    /// Who acts, for the audit log: (id, label).
    pub(crate) fn actor(&self) -> &(String, String) {
        &self.actor
    }

    /// The operator at the machine (the CLI with access to the database) is a platform admin.
    /// Only the binary's edge can make it: the `local-operator` feature, which the web crate does
    /// not turn on (`.ci/run` checks the web library without it).
    #[cfg(feature = "local-operator")]
    pub fn local_operator() -> PlatformAdmin {
        PlatformAdmin {
            actor: ("operator".to_owned(), "local operator".to_owned()),
        }
    }

    /// A platform admin may act as any provider's admin.
    pub fn as_provider_admin(&self, provider: &ProviderId) -> ProviderAdmin {
        ProviderAdmin {
            provider: provider.clone(),
            actor: self.actor.clone(),
        }
    }
}

impl Principal {
    /// The staff role, or `None` for a learner.
    pub fn role(&self) -> Option<Role> {
        self.staff_role().map(|(role, _)| role)
    }

    /// Who the caller is, as shown in the header and on imports: the token's label or the
    /// account holder's name.
    pub fn label(&self) -> &str {
        match &self.caller {
            Caller::Staff { token, .. } => &token.label,
            Caller::Account { account } => &account.name,
        }
    }

    pub fn platform_admin(&self) -> AppResult<PlatformAdmin> {
        match self.role() {
            Some(Role::PlatformAdmin) => Ok(PlatformAdmin {
                actor: self.actor(),
            }),
            _ => Err(AppError::Forbidden(
                "this needs a platform admin".to_owned(),
            )),
        }
    }

    /// Admin rights over `provider`: a platform admin, or that provider's own provider admin.
    pub fn provider_admin(&self, provider: &ProviderId) -> AppResult<ProviderAdmin> {
        let Some((role, own)) = self.staff_role() else {
            return Err(AppError::Forbidden(
                "learners cannot change a provider's catalogue".to_owned(),
            ));
        };
        match (role, own) {
            (Role::PlatformAdmin, _) => Ok(ProviderAdmin {
                provider: provider.clone(),
                actor: self.actor(),
            }),
            (Role::ProviderAdmin, Some(own)) if own == provider => Ok(ProviderAdmin {
                provider: provider.clone(),
                actor: self.actor(),
            }),
            (Role::ProviderAdmin, _) => Err(AppError::Forbidden(format!(
                "you administer another provider, not {provider}"
            ))),
            (Role::Issuer, _) => Err(AppError::Forbidden(
                "issuers cannot change a provider's catalogue; a provider admin can".to_owned(),
            )),
            (Role::Analyst, _) => Err(AppError::Forbidden(
                "analysts see the register's statistics only".to_owned(),
            )),
        }
    }

    /// Issuing rights over `provider`: a platform admin, or that provider's admin or issuer.
    pub fn issuer(&self, provider: &ProviderId) -> AppResult<IssuerRight> {
        let Some(staff) = self.staff_role() else {
            return Err(AppError::Forbidden(
                "learners cannot issue credentials".to_owned(),
            ));
        };
        match staff {
            (Role::PlatformAdmin, _) => Ok(IssuerRight {
                provider: provider.clone(),
                actor: self.actor(),
            }),
            (Role::ProviderAdmin | Role::Issuer, Some(own)) if own == provider => Ok(IssuerRight {
                provider: provider.clone(),
                actor: self.actor(),
            }),
            _ => Err(AppError::Forbidden(format!(
                "you issue for another provider, not {provider}"
            ))),
        }
    }

    /// Which statistics this caller sees: analysts and platform admins the register's,
    /// provider admins their provider's, issuers what anyone sees.
    pub fn statistics_access(&self) -> crate::statistics::StatisticsAccess {
        use crate::statistics::StatisticsAccess;
        match self.staff_role() {
            Some((Role::PlatformAdmin | Role::Analyst, _)) => StatisticsAccess::Register,
            Some((Role::ProviderAdmin, Some(own))) => StatisticsAccess::Provider(own.clone()),
            _ => StatisticsAccess::Public,
        }
    }

    /// The provider a provider admin or issuer belongs to.
    pub fn own_provider(&self) -> Option<&ProviderId> {
        self.staff_role().and_then(|(_, provider)| provider)
    }

    /// Whether this principal may see `provider`'s unpublished data.
    pub fn can_see_unpublished_of(&self, provider: &ProviderId) -> bool {
        self.role() == Some(Role::PlatformAdmin) || self.own_provider() == Some(provider)
    }
}

impl Principal {
    /// The operator at the machine, as a principal (the CLI reads drafts with it); like
    /// [`PlatformAdmin::local_operator`], only with the `local-operator` feature.
    #[cfg(feature = "local-operator")]
    pub fn local_operator() -> Principal {
        Principal::staff(
            ApiToken {
                id: model::TokenId::local_operator(),
                role: Role::PlatformAdmin,
                provider_id: None,
                label: "local operator".to_owned(),
                created_at: time::OffsetDateTime::UNIX_EPOCH,
                revoked_at: None,
                account_id: None,
                expires_at: None,
                last_used_at: None,
            },
            SignedInWith::LocalOperator,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn principal(role: Role, provider: Option<&str>) -> Principal {
        Principal::staff(
            ApiToken {
                id: model::TokenId::parse("tok-test").unwrap(),
                role,
                provider_id: provider.map(|p| ProviderId::parse(p).unwrap()),
                label: String::new(),
                created_at: datetime!(2025-01-01 0:00 UTC),
                revoked_at: None,
                account_id: None,
                expires_at: None,
                last_used_at: None,
            },
            SignedInWith::ApiToken,
        )
    }

    #[test]
    fn provider_admins_administer_only_their_own_provider() {
        let own = ProviderId::parse("own-provider").unwrap();
        let other = ProviderId::parse("other-provider").unwrap();
        let admin = principal(Role::ProviderAdmin, Some("own-provider"));
        assert!(admin.provider_admin(&own).is_ok());
        assert!(matches!(
            admin.provider_admin(&other),
            Err(AppError::Forbidden(_))
        ));
        assert!(admin.platform_admin().is_err());
        assert!(
            principal(Role::ProviderAdmin, None)
                .provider_admin(&own)
                .is_err()
        );
    }

    #[test]
    fn issuing_rights_cover_only_the_own_provider() {
        let own = ProviderId::parse("own-provider").unwrap();
        let other = ProviderId::parse("other-provider").unwrap();
        for role in [Role::Issuer, Role::ProviderAdmin] {
            let caller = principal(role, Some("own-provider"));
            assert_eq!(caller.issuer(&own).unwrap().provider(), &own);
            assert!(matches!(caller.issuer(&other), Err(AppError::Forbidden(_))));
        }
        assert!(principal(Role::Issuer, None).issuer(&own).is_err());
        assert!(principal(Role::PlatformAdmin, None).issuer(&other).is_ok());
    }

    #[test]
    fn issuers_cannot_administer_and_platform_admins_can_everything() {
        let own = ProviderId::parse("own-provider").unwrap();
        assert!(
            principal(Role::Issuer, Some("own-provider"))
                .provider_admin(&own)
                .is_err()
        );
        let platform = principal(Role::PlatformAdmin, None);
        assert!(platform.provider_admin(&own).is_ok());
        assert!(platform.platform_admin().is_ok());
        assert!(platform.can_see_unpublished_of(&own));
    }
}
