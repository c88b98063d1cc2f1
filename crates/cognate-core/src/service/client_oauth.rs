//! An app client's OAuth 2.0 settings, checked as Cognito checks them when a client is created
//! or updated: the flows (`code`, `implicit`, `client_credentials`) and how they combine, the
//! scopes (standard ones, or a resource server's `<identifier>/<scope>`), the callback and
//! sign-out URLs, the default redirect and the identity providers (`COGNITO` or the pool's
//! own).

use cognate_proto::UserPoolClientSettings;
use url::Url;

use super::identity_provider_rules::COGNITO;
use crate::error::{CoreError, CoreResult};

/// The OAuth flows Cognito knows.
const FLOWS: &[&str] = &["code", "implicit", "client_credentials"];
/// Scopes every pool has.
pub(crate) const STANDARD_SCOPES: &[&str] = &[
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];
fn invalid(message: String) -> CoreError {
    CoreError::InvalidParameter(message)
}

fn flow_error(message: &str) -> CoreError {
    CoreError::InvalidOAuthFlow(message.to_string())
}

/// Whether `url` may receive codes or tokens (or sign-out redirects): HTTPS, plain HTTP only to
/// this machine, or an app's own scheme (`myapp://callback`); never a fragment.
fn acceptable_url(url: &str) -> bool {
    let Ok(parsed) = Url::parse(url) else {
        return false;
    };
    if parsed.fragment().is_some() || url.contains('#') {
        return false;
    }
    match parsed.scheme() {
        "https" => parsed.host().is_some(),
        "http" => matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]")),
        "javascript" | "data" | "file" | "vbscript" => false,
        _ => true,
    }
}

fn check_urls(member: &str, urls: &[String]) -> CoreResult<()> {
    match urls.iter().find(|u| !acceptable_url(u)) {
        Some(bad) => Err(invalid(format!(
            "Invalid {member}: {bad}. Use HTTPS (plain HTTP only for localhost) or an app's own URL scheme, without a fragment."
        ))),
        None => Ok(()),
    }
}

/// Checks the OAuth members of `s` for a client that has (or lacks) a secret, in a pool whose
/// resource servers define `custom_scopes` and whose identity providers include
/// `identity_providers` (those the client names, at least).
pub(super) fn check(
    pool_id: &str,
    s: &UserPoolClientSettings,
    has_secret: bool,
    custom_scopes: &[String],
    identity_providers: &[String],
) -> CoreResult<()> {
    let flows = s.allowed_o_auth_flows.as_deref().unwrap_or_default();
    let scopes = s.allowed_o_auth_scopes.as_deref().unwrap_or_default();
    let callbacks = s.callback_urls.as_deref().unwrap_or_default();
    if flows.iter().any(|f| !FLOWS.contains(&f.as_str())) {
        return Err(invalid(format!(
            "1 validation error detected: Value '[{}]' at 'allowedOAuthFlows' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [implicit, client_credentials, code]]",
            flows.join(", ")
        )));
    }
    let machine = flows.iter().any(|f| f == "client_credentials");
    if machine && flows.len() > 1 {
        return Err(flow_error(
            "client_credentials flow can not be selected along with code flow or implicit flow.",
        ));
    }
    if machine && !has_secret {
        return Err(flow_error(
            "client_credentials flow can not be selected if client does not have a client secret.",
        ));
    }
    for scope in scopes {
        let standard = STANDARD_SCOPES.contains(&scope.as_str());
        if !standard && !custom_scopes.contains(scope) {
            return Err(CoreError::ScopeDoesNotExist(format!(
                "Invalid scope requested: {scope}"
            )));
        }
        if standard && machine {
            return Err(flow_error(
                "client_credentials flow can only be used with custom scopes.",
            ));
        }
    }
    check_urls("CallbackURL", callbacks)?;
    check_urls("LogoutURL", s.logout_urls.as_deref().unwrap_or_default())?;
    if let Some(default) = &s.default_redirect_uri {
        if !callbacks.contains(default) {
            return Err(invalid(
                "DefaultRedirectURI must be one of the CallbackURLs.".into(),
            ));
        }
    }
    let providers = s
        .supported_identity_providers
        .as_deref()
        .unwrap_or_default();
    if let Some(other) = providers
        .iter()
        .find(|p| p.as_str() != COGNITO && !identity_providers.contains(p))
    {
        return Err(invalid(format!(
            "The provider {other} does not exist for User Pool {pool_id}"
        )));
    }
    if s.allowed_o_auth_flows_user_pool_client == Some(true) {
        if flows.is_empty() || scopes.is_empty() {
            return Err(invalid(
                "AllowedOAuthFlows and AllowedOAuthScopes are required when AllowedOAuthFlowsUserPoolClient is true.".into(),
            ));
        }
        if !machine && callbacks.is_empty() {
            return Err(invalid(
                "CallbackURLs are required for the code and implicit flows.".into(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(flows: &[&str], scopes: &[&str], callbacks: &[&str]) -> UserPoolClientSettings {
        let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
        UserPoolClientSettings {
            allowed_o_auth_flows: strings(flows),
            allowed_o_auth_scopes: strings(scopes),
            callback_urls: strings(callbacks),
            allowed_o_auth_flows_user_pool_client: Some(true),
            supported_identity_providers: strings(&["COGNITO"]),
            ..UserPoolClientSettings::default()
        }
    }

    fn error_of(r: CoreResult<()>) -> String {
        match r {
            Ok(()) => "ok".into(),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn callback_urls_as_cognito_takes_them() {
        for good in [
            "https://app.example.com/cb",
            "http://localhost:3000/cb",
            "http://127.0.0.1/cb",
            "myapp://callback",
        ] {
            assert!(acceptable_url(good), "{good}");
        }
        for bad in [
            "http://app.example.com/cb",
            "https://app.example.com/cb#frag",
            "not a url",
            "javascript:alert(1)",
        ] {
            assert!(!acceptable_url(bad), "{bad}");
        }
    }

    #[test]
    fn flows_scopes_and_secret() {
        let custom = vec!["api/read".to_string()];
        let code = settings(
            &["code"],
            &["openid", "api/read"],
            &["https://a.example/cb"],
        );
        assert_eq!(error_of(check("p", &code, false, &custom, &[])), "ok");
        let unknown = settings(&["code"], &["api/write"], &["https://a.example/cb"]);
        assert!(error_of(check("p", &unknown, false, &custom, &[])).contains("ScopeDoesNotExist"));
        let machine = settings(&["client_credentials"], &["api/read"], &[]);
        assert_eq!(error_of(check("p", &machine, true, &custom, &[])), "ok");
        assert!(error_of(check("p", &machine, false, &custom, &[])).contains("InvalidOAuthFlow"));
        let mixed = settings(&["client_credentials", "code"], &["api/read"], &[]);
        assert!(error_of(check("p", &mixed, true, &custom, &[])).contains("InvalidOAuthFlow"));
        let standard = settings(&["client_credentials"], &["openid"], &[]);
        assert!(error_of(check("p", &standard, true, &custom, &[])).contains("InvalidOAuthFlow"));
        let no_callback = settings(&["code"], &["openid"], &[]);
        assert!(error_of(check("p", &no_callback, false, &custom, &[])).contains("CallbackURLs"));
    }

    #[test]
    fn identity_providers_are_cognito_or_the_pools_own() {
        let mut federated = settings(&["code"], &["openid"], &["https://a.example/cb"]);
        federated.supported_identity_providers =
            Some(vec!["COGNITO".to_string(), "Google".to_string()]);
        let google = vec!["Google".to_string()];
        assert_eq!(error_of(check("p", &federated, false, &[], &google)), "ok");
        assert_eq!(
            error_of(check("p", &federated, false, &[], &[])),
            "InvalidParameter(\"The provider Google does not exist for User Pool p\")"
        );
    }
}
