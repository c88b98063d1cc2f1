//! What can go wrong in the SRP computations.

/// Errors from the SRP computations. The server should answer all of them with
/// `NotAuthorizedException` and never reveal which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    /// A public value or salt is empty, too long, or not hexadecimal.
    #[error("SRP value is not valid hexadecimal")]
    InvalidHex,
    /// `A` (or, client side, `B`) is a multiple of N.
    #[error("SRP public value is zero modulo N")]
    ZeroPublicValue,
    /// The scrambling parameter `u = H(A, B)` is zero.
    #[error("SRP scrambling parameter is zero")]
    ZeroScrambler,
    /// The stored verifier is zero modulo N or longer than N.
    #[error("SRP verifier is invalid")]
    InvalidVerifier,
    /// The secret exponent is empty or zero.
    #[error("SRP secret exponent is invalid")]
    InvalidSecret,
}
