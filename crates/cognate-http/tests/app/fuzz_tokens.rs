//! Tokens clients hand back, as untrusted input through the API: any text, three base64url
//! parts of anything, or a real access token with a character changed or an edit made is not
//! authorized (GetUser); so is a changed refresh token (REFRESH_TOKEN_AUTH); a pagination
//! token that is not one the server sealed for that listing is an invalid paging marker
//! (ListUsers, ListGroups). Never a 5xx, never a panic.

use axum::http::StatusCode;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use proptest::{prelude::*, sample::Index};
use serde_json::{json, Value};

use cognate_near_miss::BASE64URL_AND_DOT;

use crate::fuzz_support::{check, edited, edits, expect_error, post, substitute, Fuzzing};
use crate::helpers::{spawn_app, Pool, Tokens};

const BASE64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A pool with two users and two groups, the tokens of a sign-in, and the first page tokens of
/// ListUsers and ListGroups.
struct World {
    fuzzing: Fuzzing,
    pool: Pool,
    tokens: Tokens,
    users_token: String,
    groups_token: String,
}

fn world() -> World {
    let fuzzing = Fuzzing::start(spawn_app());
    let (pool, tokens, users_token, groups_token) = fuzzing.run(async {
        let app = fuzzing.app();
        let pool = app.create_seed_pool().await;
        let user = app.sign_up_confirmed_user(&pool).await;
        app.sign_up_confirmed_user(&pool).await;
        let tokens = app.sign_in(&pool.client_id, &user).await;
        for group in ["fuzzers", "testers"] {
            app.ok(
                "CreateGroup",
                json!({"UserPoolId": pool.pool_id, "GroupName": group}),
            )
            .await;
        }
        let first_page = |op: &'static str| {
            let body = json!({"UserPoolId": pool.pool_id, "Limit": 1});
            async move { app.ok(op, body).await }
        };
        let users = first_page("ListUsers").await;
        let groups = first_page("ListGroups").await;
        let token = |page: &Value, name: &str| {
            page[name]
                .as_str()
                .unwrap_or_else(|| panic!("{name} in {page}"))
                .to_string()
        };
        let users_token = token(&users, "PaginationToken");
        let groups_token = token(&groups, "NextToken");
        (pool, tokens, users_token, groups_token)
    });
    World {
        fuzzing,
        pool,
        tokens,
        users_token,
        groups_token,
    }
}

impl World {
    fn get_user(&self, access_token: &str) -> Result<(StatusCode, Value), TestCaseError> {
        let body = json!({ "AccessToken": access_token });
        self.fuzzing.reply(post("GetUser", body.to_string()))
    }

    fn refresh(&self, refresh_token: &str) -> Result<(StatusCode, Value), TestCaseError> {
        let body = json!({
            "ClientId": self.pool.client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": {"REFRESH_TOKEN": refresh_token},
        });
        self.fuzzing.reply(post("InitiateAuth", body.to_string()))
    }

    /// The listing `op` continued with `token` in the member `member`.
    fn page(
        &self,
        op: &str,
        member: &str,
        token: &str,
    ) -> Result<(StatusCode, Value), TestCaseError> {
        let mut body = json!({"UserPoolId": self.pool.pool_id, "Limit": 1});
        body[member] = json!(token);
        self.fuzzing.reply(post(op, body.to_string()))
    }
}

/// A base64url part: of random bytes, of JSON, or of text near the part's alphabet.
fn part() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        "\\PC{0,60}".prop_map(|s| URL_SAFE_NO_PAD.encode(s)),
        "[A-Za-z0-9_=+/-]{0,60}",
    ]
}

/// Checks that `reply` is the refusal of an access or refresh token: not authorized, or a
/// missing member when the token is empty.
fn expect_refused_token(reply: &(StatusCode, Value), token: &str) -> Result<(), TestCaseError> {
    if token.is_empty() {
        expect_error(reply, "InvalidParameterException")
    } else {
        expect_error(reply, "NotAuthorizedException")
    }
}

#[test]
fn fuzz_the_tokens_the_properties_change_are_accepted() {
    let world = world();
    let reply = world
        .get_user(&world.tokens.access)
        .expect("a Cognito answer");
    assert_eq!(reply.0, StatusCode::OK, "{}", reply.1);
    let refresh = world.tokens.refresh.clone().expect("a refresh token");
    let reply = world.refresh(&refresh).expect("a Cognito answer");
    assert_eq!(reply.0, StatusCode::OK, "{}", reply.1);
}

#[test]
fn fuzz_any_text_as_an_access_token_is_not_authorized() {
    let world = world();
    let token = prop_oneof![
        any::<String>(),
        (part(), part(), part()).prop_map(|(h, p, s)| format!("{h}.{p}.{s}")),
        Just(world.tokens.id.clone()),
    ];
    check(token, |token| {
        expect_refused_token(&world.get_user(&token)?, &token)
    });
}

#[test]
fn fuzz_a_changed_access_token_is_not_authorized() {
    let world = world();
    let access = world.tokens.access.clone();
    let strategy = (
        (any::<Index>(), any::<Index>()),
        edits(BASE64URL_AND_DOT),
        any::<bool>(),
    );
    check(strategy, |((at, with), edits, use_edits)| {
        let changed = if use_edits {
            edited(&access, &edits)
        } else {
            substitute(&access, at, with, BASE64URL_AND_DOT)
        };
        let reply = world.get_user(&changed)?;
        if changed == access {
            prop_assert_eq!(reply.0, StatusCode::OK, "{}", reply.1);
            return Ok(());
        }
        expect_refused_token(&reply, &changed)
    });
}

#[test]
fn fuzz_a_changed_refresh_token_is_not_authorized() {
    let world = world();
    let refresh = world.tokens.refresh.clone().expect("a refresh token");
    let strategy = prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map({
            let refresh = refresh.clone();
            move |(at, with)| substitute(&refresh, at, with, BASE64URL_AND_DOT)
        }),
        any::<String>(),
    ];
    check(strategy, |token| {
        expect_error(&world.refresh(&token)?, "NotAuthorizedException")
    });
}

#[test]
fn fuzz_a_pagination_token_not_sealed_for_its_listing_is_an_invalid_marker() {
    let world = world();
    let listings = [
        ("ListUsers", "PaginationToken", world.users_token.clone()),
        ("ListGroups", "NextToken", world.groups_token.clone()),
    ];
    let token = prop_oneof![
        (0_usize..2).prop_map({
            let listings = listings.clone();
            move |which| listings[which].2.clone()
        }),
        (0_usize..2, any::<Index>(), any::<Index>()).prop_map({
            let listings = listings.clone();
            move |(which, at, with)| substitute(&listings[which].2, at, with, BASE64URL)
        }),
        any::<String>(),
        "[A-Za-z0-9_-]{1,200}",
    ];
    check((0_usize..2, token), |(listing, token)| {
        let (op, member, own) = &listings[listing];
        let reply = world.page(op, member, &token)?;
        if token.is_empty() || token == *own {
            // No token, or the listing's own: the first or the second page.
            prop_assert_eq!(reply.0, StatusCode::OK, "{}", reply.1);
            return Ok(());
        }
        expect_error(&reply, "InvalidParameterException")?;
        let message = format!("Paging marker {token} is invalid for request.");
        prop_assert_eq!(reply.1["message"].as_str(), Some(message.as_str()));
        Ok(())
    });
}
