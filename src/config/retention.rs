//! `[retention]`: how long stories are kept and how many per feed, with per-feed
//! overrides. Off by default; starred and tagged stories are always kept.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::Error;

/// How many stories to keep; `None` in a field means no limit of that kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// Delete stories older than this.
    pub max_age: Option<Duration>,
    /// Keep at most this many stories per feed (the newest).
    pub max_per_feed: Option<u64>,
}

impl Keep {
    /// Whether this keeps everything.
    pub(crate) fn is_off(&self) -> bool {
        self.max_age.is_none() && self.max_per_feed.is_none()
    }
}

/// The retention policy: a default and overrides by feed URL (canonical form).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Retention {
    pub default: Keep,
    pub feeds: BTreeMap<String, Keep>,
}

impl Retention {
    /// Whether no feed loses anything.
    pub(crate) fn is_off(&self) -> bool {
        self.default.is_off() && self.feeds.values().all(Keep::is_off)
    }

    /// The policy for the feed at `url`.
    pub(crate) fn for_feed(&self, url: &str) -> Keep {
        self.feeds.get(url).copied().unwrap_or(self.default)
    }
}

/// `[retention]` as written; 0 means no limit.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawRetention {
    keep_days: u64,
    max_per_feed: u64,
    feeds: BTreeMap<String, RawKeep>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawKeep {
    keep_days: u64,
    max_per_feed: u64,
}

/// Longest `keep_days` accepted: a hundred years.
const MAX_DAYS: u64 = 36_500;

pub(super) fn validate(raw: &RawRetention, path: &Path) -> Result<Retention, Error> {
    let keep = |days: u64, per_feed: u64, key: &str| {
        if days > MAX_DAYS {
            return Err(Error::Invalid {
                path: path.to_path_buf(),
                message: format!("{key}.keep_days must be at most {MAX_DAYS}"),
            });
        }
        Ok(Keep {
            max_age: (days > 0).then(|| Duration::from_secs(days * 86_400)),
            max_per_feed: (per_feed > 0).then_some(per_feed),
        })
    };
    let mut feeds = BTreeMap::new();
    for (url, k) in &raw.feeds {
        let key = format!("retention.feeds.\"{url}\"");
        feeds.insert(
            crate::url_policy::canonical_str(url),
            keep(k.keep_days, k.max_per_feed, &key)?,
        );
    }
    Ok(Retention {
        default: keep(raw.keep_days, raw.max_per_feed, "retention")?,
        feeds,
    })
}
