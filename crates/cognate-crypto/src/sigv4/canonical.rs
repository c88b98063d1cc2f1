//! The canonical request, built as the AWS SDKs build it for every service but S3: normalised
//! and re-encoded path, sorted query, signed headers, payload hash.

use super::request::SignedRequest;

/// The canonical request: method, URI, query, headers, signed header list, payload hash.
pub(super) fn canonical_request(
    req: &SignedRequest<'_>,
    signed_headers: &[String],
    payload_hash: &str,
) -> String {
    let mut out = String::with_capacity(256 + req.path.len() + req.query.len());
    out.push_str(req.method);
    out.push('\n');
    out.push_str(&canonical_uri(req.path));
    out.push('\n');
    out.push_str(&canonical_query(req.query));
    out.push('\n');
    for name in signed_headers {
        out.push_str(name);
        out.push(':');
        let mut first = true;
        for value in req.header_values(name) {
            if !first {
                out.push(',');
            }
            first = false;
            let mut words = value.split_ascii_whitespace();
            if let Some(word) = words.next() {
                out.push_str(word);
                for word in words {
                    out.push(' ');
                    out.push_str(word);
                }
            }
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&signed_headers.join(";"));
    out.push('\n');
    out.push_str(payload_hash);
    out
}

/// Normalises the raw path (drops empty and `.` segments, resolves `..`, keeps a trailing
/// slash) and URI-encodes each segment.
fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len() + 8);
    out.push('/');
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        uri_encode_into(segment.as_bytes(), &mut out);
    }
    if !segments.is_empty() && path.ends_with('/') {
        out.push('/');
    }
    out
}

/// Decodes each `name=value` pair, re-encodes it strictly and sorts the pairs.
fn canonical_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let mut n = String::new();
            let mut v = String::new();
            uri_encode_into(&percent_decode(name), &mut n);
            uri_encode_into(&percent_decode(value), &mut v);
            (n, v)
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + 16);
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Percent-decodes `%XX` escapes; anything else (including a stray `%`) is kept as is.
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// SigV4 URI encoding: unreserved characters kept, every other byte as `%XX` (uppercase).
fn uri_encode_into(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::fixtures::{headers, EMPTY_SHA256};

    #[test]
    fn canonical_uris_are_normalised_and_encoded() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("//"), "/");
        assert_eq!(canonical_uri("//example//"), "/example/");
        assert_eq!(canonical_uri("/example/.."), "/");
        assert_eq!(canonical_uri("/a b/c"), "/a%20b/c");
        // Already-encoded wire paths are encoded again, as the SDKs do for non-S3 services.
        assert_eq!(canonical_uri("/a%20b"), "/a%2520b");
        assert_eq!(canonical_uri("/~user-_."), "/~user-_.");
    }

    #[test]
    fn canonical_queries_are_decoded_reencoded_and_sorted() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&A=0"), "A=0&a=1&b=2");
        assert_eq!(canonical_query("a=2&a=1"), "a=1&a=2");
        assert_eq!(canonical_query("flag"), "flag=");
        assert_eq!(canonical_query("k=a%20b&j=x y"), "j=x%20y&k=a%20b");
        assert_eq!(canonical_query("k=%2f%"), "k=%2F%25");
        assert_eq!(
            canonical_query("Action=Publish&Message=a%2Bb"),
            "Action=Publish&Message=a%2Bb"
        );
    }

    #[test]
    fn header_values_are_trimmed_collapsed_and_joined() {
        let hs = headers(&[
            ("host", "h"),
            ("My-Header", "  a   b \t c  "),
            ("my-header", "d"),
        ]);
        let req = SignedRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &hs,
            body: b"",
        };
        let canonical = canonical_request(
            &req,
            &["host".to_owned(), "my-header".to_owned()],
            EMPTY_SHA256,
        );
        assert_eq!(
            canonical,
            format!("GET\n/\n\nhost:h\nmy-header:a b c,d\n\nhost;my-header\n{EMPTY_SHA256}")
        );
    }
}
