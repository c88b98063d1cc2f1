//! The password proven by SRP: InitiateAuth `USER_SRP_AUTH` answers `PASSWORD_VERIFIER`, whose
//! answer carries the client's proof.
//!
//! The handshake state (A, B, b, who, when) travels sealed inside `SECRET_BLOCK`, so the answer
//! may reach any node and needs no `Session` (pycognito sends none). A session row keyed by the
//! block's hash makes each block single use. Unknown users get a convincing fake challenge when
//! the client prevents existence errors, and both steps go the way a wrong password goes: the
//! same reads and writes, the same SRP math (against the dummy verifier), the same lockout, and
//! blocks of the same length. [`Handshake`] serves device SRP too.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_crypto::srp;
use serde::{Deserialize, Serialize};

use super::{
    attempt::Attempt,
    door::{Next, Prompt, Reply, SrpClaim},
    password, session,
    state::{Awaiting, CustomFlow},
};
use crate::{
    error::{CoreError, CoreResult},
    model::{SignIn, User, UserStatus},
    service::Cognate,
    service::{attempts::Subject, attributes::identifiers, lockout},
};

const BLOCK_PURPOSE: &str = "srp-secret-block";
/// How far the client's TIMESTAMP may be from the server's clock.
const MAX_SKEW_SECS: i64 = 300;

/// The server's half of one SRP handshake, as a sealed SECRET_BLOCK carries it (user and
/// device SRP alike).
#[derive(Serialize, Deserialize)]
pub(super) struct Handshake {
    a_hex: String,
    b_hex: String,
    secret_b64: String,
}

/// A client's claim: `PASSWORD_CLAIM_SECRET_BLOCK` (decoded), `TIMESTAMP`,
/// `PASSWORD_CLAIM_SIGNATURE`.
pub(super) struct Claim<'a> {
    pub block: &'a [u8],
    pub timestamp: &'a str,
    pub signature: &'a str,
}

impl Handshake {
    /// The client's `A` (canonical hex).
    pub(super) fn a_hex(&self) -> &str {
        &self.a_hex
    }

    /// Starts a handshake with the client's `A` (canonical hex) for `verifier` (one
    /// exponentiation, off the async threads); returns it with `B` (hex).
    pub(super) async fn start(a_hex: String, verifier: Vec<u8>) -> CoreResult<(Self, String)> {
        let handshake = tokio::task::spawn_blocking(move || srp::server_start(&verifier))
            .await
            .map_err(|e| CoreError::Internal(e.into()))?;
        let b_hex = srp::to_hex(&handshake.big_b);
        let state = Self {
            a_hex,
            b_hex: b_hex.clone(),
            secret_b64: B64.encode(&*handshake.b),
        };
        Ok((state, b_hex))
    }

    /// Whether `claim` proves the secret behind `verifier` for SRP "pool name" `name` and
    /// "user id" `id` (the device group key and device key for device SRP): a TIMESTAMP within
    /// [`MAX_SKEW_SECS`] of `now_secs`, and the signature made with this handshake's key.
    pub(super) async fn proves(
        &self,
        verifier: Vec<u8>,
        (name, id): (String, String),
        claim: &Claim<'_>,
        now_secs: i64,
    ) -> CoreResult<bool> {
        let fresh = srp::parse_timestamp(claim.timestamp)
            .is_some_and(|t| (t.unix_timestamp() - now_secs).abs() <= MAX_SKEW_SECS);
        let (Ok(a), Ok(big_b), Ok(secret)) = (
            srp::parse_srp_a(&self.a_hex),
            srp::parse_srp_a(&self.b_hex),
            B64.decode(&self.secret_b64),
        ) else {
            return Ok(false);
        };
        if !fresh {
            return Ok(false);
        }
        let (block, timestamp, signature) = (
            claim.block.to_vec(),
            claim.timestamp.to_string(),
            claim.signature.to_string(),
        );
        tokio::task::spawn_blocking(move || {
            srp::server_session_key(&a, &big_b, &secret, &verifier).is_ok_and(|key| {
                srp::verify_claim(&key, &name, &id, &block, &timestamp, &signature)
            })
        })
        .await
        .map_err(|e| CoreError::Internal(e.into()))
    }
}

/// Whose handshake a block is: a user, or a name no user holds. Both carry an id of the same
/// shape and tag of the same length, so that the sealed block's length does not tell.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Who {
    /// A user, by `sub`.
    User(String),
    /// No one: a stand-in `sub` derived from the name given.
    Name(String),
}

/// What the sealed SECRET_BLOCK of PASSWORD_VERIFIER carries.
#[derive(Serialize, Deserialize)]
struct BlockState {
    pool_id: String,
    client_id: String,
    who: Who,
    /// The name InitiateAuth was given: an unknown user's failures are counted under it.
    given: String,
    user_id: String,
    #[serde(flatten)]
    handshake: Handshake,
    issued_ms: i64,
    /// DEVICE_KEY of InitiateAuth, when the client named its device.
    #[serde(default)]
    device_key: Option<String>,
}

/// A fake salt for an unknown user (or one without a password), stable per username so that
/// repeated attempts do not reveal that the user does not exist. The verifier behind it is the
/// dummy one: it is never shown, and taking it costs no more than unsealing a real one.
fn fake_salt(at: &Attempt<'_>, username: &str) -> Vec<u8> {
    let seed = at.c.master_key.mac(
        "srp-fake-user",
        format!("{}|{}", at.pool.id, username).as_bytes(),
    );
    seed[..16].to_vec()
}

fn block_id(at: &Attempt<'_>, block: &str) -> String {
    at.c.master_key
        .mac_hex("srp-secret-block-id", block.trim().as_bytes())
}

/// `USER_SRP_AUTH`: starts the handshake and answers `PASSWORD_VERIFIER`.
pub(super) async fn challenge(
    at: &Attempt<'_>,
    username: &str,
    srp_a: &str,
    device_key: Option<String>,
) -> CoreResult<Next> {
    let a_hex = canonical_a(srp_a)?;
    let user = at.c.find_user(&at.pool, username).await?;
    at.c.pre_authentication(
        (&at.pool, &at.client),
        username,
        user.as_ref(),
        &at.client_metadata,
    )
    .await?;
    handshake(at, user.as_ref(), username, a_hex, device_key, None).await
}

/// The canonical hex of a client's `SRP_A`, refused when it is no SRP public value.
pub(super) fn canonical_a(srp_a: &str) -> CoreResult<String> {
    let a = srp::parse_srp_a(srp_a).map_err(|_| {
        CoreError::InvalidParameter("SRP_A is not a valid SRP public value.".into())
    })?;
    Ok(srp::to_hex(&a))
}

/// Starts the handshake for `user` (or a convincing fake for an unknown one) with the client's
/// `A`, inside the custom sign-in `custom` if any, and answers `PASSWORD_VERIFIER`.
pub(super) async fn handshake(
    at: &Attempt<'_>,
    user: Option<&User>,
    username: &str,
    a_hex: String,
    device_key: Option<String>,
    custom: Option<CustomFlow>,
) -> CoreResult<Next> {
    if user.is_some_and(|u| u.status == UserStatus::ResetRequired) {
        return Err(password::password_reset_required());
    }
    let (who, subject) = match user {
        Some(user) => (Who::User(user.sub.clone()), Subject::User(&user.sub)),
        None if at.client.prevents_user_existence_errors() => (
            Who::Name(at.stand_in_uuid(username)),
            Subject::Name(username),
        ),
        None => return Err(CoreError::UserNotFound("User does not exist.".into())),
    };
    let attempts = at.c.attempts(&at.pool, subject).await?;
    if lockout::is_locked(&attempts.lockout, at.c.now_ms()) {
        return Err(lockout::attempts_exceeded());
    }
    let (user_id, salt, verifier) = match user.and_then(|u| u.password.as_ref().map(|p| (u, p))) {
        Some((user, record)) => {
            let (salt, verifier) = at.c.verifier(record)?;
            (user.username.clone(), salt, verifier)
        }
        None => {
            let shown = match user {
                Some(user) => user.username.clone(),
                None => at.stand_in_username(username),
            };
            let dummy = at.c.dummy_password.verifier().to_vec();
            (shown, fake_salt(at, username), dummy)
        }
    };
    let (handshake, srp_b) = Handshake::start(a_hex, verifier).await?;
    let state = BlockState {
        pool_id: at.pool.id.clone(),
        client_id: at.client.client_id.clone(),
        who,
        given: username.to_string(),
        user_id: user_id.clone(),
        handshake,
        issued_ms: at.c.now_ms(),
        device_key,
    };
    let plain = serde_json::to_vec(&state).map_err(|e| CoreError::Internal(e.into()))?;
    let sealed = at.c.master_key.seal_b64(BLOCK_PURPOSE, &plain);
    let secret_block = sealed.map_err(|e| CoreError::Internal(e.into()))?;
    let awaiting = Awaiting::PasswordVerifier {
        device_refused: None,
        custom: custom.map(Box::new),
    };
    let sub = match &state.who {
        Who::User(sub) => sub.as_str(),
        Who::Name(_) => "",
    };
    session::insert(at, &block_id(at, &secret_block), sub, None, awaiting).await?;
    Ok(Next::Challenge {
        session: None,
        prompt: Prompt::PasswordVerifier {
            salt_hex: srp::salt_hex(&salt),
            srp_b,
            secret_block,
            user_id_for_srp: user_id,
        },
    })
}

/// `PASSWORD_VERIFIER`: checks the client's proof of the password; the user, a new sign-in and
/// the custom sign-in the step belongs to (if any) when it holds. `sessionless`: the answer
/// came without `Session`, so a device step that follows may too.
pub(super) async fn verify(
    at: &Attempt<'_>,
    claim: &SrpClaim,
    reply: &Reply,
    sessionless: bool,
) -> CoreResult<(User, SignIn, Option<CustomFlow>)> {
    let bad = CoreError::bad_credentials;
    let block = claim.secret_block.as_str();
    let block_bytes = B64.decode(block.trim()).map_err(|_| bad())?;
    let plain =
        at.c.master_key
            .open(BLOCK_PURPOSE, &block_bytes)
            .map_err(|_| bad())?;
    let state: BlockState = serde_json::from_slice(&plain).map_err(|_| bad())?;
    if state.pool_id != at.pool.id || state.client_id != at.client.client_id {
        return Err(bad());
    }
    let now = at.c.now_ms();
    if now > state.issued_ms + at.client.auth_session_seconds() * 1000 {
        return Err(CoreError::session_expired());
    }
    // An unknown user's block is looked up as a user's is, by its stand-in `sub` that no one
    // holds, so that both answers cost the same read.
    let (sub, is_user) = match &state.who {
        Who::User(sub) => (sub.as_str(), true),
        Who::Name(stand_in) => (stand_in.as_str(), false),
    };
    let user = at.c.store.find_user(&at.pool.id, sub).await?;
    let user = user.filter(|_| is_user);
    if let Some(user) = &user {
        at.seen.user(user);
    }
    let device_key = match &user {
        Some(user) => answered_device(at, user, block, &state, claim).await?,
        None => None,
    };
    // Single use: whoever takes the session row may proceed.
    let taken = session::take(at, &block_id(at, block)).await?;
    let custom = match session::step_of(taken)?.awaiting {
        Awaiting::PasswordVerifier { custom, .. } => custom.map(|flow| *flow),
        _ => None,
    };
    let proof = Claim {
        block: &block_bytes,
        timestamp: &claim.timestamp,
        signature: &claim.signature,
    };
    let names = (at.pool.srp_pool_name().to_string(), state.user_id.clone());
    let now_secs = now.div_euclid(1000);
    let Some(user) = user else {
        // No one to sign in: the proof is checked against the dummy verifier all the same, and
        // the failure counted under the name given, as a user's would be.
        let dummy = at.c.dummy_password.verifier().to_vec();
        state
            .handshake
            .proves(dummy, names, &proof, now_secs)
            .await?;
        let attempts = at.c.attempts(&at.pool, Subject::Name(&state.given)).await?;
        password::record(at, attempts, false).await?;
        return Err(bad());
    };
    if !Cognate::names_user(&at.pool, &user, &reply.username) {
        return Err(bad());
    }
    at.c.check_secret_hash_any(
        &at.client,
        &identifiers(&user),
        reply.secret_hash.as_deref(),
    )?;
    // A user without a password is checked against the dummy verifier, and never passes.
    let verifier = match user.password.as_ref() {
        Some(record) => at.c.verifier(record)?.1,
        None => at.c.dummy_password.verifier().to_vec(),
    };
    let proves = state.handshake.proves(verifier, names, &proof, now_secs);
    let proven = proves.await? && user.password.is_some();
    let attempts = at.c.attempts(&at.pool, Subject::User(&user.sub)).await?;
    password::record(at, attempts, proven).await?;
    if !proven {
        return Err(bad());
    }
    let mut sign_in = at.new_sign_in(device_key.as_deref());
    if sessionless {
        sign_in.srp_a = Some(state.handshake.a_hex().to_string());
    }
    Ok((user, sign_in, custom))
}

/// The device a PASSWORD_VERIFIER answer names: its `DEVICE_KEY`, else InitiateAuth's. A
/// device the user does not have is refused before the block is used, so that the client can
/// answer the same challenge again without it, as Cognito's clients do; a key that came only
/// from InitiateAuth is then dropped for that block.
async fn answered_device(
    at: &Attempt<'_>,
    user: &User,
    block: &str,
    state: &BlockState,
    claim: &SrpClaim,
) -> CoreResult<Option<String>> {
    let known = |key: &str| !at.pool.tracks_devices() || user.device(key).is_some();
    if let Some(key) = &claim.device_key {
        return if known(key) {
            Ok(Some(key.clone()))
        } else {
            Err(CoreError::device_not_found())
        };
    }
    let Some(key) = state.device_key.as_deref().filter(|k| !known(k)) else {
        return Ok(state.device_key.clone());
    };
    let step = session::by_id_any_state(at, &block_id(at, block)).await?;
    let Awaiting::PasswordVerifier {
        device_refused,
        custom,
    } = &step.awaiting
    else {
        return Err(CoreError::session_expired());
    };
    if device_refused.as_deref() == Some(key) {
        return Ok(None);
    }
    let awaiting = Awaiting::PasswordVerifier {
        device_refused: Some(key.to_string()),
        custom: custom.clone(),
    };
    session::update(at, &step, awaiting).await?;
    Err(CoreError::device_not_found())
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use cognate_crypto::srp::client::ClientHandshake;
    use cognate_near_miss::{config, substitute, BASE64};
    use proptest::prelude::*;
    use proptest::sample::Index;
    use time::OffsetDateTime;

    use super::*;

    const POOL_NAME: &str = "AbC123xYz";
    const USER_ID: &str = "user";
    const PASSWORD: &str = "TestPass123";
    /// 2024-05-01T12:00:00Z, the server's clock in these tests.
    const NOW_SECS: i64 = 1_714_564_800;
    /// The characters of a TIMESTAMP (`Tue Nov 3 04:07:06 UTC 2026`), and a few more.
    const TIMESTAMP_CHARS: &str = "ADFJMNOSTUWadefghijlnoprtuvy0123456789: ";

    /// One handshake, started as the server starts it, and the client's session key for it
    /// (the client's side costs a long exponentiation: once for every case).
    struct Fixture {
        verifier: Vec<u8>,
        handshake: Handshake,
        key: [u8; srp::SESSION_KEY_LEN],
    }

    fn fixture() -> &'static Fixture {
        static FIXTURE: OnceLock<Fixture> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let salt = srp::new_salt();
            let verifier = srp::compute_verifier(POOL_NAME, USER_ID, PASSWORD, &salt);
            let client = ClientHandshake::new();
            let server = srp::server_start(&verifier);
            let handshake = Handshake {
                a_hex: client.srp_a(),
                b_hex: srp::to_hex(&server.big_b),
                secret_b64: B64.encode(&*server.b),
            };
            let key = client
                .session_key(
                    POOL_NAME,
                    USER_ID,
                    PASSWORD,
                    &handshake.b_hex,
                    &srp::salt_hex(&salt),
                )
                .unwrap();
            Fixture {
                verifier,
                handshake,
                key,
            }
        })
    }

    fn timestamp(secs: i64) -> String {
        srp::format_timestamp(OffsetDateTime::from_unix_timestamp(secs).unwrap())
    }

    /// The signature a client that knows the password sends.
    fn signature(block: &[u8], timestamp: &str) -> String {
        let raw = srp::claim_signature(&fixture().key, POOL_NAME, USER_ID, block, timestamp);
        B64.encode(raw)
    }

    /// Whether `handshake` takes the claim as proof of the password, at [`NOW_SECS`].
    fn proves(handshake: &Handshake, block: &[u8], timestamp: &str, signature: &str) -> bool {
        let claim = Claim {
            block,
            timestamp,
            signature,
        };
        let names = (POOL_NAME.to_string(), USER_ID.to_string());
        let verifier = fixture().verifier.clone();
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(handshake.proves(verifier, names, &claim, NOW_SECS))
            .unwrap()
    }

    /// What a client might send as `SRP_A`.
    fn srp_a_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9a-fA-F]{1,1100}",
            "[ \t]{0,2}0{0,900}[ \t]{0,2}",
            "[0-9a-fA-FxX+_ -]{0,40}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn srp_a_is_kept_as_canonical_hex_or_refused_as_an_invalid_parameter(
            text in srp_a_text(),
        ) {
            match canonical_a(&text) {
                Ok(hex) => {
                    prop_assert!(!hex.is_empty() && !hex.starts_with('0'), "{hex}");
                    prop_assert!(hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
                    prop_assert_eq!(canonical_a(&hex).ok(), Some(hex.clone()));
                    let value = srp::parse_srp_a(&text).unwrap();
                    prop_assert_eq!(srp::to_hex(&value), hex);
                }
                Err(CoreError::InvalidParameter(message)) => {
                    prop_assert_eq!(message, "SRP_A is not a valid SRP public value.");
                    prop_assert!(srp::parse_srp_a(&text).is_err());
                }
                Err(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
            }
        }

        #[test]
        fn a_claim_proves_the_password_only_exactly_as_signed(
            block in prop::collection::vec(any::<u8>(), 1..120),
            skew in -MAX_SKEW_SECS..=MAX_SKEW_SECS,
            change in 0_u8..4,
            (at, with) in (any::<Index>(), any::<Index>()),
        ) {
            let handshake = &fixture().handshake;
            let sent_at = timestamp(NOW_SECS + skew);
            let signed = signature(&block, &sent_at);
            prop_assert!(proves(handshake, &block, &sent_at, &signed));
            let proven = match change {
                0 => {
                    let changed = substitute(&sent_at, at, with, TIMESTAMP_CHARS);
                    proves(handshake, &block, &changed, &signed)
                }
                1 => {
                    let changed = substitute(&signed, at, with, BASE64);
                    proves(handshake, &block, &sent_at, &changed)
                }
                2 => {
                    let mut changed = block.clone();
                    let i = at.index(changed.len());
                    changed[i] ^= 1 << with.index(8);
                    proves(handshake, &changed, &sent_at, &signed)
                }
                _ => {
                    let late = i64::try_from(with.index(100_000)).unwrap();
                    let stale = timestamp(NOW_SECS + MAX_SKEW_SECS + 1 + late);
                    proves(handshake, &block, &stale, &signature(&block, &stale))
                }
            };
            prop_assert!(!proven);
        }

        #[test]
        fn claims_of_any_text_prove_nothing(
            block in prop::collection::vec(any::<u8>(), 0..64),
            timestamp in prop_oneof![Just(timestamp(NOW_SECS)), any::<String>()],
            signature in prop_oneof![any::<String>(), "[A-Za-z0-9+/=]{0,64}"],
        ) {
            prop_assert!(!proves(&fixture().handshake, &block, &timestamp, &signature));
        }

        #[test]
        fn a_handshake_of_any_values_proves_nothing(
            a_hex in srp_a_text(),
            b_hex in srp_a_text(),
            secret_b64 in prop_oneof![
                any::<String>(),
                prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| B64.encode(b)),
            ],
        ) {
            let handshake = Handshake { a_hex, b_hex, secret_b64 };
            let sent_at = timestamp(NOW_SECS);
            let signed = signature(b"block", &sent_at);
            prop_assert!(!proves(&handshake, b"block", &sent_at, &signed));
        }
    }
}
