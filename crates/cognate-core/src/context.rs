//! What an operation knows of the request it serves, handed in explicitly by the front door
//! that received it.

/// Which API a request came through, where an operation has a public and an Admin form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The public API (client id or access token authorizes it).
    Public,
    /// The IAM-authorized Admin API.
    Admin,
}

/// The request behind an operation, as the transport saw it.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// The request's id (`x-amzn-RequestId`).
    pub request_id: String,
    /// The client's address, when the transport gave one: the peer's, or, when the peer is a
    /// proxy the front door trusts, the address that proxy forwards. The per-address abuse
    /// limits count it.
    pub source_ip: Option<String>,
    /// The `User-Agent` header, when present.
    pub user_agent: Option<String>,
    /// The region the request was signed for (SigV4's credential scope), when it was signed.
    pub region: Option<String>,
    /// The access key id of an Admin request: the one that signed it, or on a server without
    /// admin keys (which checks no signature) the one it claims. For the audit log.
    pub admin_key_id: Option<String>,
}
