//! Editing an app client: its name, authentication flows, token expirations, advanced
//! security and hosted UI and OAuth 2.0 settings, saved with UpdateUserPoolClient and every
//! other member as it was.

use axum::{extract::Path, http::StatusCode, response::Response};
use maud::{html, Markup};
use serde_json::{json, Map, Value};

use super::common::{
    client_saved, client_url, dedupe, field_of, flow_boxes, has, number, offered_flows,
    pool_and_client, refusal, strings, update_request, Frame,
};
use crate::console::{
    access::{Form, Operator},
    pool_settings::text,
    problems::error_for,
    shell::{checkbox, csrf_field, save_or_cancel, select, text_field},
};

/// Units of a token's expiration (`TokenValidityUnits`).
const UNITS: [(&str, &str); 4] = [
    ("seconds", "seconds"),
    ("minutes", "minutes"),
    ("hours", "hours"),
    ("days", "days"),
];
/// OAuth grant types (`AllowedOAuthFlows`) and their labels.
const GRANTS: [(&str, &str); 3] = [
    ("code", "Authorization code grant"),
    ("implicit", "Implicit grant"),
    ("client_credentials", "Client credentials"),
];
/// The scopes every pool has; others come from the pool's resource servers.
const SCOPES: [&str; 5] = [
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];
/// The pool's own directory among the identity providers.
const COGNITO: &str = "COGNITO";

/// The words of a text (URLs one per line, scopes separated by spaces).
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// Sets a list member, or leaves it out when the list is empty (no URLs, no scopes).
fn set_list(request: &mut Map<String, Value>, member: &str, items: Vec<String>) {
    if items.is_empty() {
        request.remove(member);
    } else {
        request.insert(member.to_string(), json!(items));
    }
}

/// The edit form's fields, as text to show again when Cognito refuses them.
struct Settings {
    name: String,
    refresh: String,
    refresh_unit: String,
    access: String,
    access_unit: String,
    id_token: String,
    id_unit: String,
    session: String,
    prevent_errors: bool,
    revocation: bool,
    flows: Vec<String>,
    oauth: bool,
    callbacks: String,
    logouts: String,
    default_redirect: String,
    grants: Vec<String>,
    scopes: Vec<String>,
    custom_scopes: String,
    providers: Vec<String>,
}

impl Settings {
    /// The fields as the client has them now.
    fn of_client(client: &Value) -> Settings {
        let units = client.get("TokenValidityUnits");
        let unit = |key: &str, default: &str| {
            units
                .and_then(|u| u.get(key))
                .and_then(Value::as_str)
                .unwrap_or(default)
                .to_string()
        };
        let (scopes, custom): (Vec<String>, Vec<String>) = strings(client, "AllowedOAuthScopes")
            .unwrap_or_default()
            .into_iter()
            .partition(|s| SCOPES.contains(&s.as_str()));
        Settings {
            name: text(client, "ClientName").to_string(),
            refresh: number(client, "RefreshTokenValidity"),
            refresh_unit: unit("RefreshToken", "days"),
            access: number(client, "AccessTokenValidity"),
            access_unit: unit("AccessToken", "hours"),
            id_token: number(client, "IdTokenValidity"),
            id_unit: unit("IdToken", "hours"),
            session: number(client, "AuthSessionValidity"),
            prevent_errors: text(client, "PreventUserExistenceErrors") == "ENABLED",
            revocation: client
                .get("EnableTokenRevocation")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            flows: strings(client, "ExplicitAuthFlows").unwrap_or_default(),
            oauth: client
                .get("AllowedOAuthFlowsUserPoolClient")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            callbacks: strings(client, "CallbackURLs")
                .unwrap_or_default()
                .join("\n"),
            logouts: strings(client, "LogoutURLs").unwrap_or_default().join("\n"),
            default_redirect: text(client, "DefaultRedirectURI").to_string(),
            grants: strings(client, "AllowedOAuthFlows").unwrap_or_default(),
            scopes,
            custom_scopes: custom.join(" "),
            providers: strings(client, "SupportedIdentityProviders").unwrap_or_default(),
        }
    }

    /// The fields as posted.
    fn of_form(form: &Form) -> Settings {
        let all = |name: &str| -> Vec<String> { form.all_owned(name) };
        let get = |name: &str| form.get(name).to_string();
        Settings {
            name: get("client_name"),
            refresh: get("refresh_token_validity"),
            refresh_unit: get("refresh_token_unit"),
            access: get("access_token_validity"),
            access_unit: get("access_token_unit"),
            id_token: get("id_token_validity"),
            id_unit: get("id_token_unit"),
            session: get("auth_session_validity"),
            prevent_errors: form.checked("prevent_user_existence_errors"),
            revocation: form.checked("enable_token_revocation"),
            flows: all("flow"),
            oauth: form.checked("allowed_oauth_flows_user_pool_client"),
            callbacks: get("callback_urls"),
            logouts: get("logout_urls"),
            default_redirect: get("default_redirect_uri"),
            grants: all("oauth_flow"),
            scopes: all("scope"),
            custom_scopes: get("custom_scopes"),
            providers: all("identity_provider"),
        }
    }

    /// Writes the fields into an UpdateUserPoolClient request. A number field that holds no
    /// whole number is refused here, as `(field, message)`: Cognito would only see a type error.
    fn apply(&self, request: &mut Map<String, Value>) -> Result<(), (&'static str, String)> {
        let refresh = whole(
            &self.refresh,
            "refresh_token_validity",
            "refresh token expiration",
        )?;
        let access = whole(
            &self.access,
            "access_token_validity",
            "access token expiration",
        )?;
        let id_token = whole(&self.id_token, "id_token_validity", "ID token expiration")?;
        let session = whole(
            &self.session,
            "auth_session_validity",
            "authentication flow session duration",
        )?;
        request.insert("ClientName".into(), json!(self.name));
        request.insert("RefreshTokenValidity".into(), json!(refresh));
        request.insert("AccessTokenValidity".into(), json!(access));
        request.insert("IdTokenValidity".into(), json!(id_token));
        request.insert(
            "TokenValidityUnits".into(),
            json!({
                "RefreshToken": self.refresh_unit,
                "AccessToken": self.access_unit,
                "IdToken": self.id_unit,
            }),
        );
        request.insert("AuthSessionValidity".into(), json!(session));
        let prevent = if self.prevent_errors {
            "ENABLED"
        } else {
            "LEGACY"
        };
        request.insert("PreventUserExistenceErrors".into(), json!(prevent));
        request.insert("EnableTokenRevocation".into(), json!(self.revocation));
        // An empty list, not an absent one: absent, Cognito would restore its default flows.
        request.insert("ExplicitAuthFlows".into(), json!(self.flows));
        request.insert("AllowedOAuthFlowsUserPoolClient".into(), json!(self.oauth));
        set_list(request, "CallbackURLs", words(&self.callbacks));
        set_list(request, "LogoutURLs", words(&self.logouts));
        if self.default_redirect.trim().is_empty() {
            request.remove("DefaultRedirectURI");
        } else {
            request.insert(
                "DefaultRedirectURI".into(),
                json!(self.default_redirect.trim()),
            );
        }
        set_list(request, "AllowedOAuthFlows", self.grants.clone());
        let mut scopes = self.scopes.clone();
        scopes.extend(words(&self.custom_scopes));
        dedupe(&mut scopes);
        set_list(request, "AllowedOAuthScopes", scopes);
        set_list(
            request,
            "SupportedIdentityProviders",
            self.providers.clone(),
        );
        Ok(())
    }
}

/// The whole number in number field `field`, or why not, naming it as `what`.
fn whole(value: &str, field: &'static str, what: &str) -> Result<i64, (&'static str, String)> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| (field, format!("Enter the {what} as a whole number.")))
}

/// What the edit form offers beyond its fixed choices: the flows and identity providers the
/// client has or the pool knows.
struct Offer {
    flows: Vec<String>,
    providers: Vec<String>,
}

impl Offer {
    /// The choices for `client`, whose form shows `settings`.
    async fn of(operator: &Operator, pool_id: &str, client: &Value, settings: &Settings) -> Offer {
        let current = Settings::of_client(client);
        let mut providers = vec![COGNITO.to_string()];
        providers.extend(identity_providers(operator, pool_id).await);
        providers.extend(current.providers.iter().cloned());
        providers.extend(settings.providers.iter().cloned());
        dedupe(&mut providers);
        Offer {
            flows: offered_flows(current.flows.iter().chain(settings.flows.iter())),
            providers,
        }
    }
}

/// The names of the pool's identity providers (the first 60). A pool whose providers cannot
/// be listed still offers COGNITO and those the client names.
async fn identity_providers(operator: &Operator, pool_id: &str) -> Vec<String> {
    let request = json!({ "UserPoolId": pool_id, "MaxResults": 60 });
    let Ok(response) = operator.call("ListIdentityProviders", request).await else {
        return Vec::new();
    };
    response
        .get("Providers")
        .and_then(Value::as_array)
        .map(|providers| {
            providers
                .iter()
                .filter_map(|p| p.get("ProviderName").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// How the edit form names an identity provider: the pool's own directory, or the provider's
/// name.
fn provider_label(provider: &str) -> &str {
    if provider == COGNITO {
        "Cognito user pool directory"
    } else {
        provider
    }
}

/// The edit form.
fn edit_body(
    operator: &Operator,
    pool_id: &str,
    client_id: &str,
    s: &Settings,
    offer: &Offer,
    error: Option<(&str, &str)>,
) -> Markup {
    let base = client_url(pool_id, client_id);
    // Each token's expiration: (label, field, value), then (label, field, value) of its unit.
    let tokens = [
        (
            "Refresh token expiration",
            "refresh_token_validity",
            s.refresh.as_str(),
            "Refresh token unit",
            "refresh_token_unit",
            s.refresh_unit.as_str(),
        ),
        (
            "Access token expiration",
            "access_token_validity",
            s.access.as_str(),
            "Access token unit",
            "access_token_unit",
            s.access_unit.as_str(),
        ),
        (
            "ID token expiration",
            "id_token_validity",
            s.id_token.as_str(),
            "ID token unit",
            "id_token_unit",
            s.id_unit.as_str(),
        ),
    ];
    html! {
        form method="post" action=(format!("{base}/edit")) {
            (csrf_field(operator))
            section class="panel" {
                h2 { "App client information" }
                (text_field("App client name", "client_name", "text", &s.name, None, error_for(error, "client_name")))
            }
            section class="panel" {
                h2 { "Authentication" }
                (flow_boxes(&offer.flows, &s.flows, error_for(error, "flow")))
                (text_field(
                    "Authentication flow session duration",
                    "auth_session_validity",
                    "number",
                    &s.session,
                    Some("Minutes a sign-in may take from one challenge to the next: 3 to 15."),
                    error_for(error, "auth_session_validity"),
                ))
            }
            section class="panel" {
                h2 { "Token expiration" }
                p class="hint" {
                    "Access and ID tokens: 5 minutes to 1 day. Refresh tokens: 1 hour to 10 years."
                }
                @for (label, name, value, unit_label, unit_name, unit) in tokens {
                    (text_field(label, name, "number", value, None, error_for(error, name)))
                    (select(unit_label, unit_name, &UNITS, unit))
                }
            }
            section class="panel" {
                h2 { "Advanced security" }
                div { (checkbox("Prevent user existence errors", "prevent_user_existence_errors", "1", s.prevent_errors)) }
                p class="hint" {
                    "An unknown user name is answered as a wrong password is, so that nobody can find out who has an account."
                }
                div { (checkbox("Enable token revocation", "enable_token_revocation", "1", s.revocation)) }
                p class="hint" { "Lets the app revoke a refresh token (RevokeToken) and the access tokens issued with it." }
            }
            section class="panel" {
                h2 { "Hosted UI and OAuth 2.0" }
                div { (checkbox("Allowed OAuth flows user pool client", "allowed_oauth_flows_user_pool_client", "1", s.oauth)) }
                p class="hint" {
                    "Lets the client use the OAuth 2.0 endpoints and the hosted sign-in pages with the grant types and scopes below."
                }
                (text_field(
                    "Allowed callback URLs",
                    "callback_urls",
                    "textarea",
                    &s.callbacks,
                    Some("One per line. HTTPS, plain HTTP only for localhost, or an app's own scheme (myapp://callback)."),
                    error_for(error, "callback_urls"),
                ))
                (text_field(
                    "Allowed sign-out URLs",
                    "logout_urls",
                    "textarea",
                    &s.logouts,
                    Some("One per line, as the callback URLs."),
                    error_for(error, "logout_urls"),
                ))
                (text_field(
                    "Default redirect URL",
                    "default_redirect_uri",
                    "text",
                    &s.default_redirect,
                    Some("Optional; one of the callback URLs."),
                    error_for(error, "default_redirect_uri"),
                ))
                fieldset class="choices" {
                    legend { "OAuth grant types" }
                    @for (value, label) in GRANTS {
                        div { (checkbox(label, "oauth_flow", value, has(&s.grants, value))) }
                    }
                    @if let Some(error) = error_for(error, "oauth_flow") {
                        p class="field-error" role="alert" { (error) }
                    }
                }
                fieldset class="choices" {
                    legend { "OpenID Connect scopes" }
                    @for scope in SCOPES {
                        div { (checkbox(scope, "scope", scope, has(&s.scopes, scope))) }
                    }
                }
                (text_field(
                    "Custom scopes",
                    "custom_scopes",
                    "text",
                    &s.custom_scopes,
                    Some("Scopes of the pool's resource servers, separated by spaces: identifier/scope."),
                    error_for(error, "custom_scopes"),
                ))
                fieldset class="choices" {
                    legend { "Identity providers" }
                    @for provider in &offer.providers {
                        div { (checkbox(provider_label(provider), "identity_provider", provider, has(&s.providers, provider))) }
                    }
                    @if let Some(error) = error_for(error, "identity_provider") {
                        p class="field-error" role="alert" { (error) }
                    }
                }
            }
            (save_or_cancel(&base))
        }
    }
}

/// `GET /console/pools/{pool_id}/clients/{client_id}/edit`.
pub(super) async fn edit_page(
    operator: Operator,
    Path((pool_id, client_id)): Path<(String, String)>,
) -> Result<Response, Response> {
    let (pool, client) = pool_and_client(&operator, &pool_id, &client_id).await?;
    let frame = Frame::new(&operator, &pool_id, &pool);
    let settings = Settings::of_client(&client);
    let offer = Offer::of(&operator, &pool_id, &client, &settings).await;
    let body = edit_body(&operator, &pool_id, &client_id, &settings, &offer, None);
    Ok(frame.show("Edit app client", None, None, body, StatusCode::OK))
}

/// `POST /console/pools/{pool_id}/clients/{client_id}/edit`: UpdateUserPoolClient with the
/// form's members and every other member as it was.
pub(super) async fn save_edit(
    Path((pool_id, client_id)): Path<(String, String)>,
    form: Form,
) -> Result<Response, Response> {
    let operator = &form.operator;
    let (pool, client) = pool_and_client(operator, &pool_id, &client_id).await?;
    let settings = Settings::of_form(&form);
    let mut request = update_request(&pool_id, &client);
    let (field, message): (Option<&'static str>, String) = match settings.apply(&mut request) {
        Err((field, message)) => (Some(field), message),
        Ok(()) => match operator
            .call("UpdateUserPoolClient", Value::Object(request))
            .await
        {
            Ok(_) => {
                let notice = "App client saved.";
                return Ok(client_saved(operator, &pool_id, &client_id, notice));
            }
            Err(e) => match refusal(&e) {
                Some(message) => (field_of(&message), message),
                None => return Err(operator.failure(&e)),
            },
        },
    };
    let frame = Frame::new(operator, &pool_id, &pool);
    let offer = Offer::of(operator, &pool_id, &client, &settings).await;
    let error = field.map(|f| (f, message.as_str()));
    let body = edit_body(operator, &pool_id, &client_id, &settings, &offer, error);
    Ok(frame.show(
        "Edit app client",
        None,
        Some(message.as_str()),
        body,
        StatusCode::BAD_REQUEST,
    ))
}
