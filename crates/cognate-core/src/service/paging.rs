//! Pages of listings that Cognito continues with an opaque token (ListUsers, ListGroups,
//! AdminListGroupsForUser, ListUsersInGroup, ListIdentityProviders): the size a request asks
//! for, and the token, which is the last key listed sealed under the listing it continues. A
//! token is unreadable and unforgeable by clients, good for its own listing only, and for an
//! hour, as Cognito's.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

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
        let plain = format!("{}|{after}", self.now_ms());
        let sealed = self
            .master_key
            .seal(&format!("list-page|{listing}"), plain.as_bytes())
            .map_err(|e| CoreError::Internal(e.into()))?;
        Ok(URL_SAFE_NO_PAD.encode(sealed))
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
        let plain = URL_SAFE_NO_PAD
            .decode(token)
            .ok()
            .and_then(|sealed| {
                self.master_key
                    .open(&format!("list-page|{listing}"), &sealed)
                    .ok()
            })
            .and_then(|plain| String::from_utf8(plain.to_vec()).ok())
            .ok_or_else(|| invalid(token))?;
        let (issued, after) = plain.split_once('|').ok_or_else(|| invalid(token))?;
        match issued.parse::<i64>() {
            Ok(issued) if self.now_ms() - issued < TOKEN_TTL_MS => Ok(Some(after.to_string())),
            _ => Err(invalid(token)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_follow_cognitos_range() {
        assert_eq!(limit(None).unwrap(), 60);
        assert_eq!(limit(Some(0)).unwrap(), 60);
        assert_eq!(limit(Some(5)).unwrap(), 5);
        assert!(limit(Some(61)).is_err());
        assert!(limit(Some(-1)).is_err());
    }
}
