//! Why fetching a feed failed, worded for the person reading `tidings feeds`: DNS,
//! refused connection, timeout, TLS, HTTP status, size, not a feed, parse position.

use std::error::Error as StdError;
use std::time::Duration;

/// A failed fetch of one feed.
#[derive(Debug, thiserror::Error)]
#[error("fetching {url}: {kind}")]
pub struct Error {
    /// The address that was fetched (the last one, after redirects).
    pub url: String,
    pub kind: ErrorKind,
}

/// What went wrong, without the address.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot resolve host name {host}")]
    Dns { host: String },
    #[error("connection refused by {host}")]
    Refused { host: String },
    #[error("connecting to {host} timed out after {} s", .after.as_secs())]
    ConnectTimeout { host: String, after: Duration },
    #[error("connecting to {host} failed: {reason}")]
    Connect { host: String, reason: String },
    #[error("timed out after {} s", .after.as_secs())]
    Timeout { after: Duration },
    #[error("TLS error: {0}")]
    Tls(String),
    #[error("server returned {status}{}", retry_hint(.retry_after.as_ref()))]
    Status {
        status: reqwest::StatusCode,
        retry_after: Option<Duration>,
    },
    #[error("response is larger than the {} MiB limit", .limit / (1024 * 1024))]
    TooLarge { limit: u64 },
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    #[error("redirected to an unsupported address: {0}")]
    BadRedirect(String),
    #[error("not a feed (content type {content_type})")]
    NotAFeed { content_type: String },
    #[error("parse error at line {line}, column {column}: {message}")]
    ParseAt {
        line: u32,
        column: u32,
        message: String,
    },
    #[error("parse error: {0}")]
    Parse(String),
    #[error("reading the response failed: {0}")]
    Body(String),
    #[error("reading {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is {what}, not a regular file")]
    NotRegularFile { path: String, what: &'static str },
    #[error("unsupported URL scheme '{0}': use http, https or file")]
    Scheme(String),
    #[error(transparent)]
    Policy(#[from] crate::url_policy::PolicyError),
    /// A script feed's command failed (could not start, exited with an error, printed
    /// nothing): what it said on standard error, sanitized and cut short.
    #[error("{0}")]
    Script(String),
    #[error("request failed: {0}")]
    Other(String),
}

fn retry_hint(retry_after: Option<&Duration>) -> String {
    retry_after.map_or_else(String::new, |d| format!(" (retry after {} s)", d.as_secs()))
}

impl ErrorKind {
    /// Attaches the address the error happened at.
    pub fn at(self, url: impl Into<String>) -> Error {
        Error {
            url: url.into(),
            kind: self,
        }
    }

    /// The server's `Retry-After`, for 429 and 503 responses.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Words a reqwest failure for `host`, digging through its causes for the real reason.
    pub(crate) fn from_reqwest(
        err: &reqwest::Error,
        host: &str,
        connect_timeout: Duration,
    ) -> Self {
        let host = host.to_owned();
        let causes = causes(err);
        if err.is_connect() && err.is_timeout() {
            return Self::ConnectTimeout {
                host,
                after: connect_timeout,
            };
        }
        if let Some(kind) = classify_causes(&causes, &host) {
            return kind;
        }
        let reason = causes.last().cloned().unwrap_or_else(|| err.to_string());
        if err.is_connect() {
            Self::Connect { host, reason }
        } else if err.is_body() || err.is_decode() {
            Self::Body(reason)
        } else {
            Self::Other(reason)
        }
    }
}

/// Recognises DNS, refused-connection and TLS failures in a chain of cause messages.
fn classify_causes(causes: &[String], host: &str) -> Option<ErrorKind> {
    let host = host.to_owned();
    let any = |needles: &[&str]| {
        causes.iter().any(|c| {
            let c = c.to_ascii_lowercase();
            needles.iter().any(|n| c.contains(n))
        })
    };
    if any(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "no address associated",
    ]) {
        return Some(ErrorKind::Dns { host });
    }
    if any(&["connection refused"]) {
        return Some(ErrorKind::Refused { host });
    }
    if any(&[
        "certificate",
        "tls",
        "handshake",
        "peer is incompatible",
        "corrupt message",
        "unexpected message",
    ]) {
        let detail = causes.last().cloned().unwrap_or_default();
        return Some(ErrorKind::Tls(detail));
    }
    None
}

/// The messages of an error's causes, outermost first. `io::Error` hides the error it
/// wraps from `source()`, so that one is looked into explicitly.
fn causes(err: &(dyn StdError + 'static)) -> Vec<String> {
    let mut out = Vec::new();
    let mut next: Option<&(dyn StdError + 'static)> = err.source();
    while let Some(e) = next {
        out.push(e.to_string());
        next = match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => {
                out.push(inner.to_string());
                inner.source()
            }
            None => e.source(),
        };
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn dns_refused_and_tls_are_told_apart() {
        let dns = strings(&[
            "client error (Connect)",
            "dns error",
            "failed to lookup address information",
        ]);
        assert!(matches!(
            classify_causes(&dns, "h"),
            Some(ErrorKind::Dns { .. })
        ));
        let refused = strings(&["tcp connect error", "Connection refused (os error 111)"]);
        assert!(matches!(
            classify_causes(&refused, "h"),
            Some(ErrorKind::Refused { .. })
        ));
        let tls = strings(&["invalid peer certificate: UnknownIssuer"]);
        assert!(matches!(
            classify_causes(&tls, "h"),
            Some(ErrorKind::Tls(_))
        ));
        assert!(classify_causes(&strings(&["connection reset"]), "h").is_none());
    }

    #[test]
    fn messages_name_what_failed() {
        let status = ErrorKind::Status {
            status: reqwest::StatusCode::NOT_FOUND,
            retry_after: None,
        };
        assert_eq!(
            status.at("http://x/feed").to_string(),
            "fetching http://x/feed: server returned 404 Not Found"
        );
        let limited = ErrorKind::Status {
            status: reqwest::StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(Duration::from_mins(2)),
        };
        assert_eq!(
            limited.to_string(),
            "server returned 429 Too Many Requests (retry after 120 s)"
        );
        assert_eq!(
            ErrorKind::TooLarge { limit: 10 << 20 }.to_string(),
            "response is larger than the 10 MiB limit"
        );
        let timeout = ErrorKind::Timeout {
            after: Duration::from_secs(30),
        };
        assert_eq!(timeout.to_string(), "timed out after 30 s");
    }
}
