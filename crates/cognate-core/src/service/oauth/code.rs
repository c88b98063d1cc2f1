//! The `authorization_code` grant (RFC 6749 §4.1.3, RFC 7636 §4.6): a code is taken once, by
//! the client it was issued to, within five minutes, with the same `redirect_uri` and the PKCE
//! verifier of its challenge.

use crate::service::triggers::TokenEvent;
use aws_lc_rs::digest;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use cognate_crypto::ct::ct_eq;

use super::{
    authorize::{is_pkce_string, Pkce},
    client::ClientAuth,
    error::{OAuthError, OAuthResult},
    grants::Grant,
    token_response::OAuthTokens,
};
use crate::{
    model::UserStatus,
    service::{tokens::issue::Minting, Cognate},
};

/// What the token request carries besides the client's credentials.
#[derive(Debug, Clone)]
pub struct CodeExchange<'a> {
    pub code: &'a str,
    pub redirect_uri: Option<&'a str>,
    pub code_verifier: Option<&'a str>,
}

/// Whether `verifier` answers `pkce`.
fn verifies(pkce: &Pkce, verifier: &str) -> bool {
    if !is_pkce_string(verifier) {
        return false;
    }
    let expected = match pkce.method.as_str() {
        "S256" => B64URL.encode(digest::digest(&digest::SHA256, verifier.as_bytes())),
        _ => verifier.to_string(),
    };
    ct_eq(expected.as_bytes(), pkce.challenge.as_bytes())
}

impl Cognate {
    /// `grant_type=authorization_code`.
    pub async fn authorization_code_grant(
        &self,
        auth: &ClientAuth,
        exchange: &CodeExchange<'_>,
    ) -> OAuthResult<OAuthTokens> {
        let (client, pool) = self.authenticate_client(auth).await?;
        if !client.allows_oauth_flow("code") {
            return Err(OAuthError::UnauthorizedClient);
        }
        // Taken before it is checked: a code presented once with the wrong verifier or
        // redirect is spent, so it cannot be guessed at.
        let row = self
            .store
            .take_session(&self.code_id(exchange.code))
            .await?
            .filter(|r| r.client_id == client.client_id && r.expires_ms > self.now_ms())
            .ok_or(OAuthError::InvalidGrant)?;
        let Some(Grant::AuthCode {
            sign_in,
            redirect_uri,
            scope,
            nonce,
            pkce,
            ..
        }) = Grant::read(&row.data)
        else {
            return Err(OAuthError::InvalidGrant);
        };
        if exchange.redirect_uri != Some(redirect_uri.as_str()) {
            return Err(OAuthError::InvalidGrant);
        }
        if let Some(pkce) = &pkce {
            match exchange.code_verifier {
                Some(verifier) if verifies(pkce, verifier) => {}
                _ => return Err(OAuthError::InvalidGrant),
            }
        }
        let user = self
            .store
            .find_user(&pool.id, &row.sub)
            .await?
            .filter(|u| u.enabled && u.status == UserStatus::Confirmed)
            .ok_or(OAuthError::InvalidGrant)?;
        let minting = Minting {
            sign_in: &sign_in,
            scope: Some(&scope),
            nonce: nonce.as_deref(),
            with_refresh: true,
            event: TokenEvent::HostedAuth,
        };
        let minted = self.issue_tokens(&pool, &client, &user, &minting).await?;
        Ok(OAuthTokens::from(minted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_7636_example_verifier_answers_its_s256_challenge() {
        // RFC 7636 Appendix B.
        let pkce = Pkce {
            challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into(),
            method: "S256".into(),
        };
        assert!(verifies(
            &pkce,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        ));
        assert!(!verifies(
            &pkce,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl"
        ));
    }

    #[test]
    fn a_plain_challenge_is_the_verifier_itself_and_short_verifiers_never_pass() {
        let verifier = "a".repeat(43);
        let pkce = Pkce {
            challenge: verifier.clone(),
            method: "plain".into(),
        };
        assert!(verifies(&pkce, &verifier));
        let short = Pkce {
            challenge: "abc".into(),
            method: "plain".into(),
        };
        assert!(!verifies(&short, "abc"));
    }
}
