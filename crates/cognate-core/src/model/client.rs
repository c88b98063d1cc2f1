//! An app client: how a front end may sign users in and how long its tokens live.

use cognate_proto::UserPoolClientSettings;
use serde::{Deserialize, Serialize};

/// An app client.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppClient {
    /// Owning pool.
    pub pool_id: String,
    /// 26 lowercase alphanumerics.
    pub client_id: String,
    /// The client secret sealed with the master key (base64), when the client has one.
    pub sealed_secret: Option<String>,
    /// Creation time, epoch ms.
    pub created_ms: i64,
    /// Last change, epoch ms.
    pub modified_ms: i64,
    /// Settings with Cognito's defaults filled in.
    pub settings: UserPoolClientSettings,
}

/// A sign-in flow an app client may allow (`ExplicitAuthFlows`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFlow {
    /// `USER_PASSWORD_AUTH`.
    UserPassword,
    /// `ADMIN_USER_PASSWORD_AUTH` / `ADMIN_NO_SRP_AUTH`.
    AdminUserPassword,
    /// `USER_SRP_AUTH`.
    UserSrp,
    /// `REFRESH_TOKEN_AUTH`.
    RefreshToken,
    /// `CUSTOM_AUTH`.
    Custom,
}

impl AuthFlow {
    /// The `ALLOW_*` name and the legacy name that permit the flow.
    fn allow_names(self) -> (&'static str, &'static str) {
        match self {
            AuthFlow::UserPassword => ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"),
            AuthFlow::AdminUserPassword => ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
            AuthFlow::UserSrp => ("ALLOW_USER_SRP_AUTH", "ALLOW_USER_SRP_AUTH"),
            AuthFlow::RefreshToken => ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
            AuthFlow::Custom => ("ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"),
        }
    }
}

/// Seconds in one `TokenValidityUnits` unit.
pub fn unit_seconds(unit: Option<&str>, default: i64) -> i64 {
    match unit {
        Some("seconds") => 1,
        Some("minutes") => 60,
        Some("hours") => 3600,
        Some("days") => 86_400,
        _ => default,
    }
}

/// A token lifetime in seconds: `validity` in `unit` (or `default_unit` seconds), or the default.
fn lifetime(validity: Option<i64>, unit: Option<&str>, default_unit: i64, default: i64) -> i64 {
    match validity {
        Some(v) if v > 0 => v * unit_seconds(unit, default_unit),
        _ => default,
    }
}

impl AppClient {
    /// Whether `ExplicitAuthFlows` allows `flow`. Legacy clients (names without `ALLOW_`) always
    /// allow SRP and refresh, as Cognito does.
    pub fn allows(&self, flow: AuthFlow) -> bool {
        let flows = self.settings.explicit_auth_flows.as_deref().unwrap_or(&[]);
        let (allow, legacy) = flow.allow_names();
        let is_legacy = !flows.is_empty() && flows.iter().all(|f| !f.starts_with("ALLOW_"));
        flows.iter().any(|f| f == allow || f == legacy)
            || (is_legacy && matches!(flow, AuthFlow::UserSrp | AuthFlow::RefreshToken))
    }

    /// Whether the client may use the OAuth 2.0 flow `flow` (`code`, `implicit`,
    /// `client_credentials`).
    pub fn allows_oauth_flow(&self, flow: &str) -> bool {
        self.settings.allowed_o_auth_flows_user_pool_client == Some(true)
            && self
                .settings
                .allowed_o_auth_flows
                .as_deref()
                .unwrap_or_default()
                .iter()
                .any(|f| f == flow)
    }

    /// Whether unknown users must look like wrong passwords.
    pub fn prevents_user_existence_errors(&self) -> bool {
        self.settings.prevent_user_existence_errors.as_deref() == Some("ENABLED")
    }

    /// Whether RevokeToken is enabled.
    pub fn is_token_revocation_enabled(&self) -> bool {
        self.settings.enable_token_revocation.unwrap_or(true)
    }

    /// Challenge session lifetime in seconds (`AuthSessionValidity` minutes).
    pub fn auth_session_seconds(&self) -> i64 {
        self.settings.auth_session_validity.unwrap_or(3) * 60
    }

    /// Access-token lifetime in seconds (default one hour).
    pub fn access_token_seconds(&self) -> i64 {
        let units = self.settings.token_validity_units.as_ref();
        lifetime(
            self.settings.access_token_validity,
            units.and_then(|u| u.access_token.as_deref()),
            3600,
            3600,
        )
    }

    /// ID-token lifetime in seconds (default one hour).
    pub fn id_token_seconds(&self) -> i64 {
        let units = self.settings.token_validity_units.as_ref();
        lifetime(
            self.settings.id_token_validity,
            units.and_then(|u| u.id_token.as_deref()),
            3600,
            3600,
        )
    }

    /// Refresh-token lifetime in seconds (default 30 days).
    pub fn refresh_token_seconds(&self) -> i64 {
        let units = self.settings.token_validity_units.as_ref();
        lifetime(
            self.settings.refresh_token_validity,
            units.and_then(|u| u.refresh_token.as_deref()),
            86_400,
            30 * 86_400,
        )
    }

    /// Whether token-authorized operations may read `attr` (`ReadAttributes`; all when unset).
    pub fn can_read(&self, attr: &str) -> bool {
        attr == "sub"
            || self
                .settings
                .read_attributes
                .as_ref()
                .is_none_or(|r| r.iter().any(|a| a == attr))
    }

    /// Whether token-authorized operations may write `attr` (`WriteAttributes`; all when unset).
    pub fn can_write(&self, attr: &str) -> bool {
        self.settings
            .write_attributes
            .as_ref()
            .is_none_or(|w| w.iter().any(|a| a == attr))
    }
}
