//! The request as far as signing is concerned: what came over the wire, and its headers by name.

use super::error::SigV4Error;

/// An incoming HTTP request, as far as signing is concerned.
///
/// Every field must be what came over the wire: the raw (undecoded) path and query, the
/// `Host` header as sent (for HTTP/2, the `:authority`), and the exact body bytes.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// The HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The raw request path, still percent-encoded, e.g. `/`.
    pub path: &'a str,
    /// The raw query string without the `?`, empty if there is none.
    pub query: &'a str,
    /// All request headers, in the order received. Names are matched case-insensitively
    /// (lowercase is expected); repeated headers appear as repeated entries.
    pub headers: &'a [(String, String)],
    /// The request body, byte for byte.
    pub body: &'a [u8],
}

impl<'a> SignedRequest<'a> {
    /// All values of the header `name` (case-insensitive), in order.
    pub(super) fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The single value of the header `name`; `Err` if it is repeated.
    pub(super) fn single_header(&self, name: &str) -> Result<Option<&'a str>, SigV4Error> {
        let mut values = self.header_values(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(SigV4Error::Malformed(format!(
                "The request contains more than one '{name}' header."
            )));
        }
        Ok(first)
    }
}
