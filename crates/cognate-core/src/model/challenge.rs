//! The names Cognito gives sign-in challenges and second factors on the wire, written here
//! once. Everything else speaks of [`ChallengeName`] and [`MfaFactor`].

use serde::{Deserialize, Serialize};

/// A challenge of InitiateAuth / RespondToAuthChallenge (`ChallengeNameType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeName {
    /// `PASSWORD_VERIFIER`: the client's SRP proof of the password.
    PasswordVerifier,
    /// `NEW_PASSWORD_REQUIRED`: a temporary password must be replaced.
    NewPasswordRequired,
    /// `SMS_MFA`: the code sent by SMS.
    SmsMfa,
    /// `SOFTWARE_TOKEN_MFA`: the authenticator app's code.
    SoftwareTokenMfa,
    /// `SELECT_MFA_TYPE`: the user picks a second factor.
    SelectMfaType,
    /// `MFA_SETUP`: the user must set up a second factor first.
    MfaSetup,
    /// `DEVICE_SRP_AUTH`: a remembered device starts its SRP handshake.
    DeviceSrpAuth,
    /// `DEVICE_PASSWORD_VERIFIER`: the device's SRP proof.
    DevicePasswordVerifier,
    /// `CUSTOM_CHALLENGE` (Lambda-defined challenges).
    CustomChallenge,
    /// `SELECT_CHALLENGE` (choice-based sign-in).
    SelectChallenge,
    /// `EMAIL_OTP`.
    EmailOtp,
    /// `SMS_OTP`.
    SmsOtp,
    /// `WEB_AUTHN`.
    WebAuthn,
    /// `PASSWORD` (choice-based sign-in).
    Password,
    /// `PASSWORD_SRP` (choice-based sign-in).
    PasswordSrp,
    /// `ADMIN_NO_SRP_AUTH`.
    AdminNoSrpAuth,
}

impl ChallengeName {
    /// Every name, for parsing.
    const ALL: [ChallengeName; 16] = [
        ChallengeName::PasswordVerifier,
        ChallengeName::NewPasswordRequired,
        ChallengeName::SmsMfa,
        ChallengeName::SoftwareTokenMfa,
        ChallengeName::SelectMfaType,
        ChallengeName::MfaSetup,
        ChallengeName::DeviceSrpAuth,
        ChallengeName::DevicePasswordVerifier,
        ChallengeName::CustomChallenge,
        ChallengeName::SelectChallenge,
        ChallengeName::EmailOtp,
        ChallengeName::SmsOtp,
        ChallengeName::WebAuthn,
        ChallengeName::Password,
        ChallengeName::PasswordSrp,
        ChallengeName::AdminNoSrpAuth,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ChallengeName::PasswordVerifier => "PASSWORD_VERIFIER",
            ChallengeName::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            ChallengeName::SmsMfa => "SMS_MFA",
            ChallengeName::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            ChallengeName::SelectMfaType => "SELECT_MFA_TYPE",
            ChallengeName::MfaSetup => "MFA_SETUP",
            ChallengeName::DeviceSrpAuth => "DEVICE_SRP_AUTH",
            ChallengeName::DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
            ChallengeName::CustomChallenge => "CUSTOM_CHALLENGE",
            ChallengeName::SelectChallenge => "SELECT_CHALLENGE",
            ChallengeName::EmailOtp => "EMAIL_OTP",
            ChallengeName::SmsOtp => "SMS_OTP",
            ChallengeName::WebAuthn => "WEB_AUTHN",
            ChallengeName::Password => "PASSWORD",
            ChallengeName::PasswordSrp => "PASSWORD_SRP",
            ChallengeName::AdminNoSrpAuth => "ADMIN_NO_SRP_AUTH",
        }
    }

    /// The challenge a wire name names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A second factor at sign-in. Serialised with its challenge's wire name, as a user's MFA
/// preference is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MfaFactor {
    /// A code by SMS.
    #[serde(rename = "SMS_MFA")]
    Sms,
    /// An authenticator-app code.
    #[serde(rename = "SOFTWARE_TOKEN_MFA")]
    SoftwareToken,
}

impl MfaFactor {
    /// The challenge that asks for this factor's code.
    pub fn challenge(self) -> ChallengeName {
        match self {
            MfaFactor::Sms => ChallengeName::SmsMfa,
            MfaFactor::SoftwareToken => ChallengeName::SoftwareTokenMfa,
        }
    }

    /// The factor a challenge name asks for (`SMS_OTP` is accepted for SMS, as Cognito does
    /// in `SELECT_MFA_TYPE` answers).
    pub fn from_challenge(name: ChallengeName) -> Option<Self> {
        match name {
            ChallengeName::SmsMfa | ChallengeName::SmsOtp => Some(MfaFactor::Sms),
            ChallengeName::SoftwareTokenMfa => Some(MfaFactor::SoftwareToken),
            _ => None,
        }
    }

    /// The wire name (as in `UserMFASettingList`, `PreferredMfaSetting`).
    pub fn as_str(self) -> &'static str {
        self.challenge().as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in ChallengeName::ALL {
            assert_eq!(ChallengeName::parse(name.as_str()), Some(name));
        }
        assert_eq!(ChallengeName::parse("sms_mfa"), None);
    }

    #[test]
    fn factors_serialise_as_their_challenge() {
        for factor in [MfaFactor::Sms, MfaFactor::SoftwareToken] {
            let json = serde_json::to_string(&factor).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", factor.as_str()));
        }
    }
}
