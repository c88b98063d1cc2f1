//! Pages of listings that Cognito continues with an opaque token (ListUsers, ListGroups,
//! AdminListGroupsForUser, ListUsersInGroup, ListIdentityProviders): the size a request asks
//! for, and the token, which is the last key listed sealed under the listing it continues. A
//! token is unreadable and unforgeable by clients, good for its own listing only, and for an
//! hour, as Cognito's.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use cognate_crypto::secretbox::MasterKey;

use super::Cognate;
use crate::{
    error::{CoreError, CoreResult},
    store::{Page, StoreError},
};

/// How long a continuation token is good for (Cognito: one hour).
const TOKEN_TTL_MS: i64 = 3600 * 1000;

/// A `Limit` of 0–60 (0 or absent: 60), as those listings take it.
pub(super) fn limit(requested: Option<i64>) -> CoreResult<usize> {
    match requested {
        None | Some(0) => Ok(60),
        Some(n @ 1..=60) => Ok(usize::try_from(n).unwrap_or(60)),
        Some(n) => Err(CoreError::constraint(
            "limit",
            &n.to_string(),
            if n < 0 {
                "Member must have value greater than or equal to 0"
            } else {
                "Member must have value less than or equal to 60"
            },
        )),
    }
}

fn invalid(token: &str) -> CoreError {
    CoreError::InvalidParameter(format!("Paging marker {token} is invalid for request."))
}

/// The token that continues `listing` after the key `after`, issued at `now_ms`.
fn seal_token(key: &MasterKey, listing: &str, after: &str, now_ms: i64) -> CoreResult<String> {
    let plain = format!("{now_ms}|{after}");
    let sealed = key
        .seal(&format!("list-page|{listing}"), plain.as_bytes())
        .map_err(|e| CoreError::Internal(e.into()))?;
    Ok(URL_SAFE_NO_PAD.encode(sealed))
}

/// The key a token of `listing` continues after, if it is one and not an hour old at `now_ms`;
/// Cognito's invalid-marker error for anything else.
fn open_token(key: &MasterKey, listing: &str, token: &str, now_ms: i64) -> CoreResult<String> {
    let plain = URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|sealed| key.open(&format!("list-page|{listing}"), &sealed).ok())
        .and_then(|plain| String::from_utf8(plain.to_vec()).ok())
        .ok_or_else(|| invalid(token))?;
    let (issued, after) = plain.split_once('|').ok_or_else(|| invalid(token))?;
    match issued.parse::<i64>() {
        Ok(issued) if now_ms.saturating_sub(issued) < TOKEN_TTL_MS => Ok(after.to_string()),
        _ => Err(invalid(token)),
    }
}

impl Cognate {
    /// One page of `listing`: the `Limit` and continuation token a request gave, the page
    /// `fetch` reads after the token's key, and the token of the next page.
    pub(super) async fn page_of<T>(
        &self,
        listing: &str,
        limit: Option<i64>,
        token: Option<&str>,
        fetch: impl AsyncFnOnce(Option<String>, usize) -> Result<Page<T>, StoreError>,
    ) -> CoreResult<(Vec<T>, Option<String>)> {
        let limit = self::limit(limit)?;
        let after = self.open_cursor(listing, token)?;
        let page = fetch(after, limit).await?;
        let next = page
            .next
            .map(|key| self.seal_cursor(listing, &key))
            .transpose()?;
        Ok((page.items, next))
    }

    /// The token that continues `listing` (a name that includes its pool, and its group or
    /// user) after the key `after`.
    pub(super) fn seal_cursor(&self, listing: &str, after: &str) -> CoreResult<String> {
        seal_token(&self.master_key, listing, after, self.now_ms())
    }

    /// The key a token of `listing` continues after; `None` for no token (or an empty one).
    pub(super) fn open_cursor(
        &self,
        listing: &str,
        token: Option<&str>,
    ) -> CoreResult<Option<String>> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        open_token(&self.master_key, listing, token, self.now_ms()).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use cognate_near_miss::{config, substitute};
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::*;

    /// 2024-05-01T12:00:00Z, when the tokens of these tests are issued.
    const ISSUED_MS: i64 = 1_714_564_800_000;
    const LISTING: &str = "users|us-east-1_AbC123xYz";
    const BASE64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// Whether `result` is Cognito's refusal of the paging marker `token`.
    fn is_invalid_marker(result: &CoreResult<String>, token: &str) -> bool {
        let expected = format!("Paging marker {token} is invalid for request.");
        matches!(result, Err(CoreError::InvalidParameter(m)) if *m == expected)
    }

    #[test]
    fn limits_follow_cognitos_range() {
        assert_eq!(limit(None).unwrap(), 60);
        assert_eq!(limit(Some(0)).unwrap(), 60);
        assert_eq!(limit(Some(5)).unwrap(), 5);
        assert!(limit(Some(61)).is_err());
        assert!(limit(Some(-1)).is_err());
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn a_token_continues_its_own_listing_for_an_hour(
            after in "\\PC{0,80}",
            age in 0..TOKEN_TTL_MS,
        ) {
            let key = MasterKey::generate();
            let token = seal_token(&key, LISTING, &after, ISSUED_MS).unwrap();
            prop_assert_eq!(open_token(&key, LISTING, &token, ISSUED_MS + age).unwrap(), after);
            let an_hour_later = open_token(&key, LISTING, &token, ISSUED_MS + TOKEN_TTL_MS);
            prop_assert!(is_invalid_marker(&an_hour_later, &token));
            let other_listing = open_token(&key, "groups|us-east-1_AbC123xYz", &token, ISSUED_MS);
            prop_assert!(is_invalid_marker(&other_listing, &token));
            let other_key = open_token(&MasterKey::generate(), LISTING, &token, ISSUED_MS);
            prop_assert!(is_invalid_marker(&other_key, &token));
        }

        #[test]
        fn any_text_is_an_invalid_marker(
            token in prop_oneof![any::<String>(), "[A-Za-z0-9_=+/-]{0,160}"],
        ) {
            let opened = open_token(&MasterKey::generate(), LISTING, &token, ISSUED_MS);
            prop_assert!(is_invalid_marker(&opened, &token));
        }

        #[test]
        fn a_token_with_one_character_changed_is_an_invalid_marker(
            after in "[a-f0-9-]{36}",
            at in any::<Index>(),
            with in any::<Index>(),
        ) {
            let key = MasterKey::generate();
            let token = seal_token(&key, LISTING, &after, ISSUED_MS).unwrap();
            let changed = substitute(&token, at, with, BASE64URL);
            let opened = open_token(&key, LISTING, &changed, ISSUED_MS);
            prop_assert!(is_invalid_marker(&opened, &changed), "{changed}");
        }
    }
}
