//! `GET|POST /oauth2/userInfo` (OIDC Core §5.3): the user's attributes that the access token's
//! scopes and the client's read permissions allow. Cognito's rule: `openid` alone returns every
//! readable attribute; `profile`, `email` and `phone` each add their own set to `sub` and
//! `username`. API sign-in tokens (no `openid`) are refused.

use serde_json::{Map, Value};

use crate::{error::CoreResult, model::AccessToken, service::Cognate};

/// The attributes the `profile` scope covers (custom attributes come with it too).
const PROFILE: &[&str] = &[
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "updated_at",
    "address",
];

/// Whether the scopes `scopes` release attribute `name`.
fn released(scopes: &[&str], name: &str) -> bool {
    let narrowed = scopes
        .iter()
        .any(|s| matches!(*s, "profile" | "email" | "phone"));
    if !narrowed {
        return true;
    }
    scopes.iter().any(|s| match *s {
        "profile" => PROFILE.contains(&name) || name.starts_with("custom:"),
        "email" => matches!(name, "email" | "email_verified"),
        "phone" => matches!(name, "phone_number" | "phone_number_verified"),
        _ => false,
    })
}

impl Cognate {
    /// The userInfo claims for an access token with the `openid` scope.
    pub async fn user_info(&self, token: &AccessToken) -> CoreResult<Value> {
        let ctx = self.authorize_access_token_for(token, "openid").await?;
        let scopes: Vec<&str> = ctx.claims.scope.split(' ').collect();
        let mut claims = Map::new();
        for (name, value) in &ctx.user.attributes {
            if name != "sub" && ctx.client.can_read(name) && released(&scopes, name) {
                claims.insert(name.clone(), Value::String(value.clone()));
            }
        }
        claims.insert("sub".into(), Value::String(ctx.user.sub.clone()));
        claims.insert("username".into(), Value::String(ctx.user.username.clone()));
        Ok(Value::Object(claims))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openid_alone_releases_everything_and_each_other_scope_its_own_set() {
        assert!(released(&["openid"], "phone_number"));
        assert!(released(
            &["openid", "aws.cognito.signin.user.admin"],
            "email"
        ));
        assert!(released(&["openid", "email"], "email_verified"));
        assert!(!released(&["openid", "email"], "phone_number"));
        assert!(released(&["openid", "profile"], "custom:team"));
        assert!(!released(&["openid", "profile"], "email"));
        assert!(released(
            &["openid", "phone", "email"],
            "phone_number_verified"
        ));
    }
}
