//! What a front door hands the sign-in machine ([`FirstFactor`], [`Reply`] with its
//! [`Answer`]) and what it gets back ([`Next`], with a [`Prompt`]).

use std::collections::BTreeMap;

use cognate_proto::AuthenticationResultType;

use crate::model::{ChallengeName, MfaFactor};

/// How a sign-in begins.
#[derive(Debug, Clone)]
pub enum FirstFactor {
    /// The password itself (`USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH`).
    Password {
        username: String,
        password: String,
        device_key: Option<String>,
    },
    /// An SRP handshake (`USER_SRP_AUTH`): the client's `A`.
    Srp {
        username: String,
        srp_a: String,
        device_key: Option<String>,
    },
    /// A custom sign-in (`CUSTOM_AUTH`), run by the pool's challenge functions; with the
    /// client's SRP `A` when the password may be one of the challenges.
    Custom {
        username: String,
        srp_a: Option<String>,
        device_key: Option<String>,
    },
}

impl FirstFactor {
    /// The `USERNAME` given, as given.
    pub fn username(&self) -> &str {
        match self {
            FirstFactor::Password { username, .. }
            | FirstFactor::Srp { username, .. }
            | FirstFactor::Custom { username, .. } => username,
        }
    }
}

/// An answer to a challenge, with what every answer carries.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The challenge answered.
    pub challenge: ChallengeName,
    /// The `Session` of the challenge, when the client sent one.
    pub session: Option<String>,
    /// Who answers (`USERNAME`: the username, an alias or the `sub`).
    pub username: String,
    /// `SECRET_HASH`, for clients with a secret.
    pub secret_hash: Option<String>,
    /// The answer itself.
    pub answer: Answer,
}

/// What a challenge is answered with.
#[derive(Debug, Clone)]
pub enum Answer {
    /// `PASSWORD_VERIFIER`: the SRP proof of the password.
    PasswordClaim(SrpClaim),
    /// `NEW_PASSWORD_REQUIRED`: the new password and required attributes.
    NewPassword {
        password: String,
        attributes: Vec<(String, String)>,
    },
    /// `SMS_MFA` / `SOFTWARE_TOKEN_MFA`: the code.
    MfaCode(String),
    /// `SELECT_MFA_TYPE`: the factor picked.
    MfaChoice(MfaFactor),
    /// `MFA_SETUP`: the authenticator app was verified with this session.
    MfaSetupDone,
    /// `MFA_SETUP` on the hosted pages: the phone number for SMS codes; the code sent to it
    /// next proves it.
    MfaSetupPhone(String),
    /// `DEVICE_SRP_AUTH`: the device and its `A`.
    DeviceSrp { device_key: String, srp_a: String },
    /// `DEVICE_PASSWORD_VERIFIER`: the device's SRP proof.
    DeviceClaim(SrpClaim),
    /// `CUSTOM_CHALLENGE`: the answer (`ANSWER`), for the pool's function to judge.
    CustomAnswer(String),
    /// A challenge this server never issues: only its name is checked.
    Unanswerable,
}

/// An SRP proof: `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP`, `PASSWORD_CLAIM_SIGNATURE`, and
/// the device the client names (`DEVICE_KEY`).
#[derive(Debug, Clone)]
pub struct SrpClaim {
    pub secret_block: String,
    pub timestamp: String,
    pub signature: String,
    pub device_key: Option<String>,
}

/// What comes after a step: another challenge, or tokens.
#[derive(Debug, Clone)]
pub enum Next {
    /// The next challenge, and the `Session` to answer it with (none for PASSWORD_VERIFIER,
    /// whose `SECRET_BLOCK` stands in for it).
    Challenge {
        session: Option<String>,
        prompt: Prompt,
    },
    /// The sign-in is complete: ID, access and refresh tokens, and in a pool that tracks
    /// devices a new device key for the client to confirm.
    Tokens(Box<AuthenticationResultType>),
    /// The sign-in the hosted pages drive is complete: the user, whose tokens an authorization
    /// code will carry.
    SignedIn(Box<SignedIn>),
}

/// A sign-in the hosted pages completed.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The user.
    pub sub: String,
    /// The sign-in its tokens will continue.
    pub sign_in: crate::model::SignIn,
}

/// What a challenge asks of the user, with what the client needs to answer it.
#[derive(Debug, Clone)]
pub enum Prompt {
    /// The SRP proof of the password for this handshake.
    PasswordVerifier {
        salt_hex: String,
        srp_b: String,
        secret_block: String,
        user_id_for_srp: String,
    },
    /// A new password, and the required attributes the user lacks.
    NewPassword {
        user_id_for_srp: String,
        required_attributes: Vec<String>,
        user_attributes: BTreeMap<String, String>,
    },
    /// A second factor's code: where an SMS went, or the authenticator's name.
    MfaCode {
        factor: MfaFactor,
        user_id_for_srp: String,
        delivered_to: Option<Delivery>,
        friendly_device_name: Option<String>,
    },
    /// A choice among second factors.
    MfaChoice {
        offered: Vec<MfaFactor>,
        user_id_for_srp: String,
    },
    /// The setup of a second factor first.
    MfaSetup {
        offered: Vec<MfaFactor>,
        user_id_for_srp: String,
    },
    /// The remembered device's SRP `A`.
    DeviceSrp,
    /// A custom challenge: what the pool's function shows the client, and whom it asks.
    CustomChallenge {
        parameters: BTreeMap<String, String>,
        username: String,
    },
    /// The device's SRP proof for this handshake.
    DevicePasswordVerifier {
        salt_hex: String,
        srp_b: String,
        secret_block: String,
        username: String,
        device_key: String,
    },
}

impl Prompt {
    /// The challenge this prompt is.
    pub fn challenge(&self) -> ChallengeName {
        match self {
            Prompt::PasswordVerifier { .. } => ChallengeName::PasswordVerifier,
            Prompt::NewPassword { .. } => ChallengeName::NewPasswordRequired,
            Prompt::MfaCode { factor, .. } => factor.challenge(),
            Prompt::MfaChoice { .. } => ChallengeName::SelectMfaType,
            Prompt::MfaSetup { .. } => ChallengeName::MfaSetup,
            Prompt::DeviceSrp => ChallengeName::DeviceSrpAuth,
            Prompt::DevicePasswordVerifier { .. } => ChallengeName::DevicePasswordVerifier,
            Prompt::CustomChallenge { .. } => ChallengeName::CustomChallenge,
        }
    }
}

/// Where a code went: the medium (`SMS`, `EMAIL`) and the masked destination.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub medium: String,
    pub destination: String,
}
