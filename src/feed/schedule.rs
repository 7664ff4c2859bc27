//! When a feed is due: its refresh interval from what the feed and server ask for (RSS
//! `<ttl>`, `sy:updatePeriod`/`sy:updateFrequency`, `Cache-Control: max-age`, `Expires`)
//! within bounds, a per-feed override, and exponential back-off for failing feeds.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Longest `Retry-After` honoured: a server asking for more is probably confused.
const MAX_RETRY_AFTER: Duration = Duration::from_hours(24);
/// How far into a document channel-level `sy:` elements are looked for.
const SYNDICATION_SCAN_LIMIT: usize = 16 * 1024;

/// The configured limits on refresh intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Interval for a feed that says nothing about how often it changes.
    pub default_interval: Duration,
    /// Hints are never followed below this (servers often send `max-age=0`)…
    pub min_interval: Duration,
    /// …nor above this (a `ttl` of a week would hide news for a week).
    pub max_interval: Duration,
    /// Longest wait between attempts at a failing feed.
    pub max_backoff: Duration,
}

/// What the store knows about a feed's fetch history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchHistory {
    /// Last successful fetch (200 or 304).
    pub last_fetched: Option<DateTime<Utc>>,
    /// Consecutive failures since then.
    pub failures: u32,
    /// Earliest next attempt after a failure (back-off or `Retry-After`).
    pub next_fetch: Option<DateTime<Utc>>,
    /// The interval the feed or server asked for at the last fetch.
    pub interval_hint: Option<Duration>,
}

impl Policy {
    /// The interval between fetches: the override if the user set one, else the hint
    /// within bounds, else the default.
    pub fn interval(
        &self,
        hint: Option<Duration>,
        override_interval: Option<Duration>,
    ) -> Duration {
        if let Some(interval) = override_interval {
            return interval;
        }
        hint.map_or(self.default_interval, |h| {
            h.clamp(self.min_interval, self.max_interval)
        })
    }

    /// Whether a feed should be fetched at `now`. A feed due within the next tenth of its
    /// interval (at most 5 minutes) counts as due, so a cron job with the same period as
    /// the feed does not skip every other run because the last fetch ended a bit late.
    pub(crate) fn is_due(
        &self,
        history: &FetchHistory,
        override_interval: Option<Duration>,
        now: DateTime<Utc>,
    ) -> bool {
        let interval = self.interval(history.interval_hint, override_interval);
        let due = if history.failures > 0 {
            history.next_fetch
        } else {
            history.last_fetched.map(|t| later(t, interval))
        };
        let slack = (interval / 10).min(Duration::from_mins(5));
        due.is_none_or(|due| due <= later(now, slack))
    }

    /// When to try again after the `failures`-th consecutive failure: the interval, doubled
    /// for every failure after the first, up to the back-off limit; never before the
    /// server's `Retry-After`.
    pub(crate) fn retry_at(
        &self,
        failures: u32,
        interval: Duration,
        retry_after: Option<Duration>,
        now: DateTime<Utc>,
    ) -> DateTime<Utc> {
        let doublings = failures.saturating_sub(1).min(16);
        let backoff = interval
            .saturating_mul(1 << doublings)
            .min(self.max_backoff.max(interval));
        let wait = retry_after.map_or(backoff, |r| backoff.max(r.min(MAX_RETRY_AFTER)));
        later(now, wait)
    }
}

/// `time + wait`, or the latest representable time when that would overflow: a
/// schedule far in the future must not panic (config values are bounded, stored hints
/// need not be).
pub fn later(time: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
    chrono::TimeDelta::from_std(wait)
        .ok()
        .and_then(|delta| time.checked_add_signed(delta))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The interval a fetched feed asks for: the longest of its hints, so we are never less
/// polite than any of them asks. `None` when it gives no hint.
pub(crate) fn combine_hints(hints: &[Option<Duration>]) -> Option<Duration> {
    hints.iter().flatten().copied().max()
}

/// RSS `<ttl>` minutes as a duration; zero means no hint.
pub(crate) fn ttl(minutes: Option<u32>) -> Option<Duration> {
    minutes
        .filter(|&m| m > 0)
        .map(|m| Duration::from_secs(u64::from(m) * 60))
}

/// The freshness lifetime a response grants: `Cache-Control: max-age` (or `s-maxage`),
/// else `Expires` minus `Date` (or minus `now` without a `Date`).
pub(crate) fn http_freshness(
    cache_control: Option<&str>,
    expires: Option<&str>,
    date: Option<&str>,
    now: DateTime<Utc>,
) -> Option<Duration> {
    if let Some(max_age) = cache_control.and_then(max_age) {
        return Some(max_age);
    }
    let expires = parse_http_date(expires?)?;
    let base = date.and_then(parse_http_date).unwrap_or(now);
    Some((expires - base).to_std().unwrap_or(Duration::ZERO))
}

fn max_age(cache_control: &str) -> Option<Duration> {
    cache_control.split(',').find_map(|directive| {
        let (name, value) = directive.split_once('=')?;
        let name = name.trim();
        (name.eq_ignore_ascii_case("max-age") || name.eq_ignore_ascii_case("s-maxage"))
            .then(|| value.trim().trim_matches('"').parse::<u64>().ok())
            .flatten()
            .map(Duration::from_secs)
    })
}

/// `Retry-After` as a delay: delta-seconds or an HTTP date.
pub(crate) fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// An HTTP date (IMF-fixdate, which RFC 2822 parsing covers).
fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// The RSS syndication module's `updatePeriod` / `updateFrequency` as an interval, read
/// from the head of the document (they are channel-level, before the items).
pub(crate) fn syndication_interval(document: &[u8]) -> Option<Duration> {
    let head = &document[..document.len().min(SYNDICATION_SCAN_LIMIT)];
    let head = String::from_utf8_lossy(head);
    let period = element_text(&head, "updatePeriod")?;
    let seconds: u64 = match period.to_ascii_lowercase().as_str() {
        "hourly" => 3600,
        "daily" => 86_400,
        "weekly" => 7 * 86_400,
        "monthly" => 30 * 86_400,
        "yearly" => 365 * 86_400,
        _ => return None,
    };
    let frequency = element_text(&head, "updateFrequency")
        .and_then(|f| f.parse::<u64>().ok())
        .filter(|&f| f > 0)
        .unwrap_or(1);
    Some(Duration::from_secs(seconds / frequency))
}

/// Text of the first `<prefix:name>` element, whatever the namespace prefix.
fn element_text<'a>(text: &'a str, local_name: &str) -> Option<&'a str> {
    let open = format!("{local_name}>");
    let start = text.find(&open)? + open.len();
    let end = start + text[start..].find('<')?;
    Some(text[start..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_mins(1);

    fn policy() -> Policy {
        Policy {
            default_interval: 30 * MIN,
            min_interval: 10 * MIN,
            max_interval: 12 * 60 * MIN,
            max_backoff: 24 * 60 * MIN,
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-05-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn huge_intervals_saturate_instead_of_panicking() {
        let huge = Duration::from_secs(u64::MAX);
        assert_eq!(later(now(), huge), DateTime::<Utc>::MAX_UTC);
        let policy = Policy {
            max_backoff: huge,
            ..policy()
        };
        assert_eq!(
            policy.retry_at(40, huge, None, now()),
            DateTime::<Utc>::MAX_UTC
        );
        let fetched = FetchHistory {
            last_fetched: Some(now()),
            ..FetchHistory::default()
        };
        assert!(!policy.is_due(&fetched, Some(huge), now()));
    }

    #[test]
    fn hints_are_clamped_and_override_wins() {
        let p = policy();
        assert_eq!(p.interval(None, None), 30 * MIN);
        assert_eq!(p.interval(Some(Duration::ZERO), None), 10 * MIN);
        assert_eq!(p.interval(Some(7 * 24 * 60 * MIN), None), 12 * 60 * MIN);
        assert_eq!(p.interval(Some(60 * MIN), Some(5 * MIN)), 5 * MIN);
    }

    #[test]
    fn never_fetched_feed_is_due_and_fresh_one_is_not() {
        let p = policy();
        assert!(p.is_due(&FetchHistory::default(), None, now()));
        let fresh = FetchHistory {
            last_fetched: Some(now() - 10 * MIN),
            ..Default::default()
        };
        assert!(!p.is_due(&fresh, None, now()));
        assert!(
            p.is_due(&fresh, Some(5 * MIN), now()),
            "override applies at once"
        );
    }

    #[test]
    fn almost_due_counts_as_due() {
        let p = policy();
        let history = FetchHistory {
            last_fetched: Some(now() - 28 * MIN),
            ..Default::default()
        };
        assert!(p.is_due(&history, None, now()));
    }

    #[test]
    fn failing_feed_waits_for_its_backoff() {
        let p = policy();
        let history = FetchHistory {
            last_fetched: Some(now() - 120 * MIN),
            failures: 2,
            next_fetch: Some(now() + 30 * MIN),
            interval_hint: None,
        };
        assert!(!p.is_due(&history, None, now()));
    }

    #[test]
    fn backoff_doubles_up_to_the_limit_and_respects_retry_after() {
        let p = policy();
        let at = |failures, retry| {
            (p.retry_at(failures, 30 * MIN, retry, now()) - now())
                .to_std()
                .unwrap()
        };
        assert_eq!(at(1, None), 30 * MIN);
        assert_eq!(at(2, None), 60 * MIN);
        assert_eq!(at(3, None), 120 * MIN);
        assert_eq!(at(40, None), 24 * 60 * MIN);
        assert_eq!(at(1, Some(3 * 60 * MIN)), 3 * 60 * MIN);
        assert_eq!(at(1, Some(Duration::from_hours(240))), MAX_RETRY_AFTER);
    }

    #[test]
    fn cache_headers_give_freshness() {
        let n = now();
        assert_eq!(
            http_freshness(Some("public, max-age=3600"), None, None, n),
            Some(60 * MIN)
        );
        let expires = "Fri, 01 May 2026 14:00:00 GMT";
        let date = "Fri, 01 May 2026 13:00:00 GMT";
        assert_eq!(
            http_freshness(None, Some(expires), Some(date), n),
            Some(60 * MIN)
        );
        assert_eq!(
            http_freshness(None, Some(expires), None, n),
            Some(120 * MIN)
        );
        assert_eq!(http_freshness(None, Some("0"), None, n), None);
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(retry_after("120", now()), Some(2 * MIN));
        assert_eq!(
            retry_after("Fri, 01 May 2026 12:30:00 GMT", now()),
            Some(30 * MIN)
        );
        assert_eq!(retry_after("soon", now()), None);
    }

    #[test]
    fn syndication_module_sets_the_interval() {
        let rss = br#"<rss xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
            <sy:updatePeriod> hourly </sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>"#;
        assert_eq!(syndication_interval(rss), Some(30 * MIN));
        assert_eq!(
            syndication_interval(b"<sy:updatePeriod>daily</sy:updatePeriod>"),
            Some(24 * 60 * MIN)
        );
        assert_eq!(syndication_interval(b"<rss><channel>"), None);
    }

    #[test]
    fn the_longest_hint_wins() {
        assert_eq!(
            combine_hints(&[Some(MIN), None, Some(5 * MIN)]),
            Some(5 * MIN)
        );
        assert_eq!(combine_hints(&[None, None]), None);
        assert_eq!(ttl(Some(0)), None);
        assert_eq!(ttl(Some(60)), Some(60 * MIN));
    }
}
