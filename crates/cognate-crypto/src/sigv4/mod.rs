//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for requests in the `Authorization` header.
//!
//! Admin operations (`AdminCreateUser`, `CreateUserPool`, …) reach Cognate signed by the AWS
//! CLI, boto3 or the JavaScript SDK v3, exactly as they would reach Amazon Cognito. [`verify`]
//! checks such a request server-side; [`sign`] is the matching client-side signer, used by our
//! own tests and benchmarks.
//!
//! The canonical request is built the way the AWS SDKs build it for every service except S3:
//!
//! * **URI**: the raw path as received (still percent-encoded as on the wire), with empty and
//!   `.` segments dropped and `..` resolved, each segment then URI-encoded once more (so `%`
//!   becomes `%25`: AWS's "double encoding" for non-S3 services). `/` stays `/`.
//! * **Query**: each `name=value` pair percent-decoded, re-encoded with the strict SigV4
//!   alphabet (`A-Z a-z 0-9 - _ . ~` left alone), sorted by name then value.
//! * **Headers**: the headers named in `SignedHeaders`, names lowercase, values trimmed with runs
//!   of whitespace collapsed to one space, repeated headers joined with `,`.
//! * **Payload**: lowercase hex SHA-256 of the body. If the request carries
//!   `x-amz-content-sha256` (the JavaScript SDK sends it), that value is what was signed; it
//!   must also match the body, so a signed hash can never stand in for a different body
//!   (`UNSIGNED-PAYLOAD` and streaming payloads are therefore refused).
//!
//! Presigned URLs (signature in the query string) and SigV4a are not supported.
//!
//! The error variants carry the messages AWS sends, so the HTTP layer can answer with
//! [`SigV4Error::aws_error_type`] and the error's `Display` text.
//!
//! Files: `request` (the request as signed), `authorization` (the `Authorization` header),
//! `canonical` (the canonical request), `signature` (string to sign and signing key),
//! `verifier` (the server-side check), `signer` (the client side), `error`.

mod authorization;
mod canonical;
mod error;
mod request;
mod signature;
mod signer;
mod verifier;

pub use authorization::{parse_authorization, Authorization};
pub use error::SigV4Error;
pub use request::SignedRequest;
pub use signature::ALGORITHM;
pub use signer::sign;
pub use verifier::{verify, MAX_CLOCK_SKEW};

#[cfg(test)]
mod fixtures;
