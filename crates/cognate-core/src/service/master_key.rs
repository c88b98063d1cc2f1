//! The master key as a deployment uses it: checked against the database before use, given the
//! deployment's MAC root once a rotation has recorded one, and rotated.
//!
//! A rotation seals every secret at rest again under the new key, in one store transaction:
//! the pools' signing keys, app client secrets, users' password verifiers, authenticator-app
//! secrets (verified and pending) and device verifiers, and identity providers' secret details.
//! Keyed hashes (refresh tokens, codes, recovery codes, session ids) and the values derived
//! from the key (device group keys) cannot be recomputed, so they stay under the MAC root: the
//! first master key's, recorded sealed under the new key in the same transaction.
//! Values sealed only in flight — SRP secret blocks, pagination tokens — are not stored: those
//! handed out before the rotation stop opening.

use std::collections::BTreeMap;

use anyhow::Context;
use cognate_crypto::secretbox::MasterKey;

use super::{
    clients::SECRET_PURPOSE as CLIENT_SECRET_PURPOSE,
    devices::verifier_purpose as device_verifier_purpose,
    identity_providers::purpose as provider_purpose, mfa_settings::TOTP_PURPOSE,
    password::SEAL_PURPOSE as PASSWORD_PURPOSE, tokens::keys::KEY_PURPOSE, Cognate,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, IdentityProvider, SealedSigningKey, User},
    store::{Reseal, ResealCounts, Store},
};

/// Name of the deployment setting holding the MAC root, sealed under the current master key.
const MAC_ROOT: &str = "mac_root";

fn wrong_key(why: &str) -> CoreError {
    CoreError::Internal(anyhow::anyhow!(
        "the master key does not open this database's secrets ({why}): give the master key \
         file the database was last used with (--master-key-file)"
    ))
}

/// The master key read from its file, ready for the deployment whose store is `store`: with
/// the deployment's MAC root when a rotation recorded one. Refuses a key that does not open
/// the MAC root, or the signing key of the deployment's first pool.
pub async fn deployment_master_key(
    store: &dyn Store,
    file_key: MasterKey,
) -> CoreResult<MasterKey> {
    let key = match store.find_setting(MAC_ROOT).await? {
        Some(sealed) => file_key
            .with_sealed_mac_root(&sealed)
            .map_err(|_| wrong_key("its MAC root does not open"))?,
        None => file_key,
    };
    if let Some(stored) = first_signing_key(store).await? {
        if key.open_b64(KEY_PURPOSE, &stored.sealed).is_err() {
            return Err(wrong_key(&format!(
                "the signing keys of pool {} do not open",
                stored.pool_id
            )));
        }
    }
    Ok(key)
}

/// A signing key of the first pool by id, if there is a pool.
async fn first_signing_key(store: &dyn Store) -> CoreResult<Option<SealedSigningKey>> {
    let pools = store.list_pools(None, 1).await?;
    let Some(pool) = pools.items.first() else {
        return Ok(None);
    };
    Ok(store.list_signing_keys(&pool.id).await?.into_iter().next())
}

impl Cognate {
    /// Seals every secret at rest again under `new` and records the MAC root sealed under it,
    /// in one transaction. Nodes still running with the old key cannot open what it wrote:
    /// every node starts again with `new`.
    pub async fn reseal_secrets(&self, new: &MasterKey) -> CoreResult<ResealCounts> {
        let root = self
            .master_key
            .sealed_mac_root(new)
            .map_err(|e| CoreError::Internal(e.into()))?;
        let resealer = Resealer {
            old: &self.master_key,
            new,
        };
        Ok(self
            .store
            .reseal_all(&resealer, &[(MAC_ROOT, root.as_str())])
            .await?)
    }
}

/// Opens secrets under `old` and seals them under `new`, with the purposes they were sealed for.
struct Resealer<'a> {
    old: &'a MasterKey,
    new: &'a MasterKey,
}

impl Resealer<'_> {
    /// `sealed`, sealed again.
    fn again(&self, purpose: &str, sealed: &str) -> anyhow::Result<String> {
        let plain = self
            .old
            .open_b64(purpose, sealed)
            .context("opening it under the current master key")?;
        Ok(self.new.seal_b64(purpose, &plain)?)
    }
}

impl Reseal for Resealer<'_> {
    fn signing_key(&self, key: &mut SealedSigningKey) -> anyhow::Result<()> {
        let again = self.again(KEY_PURPOSE, &key.sealed).with_context(|| {
            format!(
                "the {} key of generation {} of pool {}",
                key.token_use.as_str(),
                key.generation,
                key.pool_id
            )
        })?;
        key.sealed = again;
        Ok(())
    }

    fn client(&self, client: &mut AppClient) -> anyhow::Result<bool> {
        let Some(sealed) = client.sealed_secret.as_deref() else {
            return Ok(false);
        };
        let again = self
            .again(CLIENT_SECRET_PURPOSE, sealed)
            .with_context(|| format!("the secret of app client {}", client.client_id))?;
        client.sealed_secret = Some(again);
        Ok(true)
    }

    fn user(&self, user: &mut User) -> anyhow::Result<bool> {
        let who = format!("user {} of pool {}", user.sub, user.pool_id);
        let mut holds_one = false;
        if let Some(password) = user.password.as_mut() {
            let again = self
                .again(PASSWORD_PURPOSE, &password.sealed_verifier)
                .with_context(|| format!("the password verifier of {who}"))?;
            password.sealed_verifier = again;
            holds_one = true;
        }
        if let Some(token) = user.software_token.as_mut() {
            let again = self
                .again(TOTP_PURPOSE, &token.sealed_secret)
                .with_context(|| format!("the authenticator secret of {who}"))?;
            token.sealed_secret = again;
            holds_one = true;
        }
        if let Some(pending) = user.pending_software_token.as_mut() {
            let again = self
                .again(TOTP_PURPOSE, pending.as_str())
                .with_context(|| format!("the pending authenticator secret of {who}"))?;
            *pending = again;
            holds_one = true;
        }
        // A forgotten device's tombstone keeps no verifier.
        for device in user
            .devices
            .iter_mut()
            .filter(|d| !d.sealed_verifier.is_empty())
        {
            let purpose = device_verifier_purpose(&user.pool_id, &user.sub, &device.key);
            let again = self
                .again(&purpose, &device.sealed_verifier)
                .with_context(|| format!("the verifier of device {} of {who}", device.key))?;
            device.sealed_verifier = again;
            holds_one = true;
        }
        Ok(holds_one)
    }

    fn identity_provider(&self, provider: &mut IdentityProvider) -> anyhow::Result<bool> {
        if provider.sealed_details.is_empty() {
            return Ok(false);
        }
        let mut again = BTreeMap::new();
        for (key, sealed) in &provider.sealed_details {
            let purpose = provider_purpose(provider, key);
            let resealed = self.again(&purpose, sealed).with_context(|| {
                format!(
                    "the {key} of identity provider {} of pool {}",
                    provider.name, provider.pool_id
                )
            })?;
            again.insert(key.clone(), resealed);
        }
        provider.sealed_details = again;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Device, PasswordRecord, SoftwareToken};

    fn sealed(key: &MasterKey, purpose: &str, plain: &[u8]) -> String {
        key.seal_b64(purpose, plain).unwrap()
    }

    #[test]
    fn every_secret_of_a_user_opens_under_the_new_key_with_its_old_contents() {
        let (old, new) = (MasterKey::generate(), MasterKey::generate());
        let mut user: User = serde_json::from_value(serde_json::json!({
            "pool_id": "us-east-1_rk", "sub": "sub-1", "username": "sub-1", "attributes": {},
            "status": "CONFIRMED", "enabled": true, "created_ms": 1, "modified_ms": 1,
        }))
        .unwrap();
        user.password = Some(PasswordRecord {
            salt_hex: "00".into(),
            sealed_verifier: sealed(&old, PASSWORD_PURPOSE, b"verifier"),
            set_ms: 1,
            temporary_until_ms: None,
        });
        user.software_token = Some(SoftwareToken {
            sealed_secret: sealed(&old, TOTP_PURPOSE, b"totp"),
            friendly_name: None,
            last_step: 0,
        });
        let device_purpose = device_verifier_purpose("us-east-1_rk", "sub-1", "dev-1");
        user.devices = vec![Device {
            key: "dev-1".into(),
            name: None,
            remembered: true,
            salt_hex: "00".into(),
            sealed_verifier: sealed(&old, &device_purpose, b"device"),
            created_ms: 1,
            modified_ms: 1,
            last_authenticated_ms: 1,
            last_ip: None,
            forgotten_ms: None,
        }];
        let resealer = Resealer {
            old: &old,
            new: &new,
        };
        assert!(resealer.user(&mut user).unwrap());
        let open = |purpose: &str, text: &str| new.open_b64(purpose, text).unwrap().to_vec();
        let password = user.password.as_ref().unwrap();
        assert_eq!(
            open(PASSWORD_PURPOSE, &password.sealed_verifier),
            b"verifier"
        );
        let token = user.software_token.as_ref().unwrap();
        assert_eq!(open(TOTP_PURPOSE, &token.sealed_secret), b"totp");
        assert_eq!(
            open(&device_purpose, &user.devices[0].sealed_verifier),
            b"device"
        );
        assert!(old
            .open_b64(PASSWORD_PURPOSE, &password.sealed_verifier)
            .is_err());
    }

    #[test]
    fn a_secret_that_does_not_open_stops_the_rotation_and_names_its_record() {
        let (old, new) = (MasterKey::generate(), MasterKey::generate());
        let mut key = SealedSigningKey {
            pool_id: "us-east-1_rk".into(),
            generation: 1,
            token_use: crate::model::TokenUse::Id,
            created_ms: 1,
            sealed: sealed(&new, KEY_PURPOSE, b"not under the old key"),
        };
        let resealer = Resealer {
            old: &old,
            new: &new,
        };
        let error = format!("{:#}", resealer.signing_key(&mut key).unwrap_err());
        assert!(
            error.contains("generation 1 of pool us-east-1_rk"),
            "{error}"
        );
    }
}
