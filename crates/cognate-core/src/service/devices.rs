//! Remembered devices: ConfirmDevice, Get/List/UpdateDeviceStatus/ForgetDevice and their Admin
//! variants, the device a sign-in's tokens are bound to, and the refresh rule for device-bound
//! tokens. Devices live in their user's document; device keys are handed out without a write
//! (NewDeviceMetadata), and ConfirmDevice accepts only the key its access token carries.

use base64::{
    engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD},
    Engine,
};
use cognate_crypto::srp;
use cognate_proto::{
    AttributeType, ConfirmDeviceResponse, DeviceSecretVerifierConfigType, DeviceType,
    GetDeviceResponse, ListDevicesResponse,
};

use super::Cognate;
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{AccessToken, AuditKind, Device, DeviceKey, Subject, User, UserPool},
};

/// Device records (tombstones included) kept per user; the oldest go first.
const MAX_DEVICES: usize = 100;
/// Largest ListDevices page.
const MAX_PAGE: usize = 60;
/// Upper bound on a device salt, bytes.
const MAX_SALT_LEN: usize = 64;
/// Alphabet of device group keys.
const GROUP_KEY_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// What the verifier of device `key` of user `sub` in pool `pool_id` is sealed for.
pub(crate) fn verifier_purpose(pool_id: &str, sub: &str, key: &str) -> String {
    format!("device-verifier|{pool_id}|{sub}|{key}")
}

/// The operation a device request is, by its form: `operation`, or its Admin form.
fn device_operation(who: &Subject, operation: &str) -> String {
    match who {
        Subject::Token(_) => operation.to_string(),
        Subject::Named { .. } => format!("Admin{operation}"),
    }
}

fn epoch_secs(ms: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let secs = ms as f64 / 1000.0;
    secs
}

fn device_type(device: &Device) -> DeviceType {
    let attr = |name: &str, value: &str| AttributeType {
        name: name.to_string(),
        value: Some(value.to_string()),
    };
    let mut attributes = vec![attr("device_status", "valid")];
    if let Some(name) = &device.name {
        attributes.push(attr("device_name", name));
    }
    attributes.push(attr(
        "dev:device_remembered_status",
        if device.remembered {
            "remembered"
        } else {
            "not_remembered"
        },
    ));
    if let Some(ip) = &device.last_ip {
        attributes.push(attr("last_ip_used", ip));
    }
    DeviceType {
        device_key: device.key.clone(),
        device_attributes: attributes,
        device_create_date: epoch_secs(device.created_ms),
        device_last_modified_date: epoch_secs(device.modified_ms),
        device_last_authenticated_date: epoch_secs(device.last_authenticated_ms),
    }
}

/// The active device `key` of `user`, for changes.
fn device_mut<'a>(user: &'a mut User, key: &str) -> CoreResult<&'a mut Device> {
    user.devices
        .iter_mut()
        .find(|d| d.key == key && d.is_active())
        .ok_or_else(CoreError::device_not_found)
}

/// Keeps at most [`MAX_DEVICES`] records: tombstones go first, then the devices unused longest.
fn trim_devices(user: &mut User) {
    while user.devices.len() > MAX_DEVICES {
        let victim = user
            .devices
            .iter()
            .enumerate()
            .min_by_key(|(_, d)| (d.is_active(), d.last_authenticated_ms))
            .map(|(i, _)| i);
        match victim {
            Some(i) => {
                user.devices.remove(i);
            }
            None => break,
        }
    }
}

impl Cognate {
    /// The user's device group key: stable per user, derived, never stored.
    pub(crate) fn device_group_key(&self, pool: &UserPool, user: &User) -> String {
        let mac = self.master_key.mac(
            "device-group-key",
            format!("{}|{}", pool.id, user.sub).as_bytes(),
        );
        let mut key = String::from("-");
        key.extend(
            mac.iter()
                .take(8)
                .map(|b| GROUP_KEY_ALPHABET[usize::from(*b) % GROUP_KEY_ALPHABET.len()] as char),
        );
        key
    }

    fn verifier_purpose(pool: &UserPool, user: &User, key: &str) -> String {
        verifier_purpose(&pool.id, &user.sub, key)
    }

    /// A device's salt and unsealed verifier. The seal is bound to pool, user and device, so a
    /// verifier copied to another record does not open.
    pub(crate) fn device_verifier(
        &self,
        pool: &UserPool,
        user: &User,
        device: &Device,
    ) -> CoreResult<(Vec<u8>, Vec<u8>)> {
        let internal = |e: anyhow::Error| CoreError::Internal(e.context("device verifier"));
        let purpose = Self::verifier_purpose(pool, user, &device.key);
        let verifier = self
            .master_key
            .open_b64(&purpose, &device.sealed_verifier)
            .map_err(|e| internal(e.into()))?;
        let salt = hex::decode(&device.salt_hex).map_err(|e| internal(e.into()))?;
        Ok((salt, verifier.to_vec()))
    }

    /// ConfirmDevice: stores the device's verifier for the key its sign-in was given.
    pub async fn confirm_device(
        &self,
        rc: &RequestContext,
        token: &AccessToken,
        key: &DeviceKey,
        config: &DeviceSecretVerifierConfigType,
        device_name: Option<&str>,
    ) -> CoreResult<ConfirmDeviceResponse> {
        let ctx = self.authorize_access_token(token).await?;
        let key = key.as_str().to_string();
        let bad = |what: &str| {
            CoreError::InvalidParameter(format!("Invalid {what} in DeviceSecretVerifierConfig."))
        };
        let salt = config
            .salt
            .as_deref()
            .and_then(|s| B64.decode(s.trim()).ok())
            .filter(|s| !s.is_empty() && s.len() <= MAX_SALT_LEN)
            .ok_or_else(|| bad("Salt"))?;
        let verifier = config
            .password_verifier
            .as_deref()
            .and_then(|v| B64.decode(v.trim()).ok())
            .and_then(|v| srp::normalize_verifier(&v).ok())
            .ok_or_else(|| bad("PasswordVerifier"))?;
        if let Some(name) = device_name {
            if name.chars().count() > 1024 {
                return Err(CoreError::InvalidParameter(
                    "1 validation error detected: Value at 'deviceName' failed to satisfy constraint: Member must have length less than or equal to 1024".into(),
                ));
            }
        }
        if ctx.claims.device_key.as_deref() != Some(key.as_str()) {
            return Err(CoreError::device_not_found());
        }
        let pool = self.token_pool(&ctx).await?;
        if !pool.tracks_devices() {
            return Err(CoreError::InvalidParameter(
                "Device tracking is not enabled for this user pool.".into(),
            ));
        }
        let remembered = !pool.devices_remembered_on_prompt();
        let sealed = self
            .master_key
            .seal_b64(&Self::verifier_purpose(&pool, &ctx.user, &key), &verifier)
            .map_err(|e| CoreError::Internal(e.into()))?;
        let now = self.now_ms();
        let ip = rc.source_ip.clone();
        self.modify_user(&pool, &ctx.user, |u| {
            match u.devices.iter().find(|d| d.key == key) {
                Some(d) if d.is_active() => {
                    return Err(CoreError::DeviceKeyExists(
                        "Device key already exists.".into(),
                    ))
                }
                Some(_) => return Err(CoreError::device_not_found()),
                None => {}
            }
            u.devices.push(Device {
                key: key.clone(),
                name: device_name.map(str::to_string),
                remembered,
                salt_hex: hex::encode(&salt),
                sealed_verifier: sealed.clone(),
                created_ms: now,
                modified_ms: now,
                last_authenticated_ms: now,
                last_ip: ip.clone(),
                forgotten_ms: None,
            });
            trim_devices(u);
            Ok(())
        })
        .await?;
        if remembered {
            self.audit_note(rc, AuditKind::DeviceRemembered, &ctx.user)
                .client(&ctx.client.client_id)
                .detail("operation", "ConfirmDevice")
                .detail("deviceKey", key.as_str())
                .detail("deviceName", device_name)
                .record();
        }
        Ok(ConfirmDeviceResponse {
            user_confirmation_necessary: !remembered,
        })
    }

    /// GetDevice and AdminGetDevice.
    pub async fn get_device(
        &self,
        who: &Subject,
        key: &DeviceKey,
    ) -> CoreResult<GetDeviceResponse> {
        let (_, user) = self.subject(who).await?;
        let device = user
            .device(key.as_str())
            .ok_or_else(CoreError::device_not_found)?;
        Ok(GetDeviceResponse {
            device: device_type(device),
        })
    }

    /// ListDevices and AdminListDevices: the user's remembered devices, oldest first.
    pub async fn list_devices(
        &self,
        who: &Subject,
        limit: Option<i64>,
        pagination_token: Option<&str>,
    ) -> CoreResult<ListDevicesResponse> {
        let limit = match limit {
            None | Some(0) => MAX_PAGE,
            Some(n) => usize::try_from(n)
                .ok()
                .filter(|n| *n <= MAX_PAGE)
                .ok_or_else(|| CoreError::InvalidParameter(format!(
                    "1 validation error detected: Value '{n}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to {MAX_PAGE}"
                )))?,
        };
        let (_, user) = self.subject(who).await?;
        let after = match pagination_token.filter(|t| !t.is_empty()) {
            Some(token) => Some(
                URL_SAFE_NO_PAD
                    .decode(token)
                    .ok()
                    .and_then(|k| String::from_utf8(k).ok())
                    .ok_or_else(|| {
                        CoreError::InvalidParameter("Invalid pagination token.".into())
                    })?,
            ),
            None => None,
        };
        let mut devices: Vec<&Device> = user
            .devices
            .iter()
            .filter(|d| d.is_active() && d.remembered)
            .collect();
        devices.sort_by(|a, b| a.key.cmp(&b.key));
        let page: Vec<&Device> = devices
            .into_iter()
            .filter(|d| after.as_deref().is_none_or(|a| d.key.as_str() > a))
            .take(limit + 1)
            .collect();
        let more = page.len() > limit;
        let page = &page[..page.len().min(limit)];
        Ok(ListDevicesResponse {
            devices: page.iter().map(|d| device_type(d)).collect(),
            pagination_token: more
                .then(|| page.last().map(|d| URL_SAFE_NO_PAD.encode(&d.key)))
                .flatten(),
        })
    }

    /// UpdateDeviceStatus and AdminUpdateDeviceStatus: remembered or not.
    pub async fn update_device_status(
        &self,
        rc: &RequestContext,
        who: &Subject,
        key: &DeviceKey,
        remembered: bool,
    ) -> CoreResult<()> {
        let user = self
            .change_device(who, key, |device| {
                device.remembered = remembered;
            })
            .await?;
        let (kind, status) = if remembered {
            (AuditKind::DeviceRemembered, "remembered")
        } else {
            (AuditKind::DeviceForgotten, "not_remembered")
        };
        self.audit_note(rc, kind, &user)
            .detail("operation", device_operation(who, "UpdateDeviceStatus"))
            .detail("deviceKey", key.as_str())
            .detail("status", status)
            .record();
        Ok(())
    }

    /// ForgetDevice and AdminForgetDevice: the device no longer signs in, skips MFA or refreshes
    /// its tokens; a tombstone keeps its refresh tokens refused.
    pub async fn forget_device(
        &self,
        rc: &RequestContext,
        who: &Subject,
        key: &DeviceKey,
    ) -> CoreResult<()> {
        let now = self.now_ms();
        let user = self
            .change_device(who, key, |device| {
                device.forgotten_ms = Some(now);
                device.remembered = false;
                device.sealed_verifier.clear();
                device.name = None;
                device.last_ip = None;
            })
            .await?;
        self.audit_note(rc, AuditKind::DeviceForgotten, &user)
            .detail("operation", device_operation(who, "ForgetDevice"))
            .detail("deviceKey", key.as_str())
            .record();
        Ok(())
    }

    /// Applies `change` to an active device of the user a device operation speaks for; the
    /// user as stored then.
    async fn change_device(
        &self,
        who: &Subject,
        key: &DeviceKey,
        change: impl Fn(&mut Device),
    ) -> CoreResult<User> {
        let (pool, user) = self.subject(who).await?;
        let now = self.now_ms();
        let (user, ()) = self
            .modify_user(&pool, &user, |u| {
                let device = device_mut(u, key.as_str())?;
                change(device);
                device.modified_ms = now;
                Ok(())
            })
            .await?;
        Ok(user)
    }
}
