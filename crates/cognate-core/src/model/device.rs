//! A device a user confirmed (ConfirmDevice): its SRP verifier, whether it is remembered, and
//! when and from where it last signed in. Kept in the user's document.

use serde::{Deserialize, Serialize};

/// A confirmed device, or the tombstone of a forgotten one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Device {
    /// `<region>_<uuid>`, as handed out in `NewDeviceMetadata`.
    pub key: String,
    /// `DeviceName` given at confirmation.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the device is remembered (may skip MFA where the pool allows it).
    pub remembered: bool,
    /// Device SRP salt, hex.
    pub salt_hex: String,
    /// Device SRP verifier, sealed with the master key and bound to the device (base64).
    pub sealed_verifier: String,
    /// Confirmation, epoch ms.
    pub created_ms: i64,
    /// Last change, epoch ms.
    pub modified_ms: i64,
    /// Last sign-in from this device, epoch ms.
    pub last_authenticated_ms: i64,
    /// Source address of that sign-in.
    #[serde(default)]
    pub last_ip: Option<String>,
    /// When the device was forgotten (a tombstone: its refresh tokens stay refused).
    #[serde(default)]
    pub forgotten_ms: Option<i64>,
}

impl Device {
    /// Whether the device is confirmed and not forgotten.
    pub fn is_active(&self) -> bool {
        self.forgotten_ms.is_none()
    }
}
