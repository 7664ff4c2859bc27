//! The `[refresh]` section: how feeds are fetched (concurrency, timeouts, size cap, proxy)
//! and scheduled (intervals and back-off), checked into a [`Refresh`].

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::{Error, Retention, checks};

/// How feeds are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refresh {
    pub jobs: usize,
    /// Story pages fetched at once by refresh's page phase (full-text feeds).
    pub page_jobs: usize,
    pub per_host: usize,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_body_bytes: u64,
    /// Refresh interval of a feed that gives no hint (`ttl`, `sy:updatePeriod`, `max-age`).
    pub default_interval: Duration,
    /// Bounds within which such hints are followed.
    pub min_interval: Duration,
    pub max_interval: Duration,
    /// Longest wait between attempts at a failing feed.
    pub max_backoff: Duration,
    /// Per-feed intervals by feed URL (in canonical form), overriding hints and bounds.
    pub intervals: BTreeMap<String, Duration>,
    /// Send every request through this HTTP proxy instead of the environment's.
    pub proxy: Option<url::Url>,
    /// Applied to each new story as it is stored (`[[rule]]`), by a refresh or a sync.
    pub rules: Vec<crate::query::Rule>,
    /// Old stories deleted after each refresh (`[retention]`); off by default.
    pub retention: Retention,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawRefresh {
    pub(super) jobs: usize,
    pub(super) page_jobs: usize,
    pub(super) per_host: usize,
    pub(super) connect_timeout_secs: u64,
    pub(super) timeout_secs: u64,
    pub(super) max_body_mib: u64,
    pub(super) default_interval_mins: u64,
    pub(super) min_interval_mins: u64,
    pub(super) max_interval_mins: u64,
    pub(super) max_backoff_mins: u64,
    pub(super) intervals: BTreeMap<String, u64>,
    pub(super) proxy: String,
}

impl Default for RawRefresh {
    fn default() -> Self {
        Self {
            jobs: 64,
            page_jobs: 16,
            per_host: 2,
            connect_timeout_secs: 10,
            timeout_secs: 30,
            max_body_mib: 10,
            default_interval_mins: 30,
            min_interval_mins: 10,
            max_interval_mins: 12 * 60,
            max_backoff_mins: 24 * 60,
            intervals: BTreeMap::new(),
            proxy: String::new(),
        }
    }
}

/// The `[refresh]` section, checked; its rules and retention are filled in by the caller.
pub(super) fn validate(raw: &RawRefresh, path: &Path) -> Result<Refresh, Error> {
    let invalid = |message: &str| Error::Invalid {
        path: path.to_path_buf(),
        message: message.to_owned(),
    };
    checks::check_counts(raw, path)?;
    if raw.connect_timeout_secs == 0 || raw.timeout_secs == 0 {
        return Err(invalid("refresh timeouts must be at least 1 second"));
    }
    if raw.max_body_mib == 0 {
        return Err(invalid("refresh.max_body_mib must be at least 1"));
    }
    if raw.min_interval_mins == 0 || raw.min_interval_mins > raw.max_interval_mins {
        return Err(invalid(
            "refresh.min_interval_mins must be at least 1 and at most max_interval_mins",
        ));
    }
    if raw.default_interval_mins == 0
        || raw.max_backoff_mins == 0
        || raw.intervals.values().any(|&m| m == 0)
    {
        return Err(invalid("refresh intervals must be at least 1 minute"));
    }
    checks::check_minutes(raw, path)?;
    let minutes = |m: u64| Duration::from_secs(m.saturating_mul(60));
    Ok(Refresh {
        jobs: raw.jobs,
        page_jobs: raw.page_jobs,
        per_host: raw.per_host,
        connect_timeout: Duration::from_secs(raw.connect_timeout_secs),
        timeout: Duration::from_secs(raw.timeout_secs),
        max_body_bytes: raw.max_body_mib.saturating_mul(1024 * 1024),
        default_interval: minutes(raw.default_interval_mins),
        min_interval: minutes(raw.min_interval_mins),
        max_interval: minutes(raw.max_interval_mins),
        max_backoff: minutes(raw.max_backoff_mins),
        intervals: raw
            .intervals
            .iter()
            .map(|(url, &m)| (crate::url_policy::canonical_str(url), minutes(m)))
            .collect(),
        proxy: validate_proxy(&raw.proxy).map_err(invalid)?,
        rules: Vec::new(),
        retention: Retention::default(),
    })
}

/// `refresh.proxy`: empty for none, else an http or https proxy's address.
fn validate_proxy(raw: &str) -> Result<Option<url::Url>, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(Some(url))
        }
        _ => Err("refresh.proxy must be an http:// or https:// address, or empty"),
    }
}
