//! `GET /oauth2/authorize`: which client asks, where the browser goes back to, what it may get.
//! A request that names no registered `redirect_uri` is answered with a page and never a
//! redirect (RFC 6749 §4.1.2.1); other faults go back to the client as `error=…`.

use url::form_urlencoded;

use crate::{
    error::CoreError,
    error::CoreResult,
    model::{AppClient, ClientId, ClientUser, UserPool, Username},
    service::Cognate,
};

/// The query of an authorization request, as the browser sent it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct AuthorizeRequest {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub state: Option<String>,
    pub scope: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub identity_provider: Option<String>,
}

impl AuthorizeRequest {
    /// The request's parameters by their query names, in the order pages re-encode them.
    pub fn pairs(&self) -> [(&'static str, Option<&String>); 9] {
        [
            ("client_id", self.client_id.as_ref()),
            ("response_type", self.response_type.as_ref()),
            ("scope", self.scope.as_ref()),
            ("redirect_uri", self.redirect_uri.as_ref()),
            ("state", self.state.as_ref()),
            ("nonce", self.nonce.as_ref()),
            ("code_challenge", self.code_challenge.as_ref()),
            ("code_challenge_method", self.code_challenge_method.as_ref()),
            ("identity_provider", self.identity_provider.as_ref()),
        ]
    }

    /// The request out of a query's parameters; what is left is not the request's.
    pub fn take_from(params: &mut std::collections::HashMap<String, String>) -> AuthorizeRequest {
        let mut req = AuthorizeRequest::default();
        for (name, value) in [
            ("client_id", &mut req.client_id),
            ("response_type", &mut req.response_type),
            ("scope", &mut req.scope),
            ("redirect_uri", &mut req.redirect_uri),
            ("state", &mut req.state),
            ("nonce", &mut req.nonce),
            ("code_challenge", &mut req.code_challenge),
            ("code_challenge_method", &mut req.code_challenge_method),
            ("identity_provider", &mut req.identity_provider),
        ] {
            *value = params.remove(name);
        }
        req
    }
}

/// What the browser asks for once signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// An authorization code (`code`).
    Code,
    /// Tokens in the redirect's fragment (`token`, the implicit grant).
    Token,
}

/// A PKCE challenge (RFC 7636).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pkce {
    pub challenge: String,
    /// `S256` or `plain`.
    pub method: String,
}

/// An authorization request that holds: the client, where to send the browser, and what it
/// was granted.
#[derive(Debug, Clone)]
pub struct Authorization {
    pub client_id: ClientId,
    pub pool_id: String,
    pub redirect_uri: String,
    pub response_type: ResponseType,
    /// The granted scopes, space-separated.
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub pkce: Option<Pkce>,
}

/// An authorization request that holds, with its client and pool.
#[derive(Debug, Clone)]
pub struct Authorized {
    pub auth: Authorization,
    pub client: AppClient,
    pub pool: UserPool,
}

/// Why an authorization request is refused.
#[derive(Debug)]
pub enum AuthorizeRefusal {
    /// Shown on a page: the client or its `redirect_uri` cannot be trusted with a redirect.
    Page {
        error: &'static str,
        description: String,
    },
    /// Sent back to the client's `redirect_uri` (RFC 6749 §4.1.2.1).
    Redirect(String),
    /// Anything unexpected.
    Internal(CoreError),
}

impl From<CoreError> for AuthorizeRefusal {
    fn from(e: CoreError) -> Self {
        AuthorizeRefusal::Internal(e)
    }
}

fn page(error: &'static str, description: impl Into<String>) -> AuthorizeRefusal {
    AuthorizeRefusal::Page {
        error,
        description: description.into(),
    }
}

/// `redirect_uri` with `params` added to its query (`code`) or put in its fragment (`token`).
pub fn redirect_with(redirect_uri: &str, in_fragment: bool, params: &[(&str, &str)]) -> String {
    let mut encoder = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        encoder.append_pair(k, v);
    }
    let encoded = encoder.finish();
    let sep = if in_fragment {
        '#'
    } else if redirect_uri.contains('?') {
        '&'
    } else {
        '?'
    };
    format!("{redirect_uri}{sep}{encoded}")
}

impl AuthorizeRequest {
    fn error_redirect(&self, redirect_uri: &str, error: &str) -> AuthorizeRefusal {
        let mut params = vec![("error", error)];
        if let Some(state) = self.state.as_deref() {
            params.push(("state", state));
        }
        let in_fragment = self.response_type.as_deref() == Some("token");
        AuthorizeRefusal::Redirect(redirect_with(redirect_uri, in_fragment, &params))
    }
}

impl Cognate {
    /// The client a hosted page names, or the page that says it is unknown.
    pub async fn hosted_client(&self, client_id: &str) -> Result<AppClient, AuthorizeRefusal> {
        match self.client_and_pool(client_id).await {
            Ok((client, _)) => Ok(client),
            Err(CoreError::ResourceNotFound(_)) => {
                Err(page("invalid_request", "The client_id is not known."))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// `user` of `client` as the hosted pages present them to SignUp, ConfirmSignUp and
    /// ForgotPassword: the pages act for the client, so they bring its `SECRET_HASH`.
    pub fn hosted_client_user(&self, client: &AppClient, user: &str) -> CoreResult<ClientUser> {
        let secret_hash = self.client_secret(client)?.map(|secret| {
            cognate_crypto::secret_hash::secret_hash(&secret, user, &client.client_id)
        });
        Ok(ClientUser {
            client: ClientId::new(client.client_id.clone()),
            username: Username::new(user),
            secret_hash,
            client_metadata: None,
        })
    }

    /// Checks an authorization request against its client's OAuth settings; when it came to a
    /// pool's domain (`host`), the client must be of that pool.
    pub async fn check_authorize(
        &self,
        req: &AuthorizeRequest,
        host: Option<&str>,
    ) -> Result<Authorized, AuthorizeRefusal> {
        let client_id = req
            .client_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| page("invalid_request", "The request names no client_id."))?;
        let (client, pool) = match self.client_and_pool(client_id).await {
            Ok(found) => found,
            Err(CoreError::ResourceNotFound(_)) => {
                return Err(page("invalid_request", "The client_id is not known."))
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(host) = host {
            if self
                .pool_of_host(host)
                .await?
                .is_some_and(|domain_pool| domain_pool != pool.id)
            {
                return Err(page(
                    "invalid_request",
                    "The client_id belongs to another user pool than this sign-in address.",
                ));
            }
        }
        let registered = client.settings.callback_urls.as_deref().unwrap_or_default();
        let redirect_uri = match req.redirect_uri.as_deref().filter(|r| !r.is_empty()) {
            Some(uri) if registered.iter().any(|r| r == uri) => uri.to_string(),
            Some(_) => {
                return Err(page(
                    "redirect_mismatch",
                    "The redirect_uri is not one of the app client's callback URLs.",
                ))
            }
            None => {
                return Err(page(
                    "invalid_request",
                    "The request names no redirect_uri.",
                ))
            }
        };
        if client.settings.allowed_o_auth_flows_user_pool_client != Some(true) {
            return Err(req.error_redirect(&redirect_uri, "unauthorized_client"));
        }
        if req
            .identity_provider
            .as_deref()
            .is_some_and(|p| !p.is_empty() && p != "COGNITO")
        {
            return Err(req.error_redirect(&redirect_uri, "invalid_request"));
        }
        let response_type = match req.response_type.as_deref() {
            Some("code") => ResponseType::Code,
            Some("token") => ResponseType::Token,
            Some(t) if !t.is_empty() => {
                return Err(req.error_redirect(&redirect_uri, "unsupported_response_type"))
            }
            _ => return Err(req.error_redirect(&redirect_uri, "invalid_request")),
        };
        let flow = match response_type {
            ResponseType::Code => "code",
            ResponseType::Token => "implicit",
        };
        if !client.allows_oauth_flow(flow) {
            return Err(req.error_redirect(&redirect_uri, "unauthorized_client"));
        }
        let scope = granted_scope(&client, req.scope.as_deref())
            .ok_or_else(|| req.error_redirect(&redirect_uri, "invalid_scope"))?;
        let pkce = match (
            req.code_challenge.as_deref().filter(|c| !c.is_empty()),
            req.code_challenge_method
                .as_deref()
                .filter(|m| !m.is_empty()),
        ) {
            (None, None) => None,
            (Some(challenge), method) => {
                let method = method.unwrap_or("plain");
                if !matches!(method, "S256" | "plain") || !is_pkce_string(challenge) {
                    return Err(req.error_redirect(&redirect_uri, "invalid_request"));
                }
                Some(Pkce {
                    challenge: challenge.to_string(),
                    method: method.to_string(),
                })
            }
            (None, Some(_)) => return Err(req.error_redirect(&redirect_uri, "invalid_request")),
        };
        Ok(Authorized {
            auth: Authorization {
                client_id: ClientId::new(client.client_id.clone()),
                pool_id: pool.id.clone(),
                redirect_uri,
                response_type,
                scope,
                state: req.state.clone(),
                nonce: req.nonce.clone(),
                pkce,
            },
            client,
            pool,
        })
    }
}

/// The scopes asked for when the client may have them all, else none; without `scope`, all
/// the client may have (as Cognito does).
fn granted_scope(client: &AppClient, asked: Option<&str>) -> Option<String> {
    let allowed: &[String] = client
        .settings
        .allowed_o_auth_scopes
        .as_deref()
        .unwrap_or_default();
    let asked: Vec<&str> = match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(asked) => asked.split([' ', '+']).filter(|s| !s.is_empty()).collect(),
        None => allowed.iter().map(String::as_str).collect(),
    };
    if asked.is_empty() || asked.iter().any(|s| !allowed.iter().any(|a| a == s)) {
        return None;
    }
    let mut granted: Vec<&str> = Vec::new();
    for s in asked {
        if !granted.contains(&s) {
            granted.push(s);
        }
    }
    Some(granted.join(" "))
}

/// RFC 7636 §4.1–4.2: 43 to 128 unreserved characters.
pub(crate) fn is_pkce_string(s: &str) -> bool {
    (43..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}
