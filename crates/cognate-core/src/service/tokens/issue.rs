//! Minting ID and access tokens (and a refresh token) for a sign-in, with Cognito's claims,
//! the user's groups among them: for the JSON API's sign-ins, and for the OAuth endpoints'
//! grants, whose scopes, `nonce` and `at_hash` the tokens carry.

use std::collections::BTreeMap;

use aws_lc_rs::digest;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use cognate_crypto::random;
use cognate_proto::AuthenticationResultType;
use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{AccessClaims, Common, IdClaims, ADMIN_SCOPE};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, RefreshTokenRecord, SignIn, TokenUse, User, UserPool},
    service::{
        triggers::{ClaimChanges, TokenEvent},
        Cognate,
    },
};

/// What a set of tokens is minted for.
pub(crate) struct Minting<'a> {
    /// The sign-in the tokens continue.
    pub sign_in: &'a SignIn,
    /// The scopes granted at `/oauth2/authorize`; `None` for an API sign-in, whose access token
    /// carries `aws.cognito.signin.user.admin` and which always gets an ID token.
    pub scope: Option<&'a str>,
    /// The authorization request's `nonce`, echoed in the ID token.
    pub nonce: Option<&'a str>,
    /// Whether a refresh token comes too.
    pub with_refresh: bool,
    /// Why (PreTokenGeneration's `triggerSource`).
    pub event: TokenEvent,
}

/// Tokens just minted.
pub(crate) struct Minted {
    pub access_token: String,
    /// None when an OAuth grant lacks the `openid` scope.
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
}

impl Minted {
    /// As the JSON API answers them.
    pub(crate) fn into_result(self) -> AuthenticationResultType {
        AuthenticationResultType {
            access_token: self.access_token,
            expires_in: self.expires_in,
            token_type: "Bearer".into(),
            refresh_token: self.refresh_token,
            id_token: self.id_token.unwrap_or_default(),
            new_device_metadata: None,
        }
    }
}

/// A token's claims with a PreTokenGeneration function's changes.
fn changed(claims: &impl Serialize, changes: &ClaimChanges) -> CoreResult<Map<String, Value>> {
    let Value::Object(mut map) =
        serde_json::to_value(claims).map_err(|e| CoreError::Internal(e.into()))?
    else {
        return Err(CoreError::Internal(anyhow::anyhow!(
            "claims are not an object"
        )));
    };
    changes.apply(&mut map);
    Ok(map)
}

/// `at_hash`: the left half of the SHA-256 of the access token, base64url.
fn at_hash(access_token: &str) -> String {
    let digest = digest::digest(&digest::SHA256, access_token.as_bytes());
    B64URL.encode(&digest.as_ref()[..16])
}

impl Cognate {
    /// Mints ID and access tokens (and a refresh token when asked) for a sign-in.
    pub(crate) async fn issue_tokens(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        minting: &Minting<'_>,
    ) -> CoreResult<Minted> {
        let sign_in = minting.sign_in;
        let keys = self.pool_keys(&pool.id).await?;
        let now = self.clock.now_secs();
        let iss = self.issuer(&pool.id);
        let event_id = random::uuid_v4();
        let mut groups = self.group_claims(user).await?;
        let granted = minting.scope.unwrap_or(ADMIN_SCOPE);
        let changes = self
            .pre_token_generation(
                pool,
                &client.client_id,
                user,
                &groups,
                granted,
                minting.event,
            )
            .await?;
        if let Some(replaced) = changes.as_ref().and_then(|c| c.groups.clone()) {
            groups = replaced;
        }
        let access = AccessClaims {
            sub: user.sub.clone(),
            groups: groups.names.clone(),
            device_key: sign_in.device_key.clone(),
            iss: iss.clone(),
            origin_jti: sign_in.origin_jti.clone(),
            event_id: event_id.clone(),
            auth_time: sign_in.auth_time,
            iat: now,
            client_id: client.client_id.clone(),
            token_use: "access".into(),
            scope: changes
                .as_ref()
                .map_or_else(|| granted.to_string(), |c| c.scopes(granted)),
            exp: now + client.access_token_seconds(),
            jti: random::uuid_v4(),
            username: user.username.clone(),
            version: 2,
        };
        let internal = |e: cognate_crypto::jwt::JwtError| CoreError::Internal(e.into());
        let access_key = keys.signing(TokenUse::Access)?;
        let access_token = match &changes {
            Some(c) => access_key
                .sign(&changed(&access, &c.access)?)
                .map_err(internal)?,
            None => access_key.sign(&access).map_err(internal)?,
        };
        let wants_id_token = minting
            .scope
            .is_none_or(|s| s.split(' ').any(|s| s == "openid"));
        let id_token = if wants_id_token {
            let id = IdClaims {
                sub: &user.sub,
                groups: &groups.names,
                roles: &groups.roles,
                preferred_role: groups.preferred_role.as_deref(),
                attributes: readable_claims(client, user),
                common: Common {
                    iss: &iss,
                    origin_jti: &sign_in.origin_jti,
                    event_id: &event_id,
                    auth_time: sign_in.auth_time,
                    iat: now,
                },
                username: &user.username,
                nonce: minting.nonce,
                at_hash: minting.scope.map(|_| at_hash(&access_token)),
                aud: &client.client_id,
                token_use: "id",
                exp: now + client.id_token_seconds(),
                jti: random::uuid_v4(),
            };
            let id_key = keys.signing(TokenUse::Id)?;
            Some(match &changes {
                Some(c) => id_key.sign(&changed(&id, &c.id)?).map_err(internal)?,
                None => id_key.sign(&id).map_err(internal)?,
            })
        } else {
            None
        };
        let refresh_token = if minting.with_refresh {
            let token = random::opaque_token(48);
            self.store
                .insert_refresh_token(&RefreshTokenRecord {
                    hash: self.refresh_hash(&token),
                    pool_id: pool.id.clone(),
                    client_id: client.client_id.clone(),
                    sub: user.sub.clone(),
                    origin_jti: sign_in.origin_jti.clone(),
                    device_key: sign_in.device_key.clone(),
                    auth_time: sign_in.auth_time,
                    expires_ms: self.now_ms() + client.refresh_token_seconds() * 1000,
                    revoked: false,
                    scope: minting.scope.map(str::to_string),
                })
                .await?;
            Some(token)
        } else {
            None
        };
        Ok(Minted {
            access_token,
            id_token,
            refresh_token,
            expires_in: client.access_token_seconds(),
        })
    }
}

/// The user's attributes the client may read, as claims (`email_verified` and
/// `phone_number_verified` as booleans).
pub(crate) fn readable_claims<'a>(client: &AppClient, user: &'a User) -> BTreeMap<&'a str, Value> {
    user.attributes
        .iter()
        .filter(|(name, _)| client.can_read(name))
        .map(|(name, value)| {
            let value = match name.as_str() {
                "email_verified" | "phone_number_verified" => Value::Bool(value == "true"),
                _ => Value::String(value.clone()),
            };
            (name.as_str(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_hash_is_the_left_half_of_the_sha256_in_base64url() {
        // OIDC Core §3.1.3.6: 128 bits of SHA-256, base64url without padding: 22 characters.
        let hash = at_hash("token");
        assert_eq!(hash.len(), 22);
        assert_eq!(
            hash,
            B64URL.encode(&digest::digest(&digest::SHA256, b"token").as_ref()[..16])
        );
    }
}
