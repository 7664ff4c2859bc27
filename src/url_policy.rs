//! The one URL policy: every URL tidings acts on is parsed once into a [`Url`] and
//! checked against the rule for where it came from ([`Origin`]). Typed by the user, read
//! from a subscription file, found inside a fetched document, or about to be handed to a
//! browser: each has its own allow-list of schemes, and a document from the public
//! internet may not point tidings at loopback, private or link-local addresses.

use std::fmt::Write as _;
use std::net::IpAddr;

use url::{Host, Url};

/// Where a URL came from, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Typed by the user (`add`, the reader's `a` prompt, `inspect`): http, https, file.
    Typed,
    /// Read from a subscription file (OPML, `urls`): http and https; `file:` only when
    /// the user asked for it (`import --allow-file`).
    Imported { allow_file: bool },
    /// Found in a fetched document (a page's feed links, a redirect, a story's link for
    /// its full text): http and https, or `file:` too when that document was itself a
    /// local file.
    Found { in_local_file: bool },
    /// About to be opened in a browser or another program.
    ToOpen,
}

/// Schemes a browser or opener may be handed, besides http and https: the ones the
/// sanitizer keeps as story links that a desktop opener handles harmlessly.
const OPEN_SCHEMES: &[&str] = &["http", "https", "mailto", "gemini", "gopher", "magnet"];

/// Why a URL may not be used where it was offered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Not an absolute URL at all.
    #[error("'{0}' is not an absolute URL")]
    NotAUrl(String),
    /// A scheme this origin does not allow.
    #[error("{url}: {scheme}: URLs are not allowed {context}")]
    Scheme {
        url: String,
        scheme: String,
        context: &'static str,
    },
    /// A public document pointing at a private address.
    #[error("{url} is a private or local address, named by a document from the internet")]
    PrivateAddress { url: String },
}

impl Origin {
    fn allows(self, scheme: &str) -> bool {
        match self {
            _ if matches!(scheme, "http" | "https") => true,
            Self::Typed
            | Self::Imported { allow_file: true }
            | Self::Found {
                in_local_file: true,
            } => scheme == "file",
            Self::ToOpen => OPEN_SCHEMES.contains(&scheme),
            Self::Imported { allow_file: false }
            | Self::Found {
                in_local_file: false,
            } => false,
        }
    }

    fn context(self) -> &'static str {
        match self {
            Self::Typed => "as a feed address (use http, https or a local file)",
            Self::Imported { .. } => {
                "in a subscription file (http and https only; `--allow-file` permits file:)"
            }
            Self::Found { .. } => "in a document from the network (http and https only)",
            Self::ToOpen => "to open in a program",
        }
    }
}

/// Checks `url` against the scheme rule of `origin`.
pub fn check(url: &Url, origin: Origin) -> Result<(), PolicyError> {
    if origin.allows(url.scheme()) {
        Ok(())
    } else {
        Err(PolicyError::Scheme {
            url: url.to_string(),
            scheme: url.scheme().to_owned(),
            context: origin.context(),
        })
    }
}

/// A link that may be handed to a browser or opener as one argv element: an absolute URL
/// of an allowed scheme, in its serialized form (which never starts with `-`, so no
/// program can read it as an option).
pub(crate) fn for_opening(raw: &str) -> Result<Url, PolicyError> {
    let url = Url::parse(raw.trim()).map_err(|_| PolicyError::NotAUrl(raw.to_owned()))?;
    check(&url, Origin::ToOpen)?;
    if matches!(url.scheme(), "http" | "https") && url.host().is_none() {
        return Err(PolicyError::NotAUrl(raw.to_owned()));
    }
    Ok(url)
}

/// Whether `ip` is an address on the public internet: not loopback, private,
/// link-local, unique-local, unspecified, broadcast, documentation or multicast.
pub(crate) fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                // Shared address space (carrier-grade NAT), 100.64.0.0/10.
                || (a == 100 && (b & 0xc0) == 64)
                // "This network", 0.0.0.0/8.
                || a == 0)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_ip(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local fc00::/7 and link-local fe80::/10.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// Whether `url` names a local or private place by itself: a `file:` URL, `localhost`
/// (or a name under `.localhost`), or an IP address that is not public. Names are not
/// resolved here.
pub(crate) fn names_private_place(url: &Url) -> bool {
    if url.scheme() == "file" {
        return true;
    }
    match url.host() {
        Some(Host::Ipv4(ip)) => !is_public_ip(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => !is_public_ip(IpAddr::V6(ip)),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

/// The canonical form of a feed's address, its identity in the store: what the URL
/// parser already normalizes (scheme and host case, default port, dot segments), plus no
/// trailing dot on the host, percent-escapes of unreserved characters decoded and the
/// others in upper case, and no fragment (which never reaches the server).
pub(crate) fn canonical(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    if let Some(Host::Domain(name)) = url.host()
        && name.ends_with('.')
        && name.len() > 1
    {
        let trimmed = name.trim_end_matches('.').to_owned();
        // Cannot fail: the name was a valid host with one more dot.
        let _ = url.set_host(Some(&trimmed));
    }
    let path = normalize_escapes(url.path());
    url.set_path(&path);
    if let Some(query) = url.query().map(normalize_escapes) {
        url.set_query(Some(&query));
    }
    url
}

/// [`canonical`] of a stored or configured address; one that does not parse is kept as
/// it is (trimmed), so it can still be looked up.
pub(crate) fn canonical_str(raw: &str) -> String {
    let raw = raw.trim();
    // A script feed's address is a command line: its `#` and `%` are the command's.
    if crate::feed::script::is_script(raw) {
        return raw.to_owned();
    }
    Url::parse(raw).map_or_else(|_| raw.to_owned(), |url| canonical(&url).into())
}

/// Percent-escapes of unreserved characters (RFC 3986 §2.3) decoded; others upper-cased.
fn normalize_escapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) => {
                out.push(char::from(byte));
                i += 3;
            }
            Some(byte) => {
                let _ = write!(out, "%{byte:02X}");
                i += 3;
            }
            None => {
                // `text` is a URL's serialized component: ASCII only.
                out.push(char::from(bytes[i]));
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_urls_of_safe_schemes_are_opened() {
        for bad in [
            "--gpu-launcher=touch pwned",
            "-x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,hi",
            "relative/path",
            "vbscript:x",
        ] {
            assert!(for_opening(bad).is_err(), "{bad}");
        }
        let url = for_opening(" https://example.org/a b ").unwrap();
        assert_eq!(url.as_str(), "https://example.org/a%20b");
        assert!(for_opening("mailto:a@example.org").is_ok());
    }

    #[test]
    fn schemes_follow_the_origin() {
        let file = Url::parse("file:///etc/passwd").unwrap();
        assert!(check(&file, Origin::Typed).is_ok());
        assert!(check(&file, Origin::Imported { allow_file: false }).is_err());
        assert!(check(&file, Origin::Imported { allow_file: true }).is_ok());
        assert!(
            check(
                &file,
                Origin::Found {
                    in_local_file: false
                }
            )
            .is_err()
        );
        assert!(
            check(
                &file,
                Origin::Found {
                    in_local_file: true
                }
            )
            .is_ok()
        );
        let web = Url::parse("https://example.org/").unwrap();
        for origin in [
            Origin::Typed,
            Origin::Imported { allow_file: false },
            Origin::Found {
                in_local_file: false,
            },
            Origin::ToOpen,
        ] {
            assert!(check(&web, origin).is_ok());
        }
    }

    #[test]
    fn one_feed_spelled_many_ways_has_one_canonical_form() {
        let expected = "http://example.org/feed?a=%2F";
        for spelling in [
            "http://example.org/feed?a=%2F",
            "HTTP://Example.org:80/feed?a=%2f",
            "http://EXAMPLE.ORG./feed?a=%2F",
            "http://example.org/%66eed?a=%2F#top",
            "http://example.org/./feed?%61=%2F",
        ] {
            assert_eq!(canonical_str(spelling), expected, "{spelling}");
        }
        assert_eq!(canonical_str(" not a url "), "not a url");
        assert_eq!(
            canonical_str("https://example.org:443"),
            "https://example.org/"
        );
    }

    #[test]
    fn private_places_are_recognized_without_resolving() {
        for private in [
            "http://127.0.0.1/",
            "http://10.1.2.3/",
            "http://192.168.0.1/",
            "http://172.16.0.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:8080/",
            "http://LOCALHOST./",
            "http://a.localhost/",
            "http://0.0.0.0/",
            "file:///tmp/x",
        ] {
            assert!(
                names_private_place(&Url::parse(private).unwrap()),
                "{private}"
            );
        }
        for public in [
            "https://example.org/",
            "http://8.8.8.8/",
            "http://[2001:4860::1]/",
        ] {
            assert!(
                !names_private_place(&Url::parse(public).unwrap()),
                "{public}"
            );
        }
    }
}
