//! PreTokenGeneration: the function sees the user's attributes, groups and (in version 2) the
//! access token's scopes, and may add, override or suppress claims and scopes and replace the
//! groups. Version 1 changes the ID token's claims; version 2 each token's own.

use serde_json::{json, Map, Value};

use super::call::{client_metadata, user_attributes, Call, Trigger};
use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserPool},
    service::{group_claims::GroupClaims, Cognate},
};

/// Why tokens are being minted (`triggerSource`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenEvent {
    /// A sign-in through the JSON API.
    Authentication,
    /// A sign-in through the hosted pages.
    HostedAuth,
    /// A refresh token used.
    RefreshTokens,
}

impl TokenEvent {
    fn source(self) -> &'static str {
        match self {
            TokenEvent::Authentication => "TokenGeneration_Authentication",
            TokenEvent::HostedAuth => "TokenGeneration_HostedAuth",
            TokenEvent::RefreshTokens => "TokenGeneration_RefreshTokens",
        }
    }
}

/// Claims no function may add, override or suppress: they say who issued the token, to whom,
/// when and for what.
const RESERVED: &[&str] = &[
    "acr",
    "amr",
    "aud",
    "at_hash",
    "auth_time",
    "azp",
    "client_id",
    "cognito:username",
    "event_id",
    "exp",
    "iat",
    "identities",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "scope",
    "sub",
    "token_use",
    "username",
    "version",
    "cognito:groups",
    "cognito:roles",
    "cognito:preferred_role",
];

/// One token's changes.
#[derive(Debug, Default, Clone)]
pub(crate) struct ClaimChanges {
    add: Map<String, Value>,
    suppress: Vec<String>,
}

impl ClaimChanges {
    fn read(details: Option<&Value>) -> CoreResult<Self> {
        let Some(details) = details.filter(|d| !d.is_null()) else {
            return Ok(Self::default());
        };
        let add = match details.get("claimsToAddOrOverride") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(_) => return Err(unusable()),
        };
        Ok(Self {
            add,
            suppress: strings(details.get("claimsToSuppress"))?,
        })
    }

    /// Applies the changes to a token's claims, leaving reserved claims alone.
    pub(crate) fn apply(&self, claims: &mut Map<String, Value>) {
        for name in &self.suppress {
            if !RESERVED.contains(&name.as_str()) {
                claims.remove(name);
            }
        }
        for (name, value) in &self.add {
            if !RESERVED.contains(&name.as_str()) {
                claims.insert(name.clone(), value.clone());
            }
        }
    }
}

/// What a PreTokenGeneration function changed.
#[derive(Debug, Default, Clone)]
pub(crate) struct TokenChanges {
    pub id: ClaimChanges,
    pub access: ClaimChanges,
    pub scopes_to_add: Vec<String>,
    pub scopes_to_suppress: Vec<String>,
    /// The groups (and roles) the tokens carry instead of the user's.
    pub groups: Option<GroupClaims>,
}

impl TokenChanges {
    /// The access token's scopes after the function's changes.
    pub(crate) fn scopes(&self, granted: &str) -> String {
        let mut scopes: Vec<&str> = granted
            .split(' ')
            .filter(|s| !s.is_empty() && !self.scopes_to_suppress.iter().any(|x| x == s))
            .collect();
        for scope in &self.scopes_to_add {
            if !scopes.contains(&scope.as_str()) {
                scopes.push(scope);
            }
        }
        scopes.join(" ")
    }
}

fn unusable() -> CoreError {
    CoreError::InvalidLambdaResponse("Unrecognizable lambda output".into())
}

/// A list of strings in a response (absent or null: none).
fn strings(value: Option<&Value>) -> CoreResult<Vec<String>> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(unusable))
            .collect(),
        Some(_) => Err(unusable()),
    }
}

/// `groupOverrideDetails`: the groups, roles and preferred role the tokens carry instead.
fn group_override(details: Option<&Value>) -> CoreResult<Option<GroupClaims>> {
    let Some(details) = details.filter(|d| !d.is_null()) else {
        return Ok(None);
    };
    Ok(Some(GroupClaims {
        names: strings(details.get("groupsToOverride"))?,
        roles: strings(details.get("iamRolesToOverride"))?,
        preferred_role: details
            .get("preferredRole")
            .and_then(Value::as_str)
            .map(str::to_string),
    }))
}

impl Cognate {
    /// Runs the pool's PreTokenGeneration function, if it has one, for tokens of `user` with
    /// `groups` and the access token's `scope`.
    pub(crate) async fn pre_token_generation(
        &self,
        pool: &UserPool,
        client_id: &str,
        user: &User,
        groups: &GroupClaims,
        scope: &str,
        event: TokenEvent,
    ) -> CoreResult<Option<TokenChanges>> {
        let mut version_two = false;
        let call = Call {
            trigger: Trigger::PreTokenGeneration,
            source: event.source(),
            user_name: &user.username,
            client_id: Some(client_id),
            request: Box::new(|version| {
                version_two = version != "1";
                let mut request = json!({
                    "userAttributes": user_attributes(user, true),
                    "groupConfiguration": {
                        "groupsToOverride": groups.names,
                        "iamRolesToOverride": groups.roles,
                        "preferredRole": groups.preferred_role,
                    },
                    "clientMetadata": client_metadata(None),
                });
                if version_two {
                    request["scopes"] = json!(scope
                        .split(' ')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>());
                }
                request
            }),
        };
        let Some(response) = self.run_trigger(pool, call).await? else {
            return Ok(None);
        };
        if version_two {
            let details = response.get("claimsAndScopeOverrideDetails");
            let access = details.and_then(|d| d.get("accessTokenGeneration"));
            Ok(Some(TokenChanges {
                id: ClaimChanges::read(details.and_then(|d| d.get("idTokenGeneration")))?,
                access: ClaimChanges::read(access)?,
                scopes_to_add: strings(access.and_then(|a| a.get("scopesToAdd")))?,
                scopes_to_suppress: strings(access.and_then(|a| a.get("scopesToSuppress")))?,
                groups: group_override(details.and_then(|d| d.get("groupOverrideDetails")))?,
            }))
        } else {
            let details = response.get("claimsOverrideDetails");
            Ok(Some(TokenChanges {
                id: ClaimChanges::read(details)?,
                groups: group_override(details.and_then(|d| d.get("groupOverrideDetails")))?,
                ..TokenChanges::default()
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_claims_stay_and_others_change() {
        let changes = ClaimChanges::read(Some(&json!({
            "claimsToAddOrOverride": {"tenant": "acme", "sub": "someone-else"},
            "claimsToSuppress": ["email", "iss"],
        })))
        .unwrap();
        let mut claims = json!({"sub": "u1", "iss": "i", "email": "a@b.c"})
            .as_object()
            .cloned()
            .unwrap();
        changes.apply(&mut claims);
        assert_eq!(
            Value::Object(claims),
            json!({"sub": "u1", "iss": "i", "tenant": "acme"})
        );
    }

    #[test]
    fn scopes_are_added_and_suppressed() {
        let changes = TokenChanges {
            scopes_to_add: vec!["orders/read".into(), "openid".into()],
            scopes_to_suppress: vec!["email".into()],
            ..TokenChanges::default()
        };
        assert_eq!(changes.scopes("openid email"), "openid orders/read");
    }

    #[test]
    fn answers_of_the_wrong_shape_are_refused() {
        assert!(ClaimChanges::read(Some(&json!({"claimsToSuppress": "email"}))).is_err());
        assert!(ClaimChanges::read(Some(&json!({"claimsToAddOrOverride": [1]}))).is_err());
        assert!(ClaimChanges::read(None).unwrap().add.is_empty());
    }
}
