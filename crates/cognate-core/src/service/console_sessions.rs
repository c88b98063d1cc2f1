//! The console's sessions: an operator who signed in with an admin access key holds a cookie
//! naming a row kept beside challenge sessions (so any node answers), under a keyed hash of
//! the cookie's value. Sign-in attempts are bounded per address.

use cognate_crypto::random;
use serde::{Deserialize, Serialize};

use super::{limits::Rate, Cognate};
use crate::{error::CoreResult, model::AuthSession};

/// How long a console session lasts from its sign-in.
pub const CONSOLE_SECONDS: i64 = 8 * 3600;
/// Sign-in attempts allowed per address.
const SIGN_IN_RATE: Rate = Rate {
    count: 10,
    period_ms: 60_000,
};
const VERSION: u32 = 1;

/// A console session row's `data`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ConsoleRow {
    Console { v: u32 },
}

impl Cognate {
    fn console_id(&self, token: &str) -> String {
        self.master_key.mac_hex("console-session", token.as_bytes())
    }

    /// Counts a console sign-in attempt from `source` (the client's address):
    /// `TooManyRequestsException` after ten in a minute, whatever the deployment's own limits.
    pub async fn limit_console_sign_in(&self, source: Option<&str>) -> CoreResult<()> {
        let source = source.unwrap_or("unknown");
        self.count_against("console-sign-in-per-ip", SIGN_IN_RATE, source)
            .await
    }

    /// A new console session for the operator holding `key_id`; returns the cookie's value.
    pub async fn open_console_session(&self, key_id: &str) -> CoreResult<String> {
        let token = random::opaque_token(32);
        let row = AuthSession {
            id: self.console_id(&token),
            pool_id: String::new(),
            client_id: String::new(),
            sub: key_id.to_string(),
            expires_ms: self.now_ms() + CONSOLE_SECONDS * 1000,
            failed_attempts: 0,
            data: serde_json::to_value(ConsoleRow::Console { v: VERSION }).unwrap_or_default(),
            used: false,
        };
        self.store.insert_session(&row).await?;
        Ok(token)
    }

    /// The access key id of a live console session; none when the cookie names none.
    pub async fn console_session(&self, token: &str) -> CoreResult<Option<String>> {
        if token.is_empty() {
            return Ok(None);
        }
        let Some(row) = self.store.find_session(&self.console_id(token)).await? else {
            return Ok(None);
        };
        let live = !row.used && row.expires_ms > self.now_ms() && row.pool_id.is_empty();
        let ours = matches!(
            serde_json::from_value::<ConsoleRow>(row.data),
            Ok(ConsoleRow::Console { v: VERSION })
        );
        Ok((live && ours).then_some(row.sub))
    }

    /// Ends a console session (signing out); an unknown or ended one is no error.
    pub async fn end_console_session(&self, token: &str) -> CoreResult<()> {
        if !token.is_empty() {
            self.store.take_session(&self.console_id(token)).await?;
        }
        Ok(())
    }
}
