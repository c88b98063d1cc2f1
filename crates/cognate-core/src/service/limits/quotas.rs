//! Cognito's request quotas by operation category, as "Quotas in Amazon Cognito" lists their
//! defaults (<https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html>):
//! requests per second for all of an account's pools in a Region. Cognate applies each to all
//! of its pools together when `--operation-quotas cognito` asks for them. Which operation
//! falls in which category is the HTTP layer's table, beside the operations themselves.
//!
//! Divergences: RespondToAuthChallenge and AdminRespondToAuthChallenge have a quota of their
//! own at three times UserAuthentication's, as in Cognito, but what goes over it is refused
//! rather than counted against UserAuthentication; the tighter 5 requests per second per pool
//! and operation of some categories are not applied; ClientAuthentication (the token
//! endpoint's client credentials) and UserFederation have no JSON operation to count.

use super::rules::Rate;

/// A category of operations sharing one of Cognito's request quotas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaCategory {
    /// Sign-in: InitiateAuth (whatever its flow) and AdminInitiateAuth.
    UserAuthentication,
    /// The answers to sign-in challenges, counted apart at three times UserAuthentication's
    /// rate.
    UserAuthenticationChallenge,
    /// Creating and confirming users.
    UserCreation,
    /// Recovering an account or changing its password.
    UserAccountRecovery,
    /// Reading a user.
    UserRead,
    /// Changing a user and their attributes.
    UserUpdate,
    /// Reading a user's devices and groups.
    UserResourceRead,
    /// Changing a user's devices, groups and authenticator.
    UserResourceUpdate,
    /// Listing users.
    UserList,
    /// Reading pools.
    UserPoolRead,
    /// Creating, changing and deleting pools.
    UserPoolUpdate,
    /// Reading a pool's groups, providers, resource servers, domains, import jobs, branding.
    UserPoolResourceRead,
    /// Changing them.
    UserPoolResourceUpdate,
    /// Reading app clients.
    UserPoolClientRead,
    /// Creating, changing and deleting app clients.
    UserPoolClientUpdate,
    /// Revoking tokens and signing out.
    UserToken,
}

impl QuotaCategory {
    /// Cognito's name of the category (Cognate's for the challenge answers' quota).
    pub fn name(self) -> &'static str {
        match self {
            QuotaCategory::UserAuthentication => "UserAuthentication",
            QuotaCategory::UserAuthenticationChallenge => "UserAuthenticationChallenge",
            QuotaCategory::UserCreation => "UserCreation",
            QuotaCategory::UserAccountRecovery => "UserAccountRecovery",
            QuotaCategory::UserRead => "UserRead",
            QuotaCategory::UserUpdate => "UserUpdate",
            QuotaCategory::UserResourceRead => "UserResourceRead",
            QuotaCategory::UserResourceUpdate => "UserResourceUpdate",
            QuotaCategory::UserList => "UserList",
            QuotaCategory::UserPoolRead => "UserPoolRead",
            QuotaCategory::UserPoolUpdate => "UserPoolUpdate",
            QuotaCategory::UserPoolResourceRead => "UserPoolResourceRead",
            QuotaCategory::UserPoolResourceUpdate => "UserPoolResourceUpdate",
            QuotaCategory::UserPoolClientRead => "UserPoolClientRead",
            QuotaCategory::UserPoolClientUpdate => "UserPoolClientUpdate",
            QuotaCategory::UserToken => "UserToken",
        }
    }

    /// Cognito's default quota, in requests per second.
    pub fn requests_per_second(self) -> u64 {
        match self {
            QuotaCategory::UserAuthentication => 120,
            QuotaCategory::UserAuthenticationChallenge => 3 * 120,
            QuotaCategory::UserCreation => 50,
            QuotaCategory::UserAccountRecovery => 30,
            QuotaCategory::UserRead => 120,
            QuotaCategory::UserUpdate => 25,
            QuotaCategory::UserResourceRead => 50,
            QuotaCategory::UserResourceUpdate => 25,
            QuotaCategory::UserList => 30,
            QuotaCategory::UserPoolRead => 15,
            QuotaCategory::UserPoolUpdate => 15,
            QuotaCategory::UserPoolResourceRead => 20,
            QuotaCategory::UserPoolResourceUpdate => 15,
            QuotaCategory::UserPoolClientRead => 15,
            QuotaCategory::UserPoolClientUpdate => 15,
            QuotaCategory::UserToken => 120,
        }
    }

    /// The quota as a rate.
    pub fn rate(self) -> Rate {
        Rate::per_second(self.requests_per_second())
    }
}
