//! The OAuth 2.0 and OpenID Connect endpoints' work (RFC 6749, RFC 7636, RFC 7009, OIDC Core),
//! over the same clients, keys and tokens as the JSON API: authorization requests and what the
//! hosted sign-in leaves behind (managed-login sessions, codes), the `authorization_code`,
//! `client_credentials` and `refresh_token` grants, userInfo and revocation. Errors are
//! RFC 6749's, not Cognito's JSON errors.

mod authorize;
mod client;
mod client_credentials;
mod code;
mod error;
mod grants;
mod refresh;
mod revoke;
mod token_response;
mod user_info;

pub use authorize::{
    redirect_with, Authorization, AuthorizeRefusal, AuthorizeRequest, Authorized, Pkce,
    ResponseType,
};
pub use client::ClientAuth;
pub use code::CodeExchange;
pub use error::{OAuthError, OAuthResult};
pub use grants::{Granted, LoginCookie, LOGIN_SECONDS};
pub use token_response::OAuthTokens;
