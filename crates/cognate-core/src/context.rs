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
    /// The peer's address, when the transport gave one.
    pub source_ip: Option<String>,
    /// The `User-Agent` header, when present.
    pub user_agent: Option<String>,
    /// The region the request was signed for (SigV4's credential scope), when it was signed.
    pub region: Option<String>,
}
