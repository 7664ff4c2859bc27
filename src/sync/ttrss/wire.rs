//! The TT-RSS API's JSON, as the server sends it, and its conversion to the sync
//! module's types. Numbers sometimes arrive as strings ("12"), so ids are read leniently.

use chrono::DateTime;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::sync::{Category, Counter, Feed, Headline};

/// Every reply: `{"seq": 0, "status": 0, "content": …}`; status 1 means an error, with
/// `content` `{"error": "LOGIN_ERROR"}`.
#[derive(Debug, Deserialize)]
pub(super) struct Envelope {
    #[serde(deserialize_with = "lenient_i64")]
    pub status: i64,
    #[serde(default)]
    pub content: Value,
}

impl Envelope {
    /// The error code of a failed call (`NOT_LOGGED_IN`, `API_DISABLED`, …).
    pub fn error(&self) -> Option<String> {
        if self.status == 0 {
            return None;
        }
        Some(
            self.content
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("unknown error")
                .to_owned(),
        )
    }
}

/// `login`'s content.
#[derive(Debug, Deserialize)]
pub(super) struct Login {
    pub session_id: String,
    /// Sent since API level 5 or so; older servers need `getApiLevel`.
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub api_level: Option<i64>,
}

/// `getApiLevel`'s content.
#[derive(Debug, Deserialize)]
pub(super) struct ApiLevel {
    #[serde(deserialize_with = "lenient_i64")]
    pub level: i64,
}

#[derive(Debug, Deserialize)]
struct WireCategory {
    #[serde(deserialize_with = "lenient_i64")]
    id: i64,
    #[serde(default)]
    title: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireFeed {
    #[serde(deserialize_with = "lenient_i64")]
    id: i64,
    feed_url: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    cat_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    last_updated: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct WireHeadline {
    #[serde(deserialize_with = "lenient_i64")]
    id: i64,
    #[serde(default, deserialize_with = "lenient_bool")]
    unread: bool,
    #[serde(default, deserialize_with = "lenient_bool")]
    marked: bool,
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    updated: Option<i64>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    link: Option<String>,
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    feed_id: Option<i64>,
    #[serde(default)]
    feed_title: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    content: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireCounter {
    /// A feed id, or a name such as "global-unread".
    id: Value,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    counter: Option<i64>,
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    markedcounter: Option<i64>,
}

/// `subscribeToFeed`'s content: `{"status": {"code": 1, "feed_id": 5}}`.
#[derive(Debug, Deserialize)]
pub(super) struct Subscribed {
    pub status: SubscribeStatus,
}

#[derive(Debug, Deserialize)]
pub(super) struct SubscribeStatus {
    #[serde(deserialize_with = "lenient_i64")]
    pub code: i64,
    #[serde(default, deserialize_with = "lenient_opt_i64")]
    pub feed_id: Option<i64>,
    #[serde(default)]
    pub message: Option<String>,
    /// For code 4: the feeds a page announces, URL to title.
    #[serde(default)]
    pub feeds: Option<Value>,
}

impl SubscribeStatus {
    /// Why the server did not subscribe, for codes other than 0 (already) and 1 (added).
    pub fn reason(&self) -> String {
        match self.code {
            2 => "the address is not valid (TT-RSS refuses local addresses and ports other than 80 and 443)".to_owned(),
            3 => "no feed found at that address".to_owned(),
            4 => {
                let urls: Vec<String> = self
                    .feeds
                    .as_ref()
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                format!("the page announces several feeds; add one of: {}", urls.join(", "))
            }
            5 => format!(
                "it could not download the feed{}",
                self.message
                    .as_deref()
                    .filter(|m| !m.is_empty())
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default()
            ),
            6 => "the feed is not valid XML".to_owned(),
            code => format!("error code {code}"),
        }
    }
}

/// `getCategories`: the real categories (ids above 0), whose titles become tags.
pub(super) fn categories(content: Value) -> serde_json::Result<Vec<Category>> {
    let wire: Vec<WireCategory> = serde_json::from_value(content)?;
    Ok(wire
        .into_iter()
        .filter(|c| c.id > 0)
        .filter_map(|c| {
            let title = c.title?.trim().to_owned();
            (!title.is_empty()).then_some(Category { id: c.id, title })
        })
        .collect())
}

/// `getFeeds` with `cat_id: -3`: every subscription.
pub(super) fn feeds(content: Value) -> serde_json::Result<Vec<Feed>> {
    let wire: Vec<WireFeed> = serde_json::from_value(content)?;
    Ok(wire
        .into_iter()
        .filter(|f| f.id > 0)
        .map(|f| Feed {
            id: f.id,
            url: f.feed_url,
            title: f.title.filter(|t| !t.trim().is_empty()),
            category: f.cat_id.filter(|&c| c > 0),
            last_updated: f
                .last_updated
                .filter(|&t| t > 0)
                .and_then(|t| DateTime::from_timestamp(t, 0)),
        })
        .collect())
}

/// `getHeadlines`.
pub(super) fn headlines(content: Value) -> serde_json::Result<Vec<Headline>> {
    let wire: Vec<WireHeadline> = serde_json::from_value(content)?;
    Ok(wire
        .into_iter()
        .map(|h| Headline {
            id: h.id,
            feed: h.feed_id.filter(|&f| f > 0),
            feed_title: h.feed_title.filter(|t| !t.is_empty()),
            title: h.title.unwrap_or_default(),
            link: h.link.filter(|l| !l.is_empty()),
            author: h.author.filter(|a| !a.is_empty()),
            date: h
                .updated
                .filter(|&t| t > 0)
                .and_then(|t| DateTime::from_timestamp(t, 0)),
            content: h.content.unwrap_or_default(),
            unread: h.unread,
            marked: h.marked,
        })
        .collect())
}

/// `getCounters`: the entries of real feeds only (no `kind`, a positive numeric id);
/// global, virtual-feed, label and category counters are left out.
pub(super) fn counters(content: Value) -> serde_json::Result<Vec<Counter>> {
    let wire: Vec<WireCounter> = serde_json::from_value(content)?;
    Ok(wire
        .into_iter()
        .filter(|c| c.kind.is_none())
        .filter_map(|c| {
            let feed = match &c.id {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            }?;
            (feed > 0).then(|| Counter {
                feed,
                unread: c.counter.unwrap_or(0).max(0) as u64,
                marked: c.markedcounter.unwrap_or(0).max(0) as u64,
            })
        })
        .collect())
}

/// A number, or a number in a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Lenient {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
}

impl Lenient {
    fn to_i64(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            Self::Float(f) => Some(*f as i64),
            Self::Text(s) => s.trim().parse().ok(),
            Self::Bool(b) => Some(i64::from(*b)),
        }
    }
}

fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Lenient::deserialize(d)?
        .to_i64()
        .ok_or_else(|| serde::de::Error::custom("expected a number"))
}

fn lenient_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Lenient>::deserialize(d)?.and_then(|v| v.to_i64()))
}

/// `true`/`false`, or PostgreSQL's "t"/"f", or 1/0.
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Option::<Lenient>::deserialize(d)? {
        Some(Lenient::Bool(b)) => b,
        Some(Lenient::Text(s)) => matches!(s.as_str(), "t" | "true" | "1"),
        Some(other) => other.to_i64().is_some_and(|n| n != 0),
        None => false,
    })
}

#[cfg(test)]
mod tests;
