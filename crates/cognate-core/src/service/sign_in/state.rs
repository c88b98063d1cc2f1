//! What a challenge session waits for: a typed value kept in the session row, tagged with a
//! version so that a node never misreads a session another version wrote (such a session reads
//! as expired).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{ChallengeName, ChallengeResult, MfaFactor, SignIn};

/// The version of [`Stored`] this code writes and reads.
const VERSION: u32 = 1;

/// What a challenge session waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "awaits", rename_all = "snake_case")]
pub(crate) enum Awaiting {
    /// The client's SRP proof of the password. The handshake travels sealed in the challenge's
    /// `SECRET_BLOCK`; the session only makes the block single use and remembers a device key
    /// already refused for it.
    PasswordVerifier {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device_refused: Option<String>,
        /// The custom sign-in this password step belongs to, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        custom: Option<Box<CustomFlow>>,
    },
    /// A new password in place of a temporary one (`NEW_PASSWORD_REQUIRED`).
    NewPassword,
    /// The code of a second factor; for SMS, the keyed hash of the code that was sent.
    MfaCode {
        factor: MfaFactor,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent: Option<SentCode>,
    },
    /// The user's choice among second factors (`SELECT_MFA_TYPE`); the answer is checked
    /// against the factors the user has when it comes.
    MfaChoice,
    /// The setup of a second factor (`MFA_SETUP`), `verified` once an authenticator app was
    /// verified with this session.
    MfaSetup { verified: bool },
    /// A remembered device's SRP `A` (`DEVICE_SRP_AUTH`).
    DeviceSrp,
    /// The device's SRP proof (`DEVICE_PASSWORD_VERIFIER`) for the sealed block `block_id`.
    DevicePasswordVerifier { block_id: String },
    /// The answer to a custom sign-in's `CUSTOM_CHALLENGE`.
    CustomChallenge { flow: Box<CustomFlow> },
}

/// A custom sign-in (`CUSTOM_AUTH`) so far: its challenges and how they went, what the
/// challenge being asked keeps from the client, and who it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CustomFlow {
    /// The challenges so far, oldest first (the functions' `session`).
    pub results: Vec<ChallengeResult>,
    /// The name the sign-in gave (all there is of an unknown user).
    pub username: String,
    /// The client's SRP `A`, while a PASSWORD_VERIFIER may still be asked with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub srp_a: Option<String>,
    /// The `privateChallengeParameters` of the challenge being asked.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub private: BTreeMap<String, String>,
    /// The `challengeMetadata` of the challenge being asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}

impl Awaiting {
    /// The challenge that asks for what this state waits for.
    pub(crate) fn challenge(&self) -> ChallengeName {
        match self {
            Awaiting::PasswordVerifier { .. } => ChallengeName::PasswordVerifier,
            Awaiting::NewPassword => ChallengeName::NewPasswordRequired,
            Awaiting::MfaCode { factor, .. } => factor.challenge(),
            Awaiting::MfaChoice => ChallengeName::SelectMfaType,
            Awaiting::MfaSetup { .. } => ChallengeName::MfaSetup,
            Awaiting::DeviceSrp => ChallengeName::DeviceSrpAuth,
            Awaiting::DevicePasswordVerifier { .. } => ChallengeName::DevicePasswordVerifier,
            Awaiting::CustomChallenge { .. } => ChallengeName::CustomChallenge,
        }
    }
}

/// An SMS code that went out: a keyed hash of it, and the nonce that went into the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SentCode {
    pub nonce: String,
    pub hash: String,
}

/// A session row's `data`: one step of a sign-in, or a pointer under which an answer that
/// carries no `Session` finds the step it continues.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Stored {
    /// A step: what it waits for, and the sign-in so far (none before the first factor).
    Step {
        v: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sign_in: Option<SignIn>,
        #[serde(flatten)]
        awaiting: Awaiting,
    },
    /// The session id of the step this row stands for.
    Resumes { v: u32, target: String },
}

impl Stored {
    pub(crate) fn step(sign_in: Option<&SignIn>, awaiting: Awaiting) -> Self {
        Stored::Step {
            v: VERSION,
            sign_in: sign_in.cloned(),
            awaiting,
        }
    }

    pub(crate) fn resumes(target: &str) -> Self {
        Stored::Resumes {
            v: VERSION,
            target: target.to_string(),
        }
    }

    /// Reads a row's data; `None` for data of another version or shape.
    pub(crate) fn read(data: &serde_json::Value) -> Option<Self> {
        let stored: Stored = serde_json::from_value(data.clone()).ok()?;
        let v = match &stored {
            Stored::Step { v, .. } | Stored::Resumes { v, .. } => *v,
        };
        (v == VERSION).then_some(stored)
    }

    pub(crate) fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip_and_other_versions_read_as_nothing() {
        let sign_in = SignIn {
            auth_time: 1,
            origin_jti: "o".into(),
            device_key: Some("d".into()),
            srp_a: Some("not kept".into()),
            passwordless: false,
            audit: None,
        };
        let stored = Stored::step(
            Some(&sign_in),
            Awaiting::MfaCode {
                factor: MfaFactor::Sms,
                sent: Some(SentCode {
                    nonce: "n".into(),
                    hash: "h".into(),
                }),
            },
        );
        let value = stored.to_value();
        assert_eq!(value["awaits"], "mfa_code");
        assert_eq!(value["factor"], "SMS_MFA");
        let Some(Stored::Step {
            sign_in: Some(back),
            awaiting,
            ..
        }) = Stored::read(&value)
        else {
            panic!("a step reads back: {value}");
        };
        assert_eq!(back.device_key.as_deref(), Some("d"));
        assert_eq!(back.srp_a, None);
        assert_eq!(awaiting.challenge(), ChallengeName::SmsMfa);

        let mut other = value.clone();
        other["v"] = serde_json::json!(2);
        assert!(Stored::read(&other).is_none());
        assert!(Stored::read(&serde_json::json!({"auth_time": 1})).is_none());
    }
}
