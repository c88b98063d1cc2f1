//! The end of a sign-in whose every required factor passed: the pool's PostAuthentication
//! function, if any, may still refuse it; then, in a pool that tracks devices, the
//! tokens are bound to the device the client named (recording this sign-in on it) or to a new
//! key returned as `NewDeviceMetadata`; then the tokens.

use cognate_crypto::random;
use cognate_proto::NewDeviceMetadataType;

use super::{
    attempt::Attempt,
    door::{Next, SignedIn},
};
use crate::service::{tokens::issue::Minting, triggers::TokenEvent, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{SignIn, User},
};

/// Tokens for the completed sign-in; for the hosted pages, the signed-in user, whose tokens
/// the authorization code will carry.
pub(super) async fn tokens(at: &Attempt<'_>, user: &User, mut sign_in: SignIn) -> CoreResult<Next> {
    let new_device = at.pool.tracks_devices() && sign_in.device_key.is_none() && !at.hosted;
    at.c.post_authentication(
        (&at.pool, &at.client.client_id),
        user,
        new_device,
        &at.client_metadata,
    )
    .await?;
    if at.hosted {
        sign_in.device_key = None;
        return Ok(Next::SignedIn(Box::new(SignedIn {
            sub: user.sub.clone(),
            sign_in,
        })));
    }
    let new_device = bind_device(at, user, &mut sign_in).await?;
    let minting = Minting {
        sign_in: &sign_in,
        scope: None,
        nonce: None,
        with_refresh: true,
        event: TokenEvent::Authentication,
    };
    let mut tokens =
        at.c.issue_tokens(&at.pool, &at.client, user, &minting)
            .await?
            .into_result();
    tokens.new_device_metadata = new_device;
    Ok(Next::Tokens(Box::new(tokens)))
}

async fn bind_device(
    at: &Attempt<'_>,
    user: &User,
    sign_in: &mut SignIn,
) -> CoreResult<Option<NewDeviceMetadataType>> {
    if !at.pool.tracks_devices() {
        sign_in.device_key = None;
        return Ok(None);
    }
    if let Some(key) = &sign_in.device_key {
        let now = at.c.now_ms();
        let ip = at.rc.source_ip.clone();
        at.c.modify_user(&at.pool, user, |u| {
            let device = u
                .devices
                .iter_mut()
                .find(|d| d.key == *key && d.is_active())
                .ok_or_else(CoreError::device_not_found)?;
            device.last_authenticated_ms = now;
            if ip.is_some() {
                device.last_ip.clone_from(&ip);
            }
            Ok(())
        })
        .await?;
        return Ok(None);
    }
    let key = format!("{}_{}", Cognate::region_of(&at.pool.id), random::uuid_v4());
    sign_in.device_key = Some(key.clone());
    Ok(Some(NewDeviceMetadataType {
        device_key: key,
        device_group_key: at.c.device_group_key(&at.pool, user),
    }))
}
